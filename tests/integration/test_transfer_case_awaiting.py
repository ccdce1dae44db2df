"""A whole case handed to the VKS while some of its announced items have not reached the warehouse yet: the
refusal names those items and says what to do (found walking the app: «Cả vụ án … (mọi vật chứng còn giữ)» was
refused with «… khi vật chứng đang ở trạng thái «Chờ nhập kho»» and no item named)."""

import pytest

from evidence_store.domain.errors import ValidationError
from evidence_store.error_texts import message
from evidence_store.services import announce, transfer
from evidence_store.services.commands import CaseInput, PersonInput, ReceiveItems, TransferResponsibility
from evidence_store.services.context import UnitOfWork

from .builders import deliverer, intake_order, phone, seizure_record
from .lifecycle_builders import doc, milestone
from .permission_scenarios import SYSTEM


def _announced_case(db, w):
    case = CaseInput("77/2026/CSHS", handling_agency_id=w.agencies["pc02"], officer_id=w.persons["canbo"])
    cmd = ReceiveItems(intake_order("77/LNK-PC02"), (phone(), phone(name="Điện thoại Samsung A54")),
                       PersonInput(full_name="Lê Văn Cường"), new_case=case,
                       seizure_record=seizure_record())
    with UnitOfWork(db, SYSTEM) as uow:
        codes = announce.announce_items(uow, cmd).item_codes
    with UnitOfWork(db, SYSTEM) as uow:
        changes = announce.receive_announced(uow, announce.ReceiveAnnounced(codes[:1], deliverer(full_name="A"),
                                                                              seal_states={codes[0]: "intact"}))
    return changes.case_id, codes


def _to_vks(w, case_id, codes=()):
    return TransferResponsibility(doc("investigation_conclusion", "77/KLĐT", w.agencies["pc02"]), w.agencies["vks"],
                                  case_id=case_id, codes=tuple(codes), receiver=PersonInput(id=w.persons["kiemsatvien"]))


def test_a_whole_case_with_items_still_awaited_is_refused_naming_them(world):
    db, w = world
    case_id, (received, awaited) = _announced_case(db, w)
    milestone(db, case_id, "opening", "case_opening", "77/QĐ-KTVA", w.agencies["pc02"])
    with pytest.raises(ValidationError) as refused, UnitOfWork(db, SYSTEM) as uow:
        transfer.transfer_responsibility(uow, _to_vks(w, case_id))
    assert refused.value.code == "case_items_awaiting_intake"
    text = message(refused.value)
    from evidence_store.printing.labels import display_code
    assert display_code(awaited) in text and display_code(received) not in text, text
    assert "chờ nhập kho" in text
    with UnitOfWork(db, SYSTEM) as uow:  # the item that arrived passes on its own
        assert transfer.transfer_responsibility(uow, _to_vks(w, case_id, [received])).handover_number


def test_an_officer_whose_case_has_left_is_told_so_before_anything_about_its_items(world):
    from evidence_store.domain.errors import PermissionDenied
    from evidence_store.services.acceptance import accept_handover
    db, w = world
    case_id, (received, _awaited) = _announced_case(db, w)
    milestone(db, case_id, "opening", "case_opening", "77/QĐ-KTVA", w.agencies["pc02"])
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        offer = transfer.transfer_responsibility(uow, _to_vks(w, case_id, [received]))
    with UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
        accept_handover(uow, offer.handover_number)
    with pytest.raises(PermissionDenied) as refused, UnitOfWork(db, w.actor(db, "canbo")) as uow:
        transfer.transfer_responsibility(uow, _to_vks(w, case_id))
    assert refused.value.code == "case_read_only"
