"""Issue #11 (Điều 106.3.a BLTTHS; BLDS Điều 138): a return to someone other than the recorded owner rests on a giấy
ủy quyền that acts for that owner — one recorded owner, who signs it when a signer is given, dated on or before the
return — and the return record says so in a sentence: who receives, for which owner, on which paper of which date.
Each refusal leaves nothing behind. Both engines; the printed sentence is compared with the database."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from evidence_store.db.models import Handover
from evidence_store.domain.errors import DomainError
from evidence_store.error_texts import message
from evidence_store.services import printing as record_printing
from evidence_store.services.commands import DocumentInput, NewItem, PersonInput, ProposeDisposal
from evidence_store.services.disposal import propose_disposal

from ..unit.printing_helpers import text as pdf_text
from .builders import receive
from .lifecycle_builders import PAST, TODAY, doc, ledger_head, read, run

OWNER, OWNER_ID = "Nguyễn Văn Nam", "001090012345"
CAR = NewItem("car", "Ô tô Toyota Vios BKS 30A-123.45", 1, "chiếc", attributes={"plate": "30A-123.45"},
              owner_name=OWNER, owner_id_number=OWNER_ID)
BIKE = NewItem("motorbike", "Xe mô tô Honda Vision BKS 29B1-555.66", 1, "chiếc", attributes={"plate": "29B1-555.66"},
               owner_name=OWNER, owner_id_number=OWNER_ID)
NO_OWNER = NewItem("phone", "Điện thoại di động Nokia 105", 1, "chiếc", sealed=True, seal_state="intact", seal_number="NP-0301")
OTHER_OWNER = NewItem("phone", "Điện thoại di động Oppo Reno 8", 1, "chiếc", sealed=True, seal_state="intact", seal_number="NP-0302",
                      owner_name="Lê Thị Hạnh", owner_id_number="001195000222")
PROXY = PersonInput(full_name="Trần Thị Lạ", id_number="001199000111", address="Phường Láng, Hà Nội", gender="female")


def _refused(db, fn) -> DomainError:
    before = ledger_head(db)
    with pytest.raises(DomainError) as exc:
        fn()
    assert ledger_head(db) == before  # nothing recorded
    return exc.value


def _auth(number="12/GUQ", day=PAST, signer=""):
    return DocumentInput("authorisation", number, day, signer_name=signer)


def test_a_return_on_an_authorisation_names_the_owner_it_acts_for(world, clerk):
    db, w = world
    ch = receive(db, clerk, [CAR, BIKE, NO_OWNER, OTHER_OWNER], case_number="UQ-1/2026")
    car, bike, no_owner, other = ch.item_codes
    decision = doc("disposal_decision", "UQ1/QĐ-XLVC", w.agencies["pc02"])

    def propose(codes, recipient=PROXY, auth=None):
        return run(db, clerk, propose_disposal, ProposeDisposal(tuple(codes), "returned", decision,
                                                               recipient=recipient, authorisation=auth,
                                                               receipt="Đã nhận đủ"))

    # refusals, each naming what is wrong
    err = _refused(db, lambda: propose([car]))
    assert err.code == "return_not_owner"
    err = _refused(db, lambda: propose([no_owner], auth=_auth("13/GUQ")))
    assert err.code == "authorisation_without_owner" and "13/GUQ" in message(err)
    err = _refused(db, lambda: propose([car, other], auth=_auth("14/GUQ")))
    assert err.code == "authorisation_several_owners" and "Lê Thị Hạnh" in message(err) and OWNER in message(err)
    err = _refused(db, lambda: propose([car], auth=_auth("15/GUQ", signer="Phạm Văn Khác")))
    assert err.code == "authorisation_not_from_owner" and "Phạm Văn Khác" in message(err)
    err = _refused(db, lambda: propose([car], recipient=PersonInput(full_name=OWNER, id_number=OWNER_ID),
                                       auth=_auth("16/GUQ")))
    assert err.code == "authorisation_for_the_owner_himself"
    err = _refused(db, lambda: propose([car], auth=_auth("17/GUQ", day=TODAY + timedelta(days=2))))
    assert err.code in ("act_before_basis", "document_date_future")
    err = _refused(db, lambda: propose([car], auth=_auth("18/GUQ", day=None)))
    assert err.code == "document_date_required"  # an undated paper is no basis

    # accepted: the owner's two vehicles to the person he authorised, signed by him
    out = propose([car, bike], auth=_auth("12/GUQ", signer=OWNER))
    with db.session(write=False) as s:
        details = json.loads(s.scalars(select(Handover.details).where(Handover.number == out.handover_number)).one())
    assert (details["authorisation"], details["authorisation_on"], details["authorisation_for"],
            details["authorisation_for_id"]) == ("12/GUQ", PAST.isoformat(), OWNER, OWNER_ID)
    words = " ".join(pdf_text(read(db, clerk, record_printing.handover_pdf, out.handover_number)).split())
    assert (f"Trần Thị Lạ nhận thay chủ sở hữu {OWNER}, căn cước số {OWNER_ID} theo Giấy ủy quyền số 12/GUQ "
            f"ngày {PAST:%d/%m/%Y}.") in words
    assert "Trả lại cho Trần Thị Lạ, căn cước số 001199000111" in words


def test_a_return_to_a_recipient_without_an_identity_paper_number_is_refused(world, clerk):
    """LEGAL-RULES R11 (Điều 106.3.a BLTTHS): the one who takes the item back is identified — the owner himself
    named without the number of his identity paper is refused at the recipient, nothing recorded; with it, returned."""
    from .lifecycle_builders import item_row
    db, w = world
    code = receive(db, clerk, [CAR], case_number="UQ-3/2026").item_codes[0]
    decision = doc("disposal_decision", "UQ3/QĐ-XLVC", w.agencies["pc02"])

    def propose(recipient):
        return run(db, clerk, propose_disposal, ProposeDisposal((code,), "returned", decision, recipient=recipient,
                                                               receipt="Đã nhận đủ"))

    err = _refused(db, lambda: propose(PersonInput(full_name=OWNER, id_number="")))
    assert (err.code, err.params.get("field")) == ("recipient_identity_required", "recipient")
    assert message(err) == "Cần ghi số giấy tờ tùy thân của người nhận lại tài sản"
    assert item_row(db, code)["state"] == "in_storage"
    assert propose(PersonInput(full_name=OWNER, id_number=OWNER_ID)).handover_number
