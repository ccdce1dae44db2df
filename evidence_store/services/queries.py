"""The read side: item by code with its history, lists with paging, deadlines, locations (the item search is
services/item_search.py). Hot paths (scan lookup, list pages) use SQLAlchemy Core, not the ORM."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select

from ..domain import codes
from ..domain.errors import NotFound
from ..db.models import Agency, Case, CustodyEvent, Handover, Item, Location, Person
from .dto import ItemRow, LocationNode
# the item page (scan → item): services/item_page.py, re-exported for the callers of queries.*
from .item_page import (awaiting_carry_out, awaiting_release_approval, deadlines, item_by_code, item_detail,
                        item_events, proposed_disposal)

ITEM_PAGE = (awaiting_carry_out, awaiting_release_approval, deadlines, item_by_code, item_detail, item_events,
             proposed_disposal)

I, Ca, Lo, Ag = Item.__table__, Case.__table__, Location.__table__, Agency.__table__


@dataclass(frozen=True)
class ItemQuery:
    state: str | None = None
    category: str | None = None
    case_id: int | None = None
    location_id: int | None = None
    agency_id: int | None = None
    received_before: date | None = None
    received_after: date | None = None
    order: str = "newest"  # a key of _ORDERS; "<key>-desc" reverses it (sorting by column header)
    case_ids: tuple[int, ...] | None = None  # several cases (the Vụ án filter matched words); () = none


def _visible_case_filter(uow):
    """Agency users see the cases in their scope only (services/scope.py, issue 13)."""
    from . import scope
    return scope.case_condition(uow)


def case_awaiting_disposals(uow, case_id: int) -> list[tuple[str, int]]:
    """(record number, item count) of the case's approved disposals not carried out yet: the case view's mark."""
    from ..db.models import HandoverLine
    from ..domain.records import Approval, RecordStatus
    from . import scope
    scope.require_case_visible(uow, case_id, "read_item")
    rows = uow.session.execute(
        select(Handover.number, func.count(HandoverLine.id)).join(HandoverLine, HandoverLine.handover_id == Handover.id)
        .where(Handover.case_id == case_id, Handover.kind == "disposal", Handover.approval == Approval.APPROVED,
               Handover.status == RecordStatus.DRAFT, Handover.ended_at.is_(None))
        .group_by(Handover.id, Handover.number).order_by(Handover.id)).all()
    return [(r[0], int(r[1])) for r in rows]


def _item_filters(uow, q: ItemQuery):
    conds = []
    if q.state:
        conds.append(I.c.state == q.state)
    if q.category:
        conds.append(I.c.category == q.category)
    if q.case_id:
        conds.append(I.c.case_id == q.case_id)
    if q.case_ids is not None:
        conds.append(I.c.case_id.in_(q.case_ids) if q.case_ids else I.c.id < 0)
    if q.location_id:
        conds.append(I.c.location_id == q.location_id)
    if q.agency_id:
        conds.append(I.c.responsible_agency_id == q.agency_id)
    if q.received_before:
        conds.append(I.c.received_at < datetime.combine(q.received_before, datetime.min.time()))
    if q.received_after:
        conds.append(I.c.received_at >= datetime.combine(q.received_after, datetime.min.time()))
    own = _visible_case_filter(uow)
    if own is not None:
        conds.append(I.c.case_id.in_(select(Ca.c.id).where(own)))
    return and_(*conds) if conds else None


_BASE_ORDERS = {"newest": [I.c.id.desc()], "oldest": [I.c.id.asc()], "name": [I.c.sort_key, I.c.id],
                "code": [I.c.code], "category": [I.c.category, I.c.id], "state": [I.c.state, I.c.id],
                "quantity": [I.c.quantity, I.c.id], "seal": [I.c.seal_number, I.c.id],
                "case": [I.c.case_id, I.c.id], "location": [I.c.location_id, I.c.id],
                "agency": [I.c.responsible_agency_id, I.c.id]}
_ORDERS = dict(_BASE_ORDERS)
_ORDERS.update({f"{k}-desc": [c.desc() for c in v] for k, v in _BASE_ORDERS.items()})


def ledger_head_seq(uow) -> int:
    """The last ledger sequence (a max over the primary key: one index step)."""
    return uow.session.execute(select(func.max(CustodyEvent.seq))).scalar() or 0


def count_items(uow, q: ItemQuery = ItemQuery()) -> int:
    stmt = select(func.count()).select_from(I)
    where = _item_filters(uow, q)
    if where is not None:
        stmt = stmt.where(where)
    return uow.session.execute(stmt).scalar_one()


MAX_PAGE = 10_000  # rows one call returns at most (issue #14: a huge limit is no way to exhaust memory)


def page_limit(limit) -> int:
    try:
        return max(1, min(int(limit), MAX_PAGE))
    except (TypeError, ValueError, OverflowError):
        return 50


def item_page(uow, q: ItemQuery, offset: int, limit: int) -> list[ItemRow]:
    """One page of the item list — the one read for the Vật chứng list, the home dashboard and the CLI (issue
    #18). OFFSET walks the items index alone (ordered by an indexed key) and only the page's rows are joined to
    cases, locations and agencies: at row 900,000 a joined OFFSET pays 900,000 joins before the first row kept."""
    limit, offset = page_limit(limit), max(0, min(int(offset), 2**62))
    stmt = select(I.c.id).order_by(*_ORDERS.get(q.order, _ORDERS["newest"])).offset(offset).limit(limit)
    where = _item_filters(uow, q)
    if where is not None:
        stmt = stmt.where(where)
    return item_rows_by_ids(uow, list(uow.session.execute(stmt).scalars()))


def item_rows_by_ids(uow, ids: list[int]) -> list[ItemRow]:
    if not ids:
        return []
    stmt = (select(I.c.id, I.c.code, I.c.name, I.c.category, I.c.quantity, I.c.unit, I.c.state, I.c.sealed,
                   I.c.seal_number, I.c.received_at, Ca.c.number.label("case_number"), Lo.c.code.label("loc"),
                   Lo.c.name.label("loc_name"), Ag.c.short_name.label("agency"))
            .select_from(I.join(Ca, Ca.c.id == I.c.case_id).outerjoin(Lo, Lo.c.id == I.c.location_id)
                         .outerjoin(Ag, Ag.c.id == I.c.responsible_agency_id)).where(I.c.id.in_(ids)))
    by_id = {i: ItemRow(i, code, name, category, quantity, unit, state, case_number, loc or "", sealed, seal_number,
                        received_at, agency or "", loc_name or "")
             for i, code, name, category, quantity, unit, state, sealed, seal_number, received_at, case_number, loc,
             loc_name, agency in uow.session.execute(stmt)}
    return [by_id[i] for i in ids if i in by_id]


def location_tree(uow, warehouse_id: int | None = None) -> list[LocationNode]:
    stmt = select(Lo).where(Lo.c.active.is_(True)).order_by(Lo.c.code)
    if warehouse_id:
        stmt = stmt.where(Lo.c.warehouse_id == warehouse_id)
    # the kind once per kind, not once per row: the tree holds every location (14,412 at a million items, #19)
    nodes = {r.id: LocationNode(r.id, r.code, r.name, sys.intern(r.kind), r.capacity, r.occupancy, r.parent_id)
             for r in uow.session.execute(stmt)}
    roots = []
    for n in nodes.values():
        (nodes[n.parent_id].children if n.parent_id in nodes else roots).append(n)
    return roots


def location_by_code(uow, raw: str) -> LocationNode:
    code = codes.clean(raw)
    r = uow.session.execute(select(Lo).where(Lo.c.code == code)).first()
    if r is None:
        raise NotFound("location_not_found", code=code)
    return LocationNode(r.id, r.code, r.name, r.kind, r.capacity, r.occupancy, r.parent_id)


def location_child_count(uow, raw: str) -> int:
    """How many locations sit inside this one (a zone or a rack holds shelves, not items)."""
    node = location_by_code(uow, raw)
    return uow.session.execute(select(func.count()).select_from(Lo).where(Lo.c.parent_id == node.id)).scalar_one()


def person_name(uow, person_id: int | None) -> str:
    if not person_id:
        return ""
    p = uow.session.get(Person, person_id)
    return p.full_name if p else ""
