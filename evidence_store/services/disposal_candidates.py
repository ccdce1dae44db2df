"""Danh sách vật chứng đủ điều kiện đề xuất xử lý: the held items whose case now allows a disposal (a judgment
in force, a decision to drop the case, an enforcement decision — BLTTHS Điều 106; Luật THADS Điều 124–126),
in the order a clerk walks the shelves, printed with a barcode per item so the proposal is made by scanning the
printed list (HANDS-ON 50). Items already in a proposal waiting for approval are left out. The list can be narrowed
to one case and to one place (a zone, a shelf: the place and everything under it), so a clerk prints the page he
walks (issue 17)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..db.models import Case, Handover, HandoverLine, Item, Location
from ..domain.errors import NotFound
from ..domain.permissions import require
from ..domain.states import HELD_STATES
from ..formatting import now_in_zone
from . import queries
from .audit import subtree_ids
from .case_authority import case_authority
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
    case_filter: str = ""  # "127/2026/CSHS — Trộm cắp tài sản" when narrowed to one case
    place_filter: str = ""  # "Khu A (KA)" when narrowed to a place and what is under it


@dataclass(frozen=True)
class FilterChoice:
    key: str  # the case number or the location code
    text: str
    count: int  # candidates it holds (a place: with everything under it)
    depth: int = 0  # places: 0 for a zone, 1 for its shelves...


@dataclass(frozen=True)
class CandidateFilters:
    cases: tuple[FilterChoice, ...]
    places: tuple[FilterChoice, ...]
    total: int


def disposal_candidates(uow, limit: int = 5000, *, case_number: str = "", location_code: str = "") -> CandidateList:
    """The candidates, of one case (``case_number``) and in one place and below (``location_code``) when given."""
    require(uow.actor, "record_disposal")
    s = uow.session
    case_filter = place_filter = ""
    if case_number:
        case = s.scalars(select(Case).where(Case.number == case_number)).first()
        if case is None:
            raise NotFound("case_not_found", number=case_number)
        case_filter = " — ".join(p for p in (case.number, case.title) if p)
    place_ids = None
    if location_code:
        place = s.scalars(select(Location).where(Location.code == location_code)).first()
        if place is None:
            raise NotFound("location_not_found", code=location_code)
        place_ids = subtree_ids(s, place.id)
        place_filter = place.name or place.code
    pending = (select(HandoverLine.item_id).join(Handover, Handover.id == HandoverLine.handover_id)
               .where(Handover.kind == "disposal", Handover.approval == "pending"))
    stmt = (select(Item.code, Item.name, Item.category, Item.quantity, Item.unit, Item.state, Item.case_id,
                   Case.number, Case.title, Location.code, Location.name)
            .join(Case, Case.id == Item.case_id).outerjoin(Location, Location.id == Item.location_id)
            .where(Item.state.in_([st.value for st in HELD_STATES]), Item.id.not_in(pending)))
    own = queries._visible_case_filter(uow)  # an agency's users see the cases in their scope only
    if own is not None:
        stmt = stmt.where(own)
    if case_number:
        stmt = stmt.where(Case.number == case_number)
    if place_ids is not None:
        stmt = stmt.where(Item.location_id.in_(place_ids))
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
    return CandidateList(wh.name if wh else "", now_in_zone().date(), tuple(rows[:limit]), case_filter, place_filter)


def candidate_filters(uow) -> CandidateFilters:
    """The cases and places that hold candidates now, with their counts: what the list can be narrowed to."""
    rows = disposal_candidates(uow).rows
    s = uow.session
    cases: dict[str, list] = {}
    for r in rows:
        entry = cases.setdefault(r.case_number, [" — ".join(p for p in (r.case_number, r.case_title) if p), 0])
        entry[1] += 1
    nodes = {lid: (code, name, parent) for lid, code, name, parent in
             s.execute(select(Location.id, Location.code, Location.name, Location.parent_id))}
    by_code = {code: lid for lid, (code, _n, _p) in nodes.items()}
    counts: dict[int, int] = {}
    for r in rows:
        lid = by_code.get(r.location_code)
        while lid is not None:  # a candidate counts for its place and every place above it
            counts[lid] = counts.get(lid, 0) + 1
            lid = nodes[lid][2]

    def depth(lid):
        n, parent = 0, nodes[lid][2]
        while parent is not None:
            n, parent = n + 1, nodes[parent][2]
        return n

    def path(lid):
        out = []
        while lid is not None:
            out.append(nodes[lid][0])
            lid = nodes[lid][2]
        return tuple(reversed(out))

    roots = {lid for lid in counts if nodes[lid][2] is None}
    places = [FilterChoice(nodes[lid][0], nodes[lid][1] or nodes[lid][0], counts[lid], depth(lid) - 1)
              for lid in sorted(counts, key=path) if lid not in roots]  # the warehouse itself is "all"
    return CandidateFilters(tuple(FilterChoice(k, v[0], v[1]) for k, v in sorted(cases.items())), tuple(places),
                            len(rows))


def disposal_candidates_pdf(uow, case_number: str = "", location_code: str = "") -> bytes:
    from ..printing.candidates import render_candidate_list
    return render_candidate_list(disposal_candidates(uow, case_number=case_number, location_code=location_code),
                                 load_print_settings(uow))
