"""The receiving agency's person typed by name on a transfer is the seated person of that name (found walking the
app: canbo typed «Đỗ Minh Châu» for the VKS, a second seatless «Đỗ Minh Châu» was created, and the procurator who
accepted the record was told «chỉ ký được ô chữ ký của chính mình» at his own slot)."""

from sqlalchemy import select

from evidence_store.db.models import Handover, Signature
from evidence_store.services import acceptance, handovers, transfer
from evidence_store.services.commands import PersonInput, SignOnScreen, TransferResponsibility
from evidence_store.services.context import UnitOfWork

from .builders import phone, receive
from .lifecycle_builders import doc, milestone
from .permission_scenarios import SYSTEM

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf"
                    "c0f01f0005000201ffa6e2b50000000049454e44ae426082")


def _offer(db, w, receiver: PersonInput) -> str:
    case_id = receive(db, SYSTEM, [phone()], case_number="91/2026/CSHS").case_id
    milestone(db, case_id, "opening", "case_opening", "91/QĐ-KTVA", w.agencies["pc02"])
    cmd = TransferResponsibility(doc("investigation_conclusion", "91/KLĐT", w.agencies["pc02"]), w.agencies["vks"],
                                 case_id=case_id, receiver=receiver)
    with UnitOfWork(db, SYSTEM) as uow:
        return transfer.transfer_responsibility(uow, cmd).handover_number


def _receiver_slot(db, number) -> Signature:
    with db.session() as s:
        return s.scalars(select(Signature).join(Handover, Handover.id == Signature.handover_id)
                         .where(Handover.number == number, Signature.role == "receiver")).one()


def test_the_procurator_typed_by_name_accepts_and_signs_his_own_slot(world):
    db, w = world
    number = _offer(db, w, PersonInput(full_name="Đỗ Minh Châu", agency_id=w.agencies["vks"]))
    slot = _receiver_slot(db, number)
    assert slot.person_id == w.persons["kiemsatvien"]
    with UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
        acceptance.accept_handover(uow, number)
    with UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
        handovers.sign_on_screen(uow, SignOnScreen(number, slot.id, PNG))
    assert _receiver_slot(db, number).status == "signed_screen"


def test_a_namesake_with_another_card_is_another_person(world):
    db, w = world
    number = _offer(db, w, PersonInput(full_name="Đỗ Minh Châu", agency_id=w.agencies["vks"], id_number="001099000111"))
    assert _receiver_slot(db, number).person_id != w.persons["kiemsatvien"]
