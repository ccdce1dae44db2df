"""The read side for the browsing screens: cases in pages, agencies, warehouses, locations and
attachment contents. Core SQL and plain data; officers see their own cases only (DESIGN §1)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from ..domain.errors import NotFound, PermissionDenied
from ..db.models import Agency, Attachment, Case, Item, Location, Person, Warehouse
from .dto import AgencyRow, CaseRow
from .queries import _visible_case_filter

I, Ca, Ag, P, Lo, Wh = (Item.__table__, Case.__table__, Agency.__table__, Person.__table__, Location.__table__,
                        Warehouse.__table__)


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""  # case number, title or offence, diacritics-insensitive
    agency_id: int | None = None
    stage: str | None = None
    order: str = "newest"  # newest | number


@dataclass(frozen=True)
class WarehouseRow:
    id: int
    name: str
    code_prefix: str
    agency_id: int
    address: str


@dataclass(frozen=True)
class LocationRow:
    id: int
    code: str
    name: str
    kind: str
    capacity: int | None
    occupancy: int
    parent_id: int | None
    warehouse_id: int
    warehouse_name: str
    active: bool


_CASE_ORDERS = {"newest": [Ca.c.id.desc()], "oldest": [Ca.c.id.asc()], "number": [Ca.c.sort_key, Ca.c.id]}


def _case_filters(uow, q: CaseQuery) -> list:
    conds = []
    own = _visible_case_filter(uow)
    if own is not None:
        conds.append(own)
    if q.agency_id:
        conds.append(Ca.c.handling_agency_id == q.agency_id)
    if q.stage:
        conds.append(Ca.c.stage == q.stage)
    text = (q.text or "").strip()
    if text:
        like = "%" + text.replace("%", "").replace("_", "") + "%"
        conds.append(or_(Ca.c.number.ilike(like), Ca.c.title.ilike(like), Ca.c.offence.ilike(like)))
    return conds


def count_cases(uow, q: CaseQuery = CaseQuery()) -> int:
    return uow.session.execute(select(func.count()).select_from(Ca).where(*_case_filters(uow, q))).scalar_one()


def _case_select():
    items = select(func.count()).select_from(I).where(I.c.case_id == Ca.c.id).scalar_subquery()
    return (select(Ca.c.id, Ca.c.number, Ca.c.title, Ca.c.offence, Ca.c.stage, Ag.c.short_name, Ag.c.name,
                   P.c.full_name, items.label("item_count"), Ca.c.opened_on)
            .select_from(Ca.outerjoin(Ag, Ag.c.id == Ca.c.handling_agency_id)
                         .outerjoin(P, P.c.id == Ca.c.officer_id)))


def _case_row(r) -> CaseRow:
    return CaseRow(r.id, r.number, r.title or "", r.offence or "", r.stage or "", r.short_name or r.name or "",
                   r.full_name or "", r.item_count, r.opened_on)


def case_page(uow, q: CaseQuery, offset: int, limit: int) -> list[CaseRow]:
    """One page of the case list, ordered by an indexed key (id or the stored sort key)."""
    stmt = (_case_select().where(*_case_filters(uow, q))
            .order_by(*_CASE_ORDERS.get(q.order, _CASE_ORDERS["newest"])).offset(offset).limit(limit))
    return [_case_row(r) for r in uow.session.execute(stmt)]


def case_row(uow, case_id: int) -> CaseRow:
    r = uow.session.execute(_case_select().where(Ca.c.id == case_id)).first()
    if r is None:
        raise NotFound("case_not_found", id=case_id)
    own = _visible_case_filter(uow)
    if own is not None and not uow.session.execute(select(Ca.c.id).where(Ca.c.id == case_id, own)).first():
        raise PermissionDenied("permission_denied", action="read_case", user=uow.actor.username)
    return _case_row(r)


def agencies(uow, *, active_only: bool = True) -> list[AgencyRow]:
    stmt = select(Ag).order_by(Ag.c.parent_id.is_not(None), Ag.c.parent_id, Ag.c.id)
    if active_only:
        stmt = stmt.where(Ag.c.active.is_(True))
    return [AgencyRow(r.id, r.name, r.short_name or "", r.kind, r.parent_id, r.address or "")
            for r in uow.session.execute(stmt)]


def warehouses(uow) -> list[WarehouseRow]:
    return [WarehouseRow(r.id, r.name, r.code_prefix, r.agency_id, r.address or "")
            for r in uow.session.execute(select(Wh).order_by(Wh.c.id))]


def location_row(uow, location_id: int) -> LocationRow:
    r = uow.session.execute(select(Lo, Wh.c.name.label("wh_name")).join(Wh, Wh.c.id == Lo.c.warehouse_id)
                            .where(Lo.c.id == location_id)).first()
    if r is None:
        raise NotFound("location_not_found", code=str(location_id))
    return LocationRow(r.id, r.code, r.name, r.kind, r.capacity, r.occupancy or 0, r.parent_id, r.warehouse_id,
                       r.wh_name, bool(r.active))


def location_rows(uow, warehouse_id: int | None = None):
    """The active locations as plain tuples (id, code, name, kind, capacity, occupancy, parent_id) in code order,
    streamed: the location tree's screen keeps them in a few flat lists, not a LocationNode each (14,412 at 1M:
    ~7 MB as objects, issue #19). Iterate inside the reader's scope."""
    stmt = select(Lo.c.id, Lo.c.code, Lo.c.name, Lo.c.kind, Lo.c.capacity, Lo.c.occupancy, Lo.c.parent_id).where(
        Lo.c.active.is_(True)).order_by(Lo.c.code)
    if warehouse_id:
        stmt = stmt.where(Lo.c.warehouse_id == warehouse_id)
    for r in uow.session.execute(stmt):
        yield tuple(r)


