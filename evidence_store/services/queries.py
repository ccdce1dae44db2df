"""The read side: item by code with its history, lists with paging, deadlines, locations (the item search is
services/item_search.py). Hot paths (scan lookup, list pages) use SQLAlchemy Core, not the ORM."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, bindparam, or_, func, select

from ..domain import codes
from ..domain.deadlines import urgency
from ..domain.errors import NotFound
from ..db.models import (Agency, Attachment, Case, CustodyEvent, Deadline, Document, Handover, Item, Location, Person,
                         User, Warehouse)
from ..db.prepared import Prepared, all_together
from .dto import AttachmentView, DeadlineView, EventView, ItemDetail, ItemRow, LocationNode

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


def _parse_ts(s: str) -> datetime:
    if len(s) == 27 and s[-1] == "Z":  # the ledger's own "YYYY-MM-DDTHH:MM:SS.ffffffZ": 30× faster than strptime
        return datetime.fromisoformat(s[:-1])
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")


def _visible_case_filter(uow):
    """Agency users see the cases in their scope only (services/scope.py, issue 13)."""
    from . import scope
    return scope.case_condition(uow)


def item_by_code(uow, raw: str, *, events: int = 50) -> ItemDetail:
    """Scan → item with its last ``events`` events (issue #19: p95 ≤ 2 ms at one million items): every
    statement is compiled once and run on the session's own connection (db/prepared.py)."""
    code = codes.parse_code(raw).compact
    values = _DETAIL_BY_CODE.first(uow.session, code=code)  # the lookup and the item's row: one statement
    if values is None:
        raise NotFound("item_not_found", code=code)
    return _item_page(uow, dict(zip(_DETAIL_BY_CODE.keys(uow.session), values)), events)


def _detail(where) -> Prepared:
    return Prepared(
        select(I, Ca.c.number.label("case_number"), Ca.c.title.label("case_title"), Ca.c.offence, Ca.c.stage,
               Ca.c.officer_id, Lo.c.code.label("loc_code"), Lo.c.name.label("loc_name"),
               Ag.c.name.label("agency_name"), Warehouse.__table__.c.name.label("wh_name"))
        .select_from(I.join(Ca, Ca.c.id == I.c.case_id).outerjoin(Lo, Lo.c.id == I.c.location_id)
                     .outerjoin(Ag, Ag.c.id == I.c.responsible_agency_id)
                     .join(Warehouse.__table__, Warehouse.__table__.c.id == I.c.warehouse_id))
        .where(where))


_DETAIL, _DETAIL_BY_CODE = _detail(I.c.id == bindparam("item_id")), _detail(I.c.code == bindparam("code"))
_PHOTOS = Prepared(select(Attachment.id, Attachment.filename, Attachment.mime, Attachment.sha256, Attachment.kind,
                          Attachment.size).where(Attachment.item_id == bindparam("item_id")).order_by(Attachment.id))
_HEAD = Prepared(select(CustodyEvent.seq, CustodyEvent.hash).order_by(CustodyEvent.seq.desc()).limit(1))


def item_detail(uow, item_id: int, *, events: int | None = 50) -> ItemDetail:
    values = _DETAIL.first(uow.session, item_id=item_id)
    if values is None:
        raise NotFound("item_not_found", code=str(item_id))
    return _item_page(uow, dict(zip(_DETAIL.keys(uow.session), values)), events)


def _item_page(uow, r: dict, events: int | None) -> ItemDetail:
    """The item's page from its row: its events, photos, open deadlines, the ledger's head and the records waiting
    for it, read in one batch (prepared.all_together: one round trip on PostgreSQL instead of eight)."""
    from . import scope
    s, item_id = uow.session, r["id"]
    wide = scope.warehouse_wide(uow.actor)
    read_only = False
    if not wide:  # warehouse staff read every case (scope.py); others are checked
        scope.require_case_visible(uow, r["case_id"], "read_item")
        case = s.get(Case, r["case_id"])
        read_only = case is not None and not scope.handles_now(uow.actor, case)
    arg = {"item_id": item_id}
    reads = [(_EVENTS_LAST, dict(arg, limit=events)) if events else (_EVENTS_ALL, arg), (_CORRECTIONS, arg),
             (_PHOTOS, arg), (_HEAD, {}), (_AWAITING, arg), (_AWAITING_RELEASE, arg), (_PROPOSED_DISPOSAL, arg)]
    rows, fixes, photo_rows, head, awaiting, releasing, proposed, *due = all_together(
        s, reads + ([(_ITEM_DEADLINES, arg)] if wide else []))
    evs = _event_views(rows, fixes)
    photos = tuple(AttachmentView(*a) for a in photo_rows)
    head = head[0] if head else None
    return ItemDetail(
        id=r["id"], code=r["code"], name=r["name"], category=r["category"], quantity=r["quantity"], unit=r["unit"],
        characteristics=r["characteristics"], condition=r["condition"], sealed=r["sealed"],
        seal_number=r["seal_number"], owner_name=r["owner_name"], owner_id_number=r["owner_id_number"],
        attributes=json.loads(r["attributes"] or "{}"), state=r["state"], location_id=r["location_id"],
        location_code=r["loc_code"] or "", location_name=r["loc_name"] or "", holder=r["holder"],
        responsible_agency_id=r["responsible_agency_id"], responsible_agency=r["agency_name"] or "",
        due_back_on=r["due_back_on"], received_at=r["received_at"], case_id=r["case_id"],
        case_number=r["case_number"], case_offence=r["offence"], case_stage=r["stage"], warehouse_name=r["wh_name"],
        events=tuple(evs), photos=photos,
        deadlines=tuple(_deadline_views(due[0]) if wide else _item_deadlines(uow, item_id)),
        ledger_head_seq=head[0] if head else 0, ledger_head_hash=head[1] if head else "",
        case_title=r["case_title"] or "", awaiting_disposal=(awaiting[0][0] if awaiting else None) or "",
        awaiting_release=(releasing[0][0] if releasing else "") or "",
        disposal_proposed=(proposed[0][0] if proposed else "") or "", case_read_only=read_only)


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


def _awaiting_statement() -> Prepared:
    from ..db.models import HandoverLine
    from ..domain.records import Approval, RecordStatus
    return Prepared(select(Handover.number).join(HandoverLine, HandoverLine.handover_id == Handover.id)
                    .where(HandoverLine.item_id == bindparam("item_id"), Handover.kind == "disposal",
                           Handover.approval == Approval.APPROVED, Handover.status == RecordStatus.DRAFT,
                           Handover.ended_at.is_(None)).order_by(Handover.id.desc()).limit(1))


_AWAITING = _awaiting_statement()


def awaiting_carry_out(s, item_id: int) -> str | None:
    """The number of the item's approved disposal not carried out yet, if any (its items stay in the warehouse
    until the act: services.disposal_carry_out.carry_out_disposal)."""
    row = _AWAITING.first(s, item_id=item_id)
    return row[0] if row else None


def _awaiting_release_statement() -> Prepared:
    from ..db.models import HandoverLine
    return Prepared(select(Handover.number).join(HandoverLine, HandoverLine.handover_id == Handover.id)
                    .where(HandoverLine.item_id == bindparam("item_id"),
                           or_(*(Handover.kind == k for k in ("release", "transfer", "deposit"))),  # no IN: prepared once
                           Handover.approval == "pending").limit(1))


_AWAITING_RELEASE = _awaiting_release_statement()  # prepared: half of a scan's time was compiling it (issue #19)


def awaiting_release_approval(s, item_id: int) -> str:
    """The number of the act out of the warehouse (tạm xuất, chuyển kho, gửi / giao bảo quản) prepared for this item
    and waiting for a commander's approval (ND 142/2024 Điều 4: the item has not left), or ""."""
    row = _AWAITING_RELEASE.first(s, item_id=item_id)
    return (row[0] if row else "") or ""


def _proposed_disposal_statement() -> Prepared:
    from ..db.models import HandoverLine
    return Prepared(select(Handover.number).join(HandoverLine, HandoverLine.handover_id == Handover.id)
                    .where(HandoverLine.item_id == bindparam("item_id"), Handover.kind == "disposal",
                           Handover.approval == "pending").limit(1))


_PROPOSED_DISPOSAL = _proposed_disposal_statement()


def proposed_disposal(s, item_id: int) -> str:
    """The number of the item's disposal proposal waiting for a commander's decision (services.disposal), or ""."""
    row = _PROPOSED_DISPOSAL.first(s, item_id=item_id)
    return (row[0] if row else "") or ""


def _events_statements():
    """Built once (scan hot path, DESIGN §7): the history query and the corrections query, with bound parameters."""
    E, D, H, U = CustodyEvent.__table__, Document.__table__, Handover.__table__, User.__table__
    q = (select(E.c.seq, E.c.kind, E.c.occurred_at, E.c.recorded_at, U.c.username, E.c.workstation,
                D.c.kind.label("doc_kind"), D.c.number.label("doc_number"), H.c.number.label("ho_number"),
                E.c.corrects_seq, E.c.data, E.c.hash)
         .select_from(E.outerjoin(D, D.c.id == E.c.document_id).outerjoin(H, H.c.id == E.c.handover_id)
                      .outerjoin(U, U.c.id == E.c.user_id))
         .where(E.c.item_id == bindparam("item_id")).order_by(E.c.seq.desc()))
    fixes = select(E.c.seq, E.c.corrects_seq).where(E.c.item_id == bindparam("item_id"), E.c.corrects_seq.is_not(None))
    return Prepared(q), Prepared(q.limit(bindparam("limit"))), Prepared(fixes)


_EVENTS_ALL, _EVENTS_LAST, _CORRECTIONS = _events_statements()


def item_events(uow, item_id: int, limit: int | None = 50) -> list[EventView]:
    s = uow.session
    rows = _EVENTS_LAST.all(s, item_id=item_id, limit=limit) if limit else _EVENTS_ALL.all(s, item_id=item_id)
    return _event_views(rows, _CORRECTIONS.all(s, item_id=item_id) if rows else ())


def _event_views(rows, fixes) -> list[EventView]:
    """The events (newest first, as read) in ledger order, each with the events correcting it."""
    rows.reverse()
    corrections: dict[int, list[int]] = {}
    for seq, corrects in fixes:
        corrections.setdefault(corrects, []).append(seq)
    loads = json.loads
    return [EventView(seq=seq, kind=kind, occurred_at=_parse_ts(occ), recorded_at=_parse_ts(rec),
                      username=user or "system", workstation=ws, document=f"{dk or ''}|{dn or ''}",
                      document_kind=dk or "", document_number=dn or "", handover_number=ho or "", corrects_seq=cs,
                      corrected_by=tuple(corrections.get(seq, ())), data=loads(data), hash=h)
            for seq, kind, occ, rec, user, ws, dk, dn, ho, cs, data, h in rows]


_ITEM_DEADLINES = Prepared(
    select(Deadline.__table__.c.id, Deadline.__table__.c.kind, Deadline.__table__.c.due_on,
           Deadline.__table__.c.start_on, I.c.code, I.c.name, Ca.c.number, Deadline.__table__.c.responsible)
    .select_from(Deadline.__table__.outerjoin(I, I.c.id == Deadline.__table__.c.item_id)
                 .outerjoin(Ca, Ca.c.id == func.coalesce(Deadline.__table__.c.case_id, I.c.case_id)))
    .where(Deadline.__table__.c.item_id == bindparam("item_id"), Deadline.__table__.c.closed_at.is_(None))
    .order_by(Deadline.__table__.c.due_on).limit(500))


def _item_deadlines(uow, item_id: int) -> list[DeadlineView]:
    """The item's open deadlines (the item page): ``deadlines(uow, item_id=…)``, prepared for warehouse staff;
    a scoped user goes through ``deadlines`` (an officer never sees other cases' deadlines)."""
    from . import scope
    if not scope.warehouse_wide(uow.actor):
        return deadlines(uow, item_id=item_id)
    return _deadline_views(_ITEM_DEADLINES.all(uow.session, item_id=item_id))


def _deadline_views(rows) -> list[DeadlineView]:
    today = date.today()
    return [DeadlineView(i, kind, due, start, code or "", name or "", number or "", resp, urgency(due, today).value,
                         False) for i, kind, due, start, code, name, number, resp in rows]


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
             loc_name, agency in uow.session.execute(stmt).tuples()}
    return [by_id[i] for i in ids if i in by_id]


