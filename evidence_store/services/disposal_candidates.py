"""Danh sách vật chứng đủ điều kiện đề xuất xử lý: the held items whose case now allows a disposal (a judgment
in force, a decision to drop the case, an enforcement decision — BLTTHS Điều 106; Luật THADS Điều 124–126),
in the order a clerk walks the shelves, printed with a barcode per item so the proposal is made by scanning the
printed list (HANDS-ON 50). Items already in a proposal waiting for approval are left out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..db.models import Case, Handover, HandoverLine, Item, Location
from ..domain.permissions import require
from ..domain.states import HELD_STATES
from ..formatting import now_in_zone
from . import queries
from .milestones import case_authority
from .printing_data import load_print_settings, warehouse


# a return to the owner or the sale of a perishable item is possible while the case goes on (Điều 106.2, 106.3)
# and is decided item by item; the list is of the cases that are over: confiscation or destruction allowed
FINAL_OUTCOMES = {"confiscated", "destroyed"}


@dataclass(frozen=True)
class CandidateRow:
    code: str
    name: str
    category: str
    quantity: float
    unit: str
    state: str
    case_number: str
    case_title: str
    location_code: str
    location_name: str
    outcomes: tuple[str, ...]  # the disposal outcomes the case allows now


@dataclass(frozen=True)
class CandidateList:
    warehouse: str
    made_on: date
    rows: tuple[CandidateRow, ...]


def disposal_candidates(uow, limit: int = 5000) -> CandidateList:
    require(uow.actor, "record_disposal")
    s = uow.session
    pending = (select(HandoverLine.item_id).join(Handover, Handover.id == HandoverLine.handover_id)
               .where(Handover.kind == "disposal", Handover.approval == "pending"))
    stmt = (select(Item.code, Item.name, Item.category, Item.quantity, Item.unit, Item.state, Item.case_id,
                   Case.number, Case.title, Location.code, Location.name)
            .join(Case, Case.id == Item.case_id).outerjoin(Location, Location.id == Item.location_id)
            .where(Item.state.in_([st.value for st in HELD_STATES]), Item.id.not_in(pending)))
    own = queries._visible_case_filter(uow)  # an agency's users see the cases in their scope only
    if own is not None:
        stmt = stmt.where(own)
    allowed: dict[int, tuple[str, ...]] = {}
    rows = []
    for r in s.execute(stmt):
        if r.case_id not in allowed:
            authority = case_authority(uow, r.case_id)
            allowed[r.case_id] = tuple(k for k, reason in authority.disposal.items() if not reason)
        if FINAL_OUTCOMES & set(allowed[r.case_id]):
            rows.append(CandidateRow(r[0], r.name, r.category, r.quantity, r.unit, r.state, r.number, r.title,
                                     r[9] or "", r[10] or "", allowed[r.case_id]))
    rows.sort(key=lambda c: (c.location_code == "", c.location_code, c.case_number, c.code))  # the walk order
    wh = warehouse(s)
    return CandidateList(wh.name if wh else "", now_in_zone().date(), tuple(rows[:limit]))


def disposal_candidates_pdf(uow) -> bytes:
    from ..printing.candidates import render_candidate_list
    return render_candidate_list(disposal_candidates(uow), load_print_settings(uow))