def locations_under(uow, location_id: int) -> list[LocationRow]:
    """The location and every location below it, parents first (for printing a shelf's labels)."""
    rows = [location_row(uow, location_id)]
    frontier = [location_id]
    while frontier:
        children = list(uow.session.execute(select(Lo.c.id).where(Lo.c.parent_id.in_(frontier), Lo.c.active.is_(True))
                                            .order_by(Lo.c.code)).scalars())
        rows.extend(location_row(uow, c) for c in children)
        frontier = children
    return rows


def attachment_content(uow, attachment_id: int) -> bytes:
    """The stored bytes of a photo or scanned record, if the user may read its item."""
    r = uow.session.execute(select(Attachment.content, Attachment.item_id).where(Attachment.id == attachment_id)).first()
    if r is None:
        raise NotFound("attachment_not_found", id=attachment_id)
    own = _visible_case_filter(uow)
    if own is not None and r.item_id is not None:
        visible = uow.session.execute(select(I.c.id).join(Ca, Ca.c.id == I.c.case_id)
                                      .where(I.c.id == r.item_id, own)).first()
        if not visible:
            raise PermissionDenied("permission_denied", action="read_item", user=uow.actor.username)
    return bytes(r.content)


def case_id_by_number(uow, number: str) -> int | None:
    """The id of the case with exactly this number (as typed or scanned), if the user may see it."""
    stmt = select(Ca.c.id).where(func.lower(Ca.c.number) == (number or "").strip().lower())
    own = _visible_case_filter(uow)
    if own is not None:
        stmt = stmt.where(own)
    return uow.session.execute(stmt).scalar()


def case_ids_matching(uow, text: str, limit: int = 2000) -> tuple[int, ...]:
    """Cases whose number, title or offence contain every typed word, accents ignored ("trom cap"
    finds "Trộm cắp tài sản", "dong xuan" finds "chợ Đồng Xuân"), as the Tìm kiếm screen does
    (HANDS-ON 23). Only the cases the user may see."""
    from ..domain.text import fold
    words = fold(text).split()
    if not words:
        return ()
    stmt = select(Ca.c.id, Ca.c.number, Ca.c.title, Ca.c.offence).order_by(Ca.c.id.desc())
    own = _visible_case_filter(uow)
    if own is not None:
        stmt = stmt.where(own)
    exact = fold(text).strip()
    out = []
    for r in uow.session.execute(stmt):
        number = fold(r.number)
        if number == exact:
            return (r.id,)
        haystack = " ".join((number, fold(r.title), fold(r.offence)))
        if all(w in haystack for w in words):
            out.append(r.id)
            if len(out) >= limit:
                break
    return tuple(out)


def case_choices(uow, limit: int = 300) -> list[tuple[int, str, str]]:
    """(id, number, title or offence) of the newest cases the user may see, for pick-lists."""
    stmt = select(Ca.c.id, Ca.c.number, Ca.c.title, Ca.c.offence).order_by(Ca.c.id.desc()).limit(limit)
    own = _visible_case_filter(uow)
    if own is not None:
        stmt = stmt.where(own)
    return [(r.id, r.number, r.title or r.offence) for r in uow.session.execute(stmt)]


def iter_items(uow, q, *, chunk: int = 2000):
    """Every item of an ItemQuery in its order, streamed from one cursor (exports of a million
    rows: OFFSET paging would walk the index again for every chunk)."""
    from .dto import ItemRow
    from .queries import _ORDERS, _item_filters
    stmt = (select(I.c.id, I.c.code, I.c.name, I.c.category, I.c.quantity, I.c.unit, I.c.state, I.c.sealed,
                   I.c.seal_number, I.c.received_at, Ca.c.number.label("case_number"), Lo.c.code.label("loc"),
                   Lo.c.name.label("loc_name"), Ag.c.short_name.label("agency"))
            .select_from(I.join(Ca, Ca.c.id == I.c.case_id).outerjoin(Lo, Lo.c.id == I.c.location_id)
                         .outerjoin(Ag, Ag.c.id == I.c.responsible_agency_id))
            .order_by(*_ORDERS.get(q.order, _ORDERS["newest"])))
    where = _item_filters(uow, q)
    if where is not None:
        stmt = stmt.where(where)
    for r in uow.session.execute(stmt.execution_options(yield_per=chunk)):
        yield ItemRow(r.id, r.code, r.name, r.category, r.quantity, r.unit, r.state, r.case_number, r.loc or "",
                      r.sealed, r.seal_number, r.received_at, r.agency or "",
                      r.loc_name or "")
