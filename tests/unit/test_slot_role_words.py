"""Messages about a signature slot name it as the record does («Bên nhận»), never by its stored key («receiver»):
seen walking the app, «Tài khoản kiemsatvien chỉ ký được ô chữ ký của chính mình (ô «receiver»)»."""

from evidence_store.domain.errors import PermissionDenied, TransitionRefused, ValidationError
from evidence_store.error_texts import message
from evidence_store.services import handovers, signers  # noqa: F401  (they register their messages)


def test_slot_messages_name_the_slot_in_words():
    text = message(PermissionDenied("not_your_slot", action="sign_handover", user="kiemsatvien", role="receiver"))
    assert "«Bên nhận»" in text and "receiver" not in text, text
    assert "«Thủ kho»" in message(TransitionRefused("slot_not_signed_yet", role="keeper"))
    assert "«Người chứng kiến»" in message(ValidationError("signer_already_on_record", name="A", role="witness"))


def test_an_unknown_account_role_is_shown_as_typed():
    assert "superuser" in message(ValidationError("unknown_role", field="roles", role="superuser"))