def deadlines(uow, *, item_id: int | None = None, case_id: int | None = None, open_only: bool = True,
              due_within_days: int | None = None, limit: int = 500) -> list[DeadlineView]:
    D = Deadline.__table__
    stmt = (select(D, I.c.code, I.c.name, Ca.c.number.label("case_number"))
            .select_from(D.outerjoin(I, I.c.id == D.c.item_id).outerjoin(Ca, Ca.c.id == func.coalesce(D.c.case_id, I.c.case_id)))
            .order_by(D.c.due_on).limit(limit))
    if item_id:
        stmt = stmt.where(D.c.item_id == item_id)
    if case_id:
        stmt = stmt.where((D.c.case_id == case_id) | (I.c.case_id == case_id))
    if open_only:
        stmt = stmt.where(D.c.closed_at.is_(None))
    from .pending_review import KIND, review_conds  # the backlog review: held, under no live decision (Điều 13.2)
    stmt = stmt.where(or_(D.c.kind != KIND.value, and_(*review_conds(D, I))))
    from . import scope
    mine = scope.case_ids(uow, current_only=True)  # an officer never sees other cases' deadlines
    if mine is not None:
        stmt = stmt.where(func.coalesce(D.c.case_id, I.c.case_id).in_(mine))
    today = date.today()
    if due_within_days is not None:
        from datetime import timedelta
        stmt = stmt.where(D.c.due_on <= today + timedelta(days=due_within_days))
    rows = uow.session.execute(stmt).all()
    basis = _deadline_basis(uow.session, [r.source_seq for r in rows if r.item_id is None and r.source_seq])
    return [DeadlineView(r.id, r.kind, r.due_on, r.start_on, r.code or "", r.name or "", r.case_number or "",
                         r.responsible, urgency(r.due_on, today).value, r.closed_at is not None,
                         basis.get(r.source_seq, "") if r.item_id is None else "")
            for r in rows]


def _deadline_basis(session, seqs) -> dict[int, str]:
    """The number of the document each of these ledger events rests on (a case's deadline is opened by the
    event recording its QĐ THA): read for the few case deadlines shown, not joined into every deadline."""
    if not seqs:
        return {}
    stmt = (select(CustodyEvent.seq, Document.number).join(Document, Document.id == CustodyEvent.document_id)
            .where(CustodyEvent.seq.in_(set(seqs))))
    return {seq: number for seq, number in session.execute(stmt)}


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
