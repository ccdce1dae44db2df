"""The demo's NQ 164/2024/QH15 pilot case (LEGAL-RULES R36): one case still in proceedings is flagged as under
the pilot with its reference, and the decision of the body handling it applies one or two measures through the
services: transactions on a vehicle suspended (it stays, with its restriction) and seized cash paid into the holding
account at the treasury. Done last, dated on the demo's latest moment, so each item's history stays in ledger order.
A demo with no such case (a few items) has no pilot case."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..db.models import Case, Handover, HandoverLine, Item
from ..domain.pilot import PILOT_FROM
from ..services import custody, milestones, pilot
from ..services.commands import DepositItems, DocumentInput, PersonInput
from ..services.context import UnitOfWork
from . import vocab

VEHICLES = ("car", "motorbike")
MONEY = ("cash_vnd", "foreign_cash")
REFERENCE = "Thông báo số {n}/TB-BCĐTW của Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, lãng phí, tiêu cực"


def pilot_case(g) -> int | None:
    """Flag one case and apply its measures; returns the case id (None when the demo has no fitting case)."""
    day = (g.latest + timedelta(hours=7)).date()  # the act's local day
    if day < PILOT_FROM:
        return None
    chosen = _choose(g)
    if chosen is None:
        return None
    case_id, unit, items = chosen
    with UnitOfWork(g.db, g.officer) as uow:
        milestones.set_pilot(uow, case_id, True, REFERENCE.format(n=g.next("pilot_ref")))

    def decision():
        return DocumentInput("pilot_decision", f"{g.next('pilot_decision')}/QĐ-ADBP-{unit.upper()}", day,
                             g.w.agencies[unit], vocab.person_name(g.rng), "Thủ trưởng")
    vehicle = next((code for code, cat in items if cat in VEHICLES), None)
    cash = next((code for code, cat in items if cat in MONEY), None)
    if vehicle:
        g.call(g.clerk, pilot.suspend_transactions, pilot.SuspendTransactions(
            (vehicle,), decision(), "Phòng Cảnh sát giao thông Công an thành phố Hà Nội", occurred_at=g.latest))
    if cash:
        khobac = g.w.agencies["khobac"]
        receiver = vocab.gendered(PersonInput(full_name=vocab.person_name(g.rng), position="Cán bộ Kho bạc",
                                              agency_id=khobac, id_number=vocab.id_number(g.rng),
                                              letter_number=f"{g.next('ggt_kb')}/GGT-KBNN"))
        g.call_out(g.clerk, custody.deposit_items, DepositItems(
            (cash,), khobac, decision(), receiver=receiver, account="3949.0.1055999 (tài khoản tạm giữ)",
            occurred_at=g.latest, place="Kho bạc Nhà nước khu vực I",
            seal_states={cash: "intact"}))  # the clerk looked at the package's seal as it was handed over
    return case_id


def _choose(g):
    """A case in proceedings (no judgment in effect) with a vehicle or cash in storage (both if one has both; the first by id),
    no disposal under way."""
    with UnitOfWork(g.db, write=False) as uow:
        s = uow.session
        busy = select(HandoverLine.item_id).join(Handover, Handover.id == HandoverLine.handover_id).where(
            Handover.kind == "disposal", Handover.status == "draft")
        rows = s.execute(select(Item.case_id, Item.code, Item.category).join(Case, Case.id == Item.case_id).where(
            Case.stage.in_(("investigation", "prosecution", "trial")), Case.judgment_effective_on.is_(None),
            Item.state == "in_storage", Item.category.in_(VEHICLES + MONEY),
            Item.id.not_in(busy)).order_by(Item.case_id, Item.id)).all()
        if not rows:
            return None
        kinds: dict[int, set] = {}
        for cid, _code, cat in rows:
            kinds.setdefault(cid, set()).add("vehicle" if cat in VEHICLES else "money")
        case_id = min(kinds, key=lambda cid: (-len(kinds[cid]), cid))  # both measures when a case allows them
        case = s.get(Case, case_id)
        from ..db.models import Agency
        # the body handling the case at its stage decides (the competence table's pilot row)
        unit = {"prosecution": "vks", "trial": "ta"}.get(case.stage)
        if unit is None:
            agency = s.get(Agency, case.handling_agency_id) if case.handling_agency_id else None
            unit = next((k for k, v in g.w.agencies.items() if agency is not None and v == agency.id), "pc02")
            unit = unit if unit in ("pc02", "pc03", "pc04") else "pc02"
        return case_id, unit, [(code, cat) for cid, code, cat in rows if cid == case_id]
