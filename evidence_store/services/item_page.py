"""Scan → the item's page: the item by code (or id) with its last events, photos, open deadlines, the ledger's head
and the records waiting for it (issue #19: p95 ≤ 2 ms). Every statement is compiled once (db/prepared.py) and
keyed by the scanned code itself — ``item_id = (SELECT id FROM items WHERE code = :code)`` — so the item's row and
all its reads go to PostgreSQL in ONE pipeline (one round trip; before, the row was read first, then the rest).
SQLite runs the same statements one after the other: both engines show the same page.
``deadlines`` (the deadlines a user may see, the page's for a scoped user) lives here too. ``services.queries``
re-exports these names (its callers are unchanged)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import and_, bindparam, func, literal_column, or_, select

from ..db.models import (Agency, Attachment, Case, CustodyEvent, Deadline, Document, Handover, HandoverLine, Item,
                         Location, User, Warehouse)
from ..db.prepared import Prepared
from ..domain import chronology, codes
from ..domain.deadlines import urgency
from ..domain.errors import NotFound
from ..domain.records import Approval, RecordStatus
from .context import checks_actor_with_first_read
from .dto import AttachmentView, DeadlineView, EventView, ItemDetail

I, Ca, Lo, Ag, W = Item.__table__, Case.__table__, Location.__table__, Agency.__table__, Warehouse.__table__
E, D, H, U, DL = CustodyEvent.__table__, Document.__table__, Handover.__table__, User.__table__, Deadline.__table__


def _parse_ts(s: str) -> datetime:
    if len(s) == 27 and s[-1] == "Z":  # the ledger's own "YYYY-MM-DDTHH:MM:SS.ffffffZ": 30× faster than strptime
        return datetime.fromisoformat(s[:-1])
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")


# LIMIT 1 written in the SQL, not bound: PostgreSQL plans a prepared statement once (a generic plan) only when that
# plan looks no dearer than one made for the values; with LIMIT $n unknown, "the newest event" looked like sorting
# the ledger, so the statement was planned anew at every scan (pg_prepared_statements.custom_plans; issue #19)
ONE = literal_column("1")


def _waiting(key) -> tuple:
    """The acts waiting for the item ``key`` (its id in SQL), each the number of the first found."""
    lines = select(H.c.number).join(HandoverLine, HandoverLine.handover_id == H.c.id)
    # an approved disposal not carried out yet (services.disposal_carry_out): its items stay until the act
    awaiting = lines.where(HandoverLine.item_id == key, H.c.kind == "disposal", H.c.approval == Approval.APPROVED,
                           H.c.status == RecordStatus.DRAFT, H.c.ended_at.is_(None)).order_by(H.c.id.desc()).limit(ONE)
    # an act out of the warehouse waiting for the commander's approval (ND 142/2024 Điều 4); no IN: prepared once
    releasing = lines.where(HandoverLine.item_id == key,
                            or_(*(H.c.kind == k for k in ("release", "transfer", "deposit"))),
                            H.c.approval == "pending").limit(ONE)
    proposed = lines.where(HandoverLine.item_id == key, H.c.kind == "disposal", H.c.approval == "pending").limit(ONE)
    return awaiting, releasing, proposed


def _head(column):
    return select(column).order_by(E.c.seq.desc()).limit(ONE).scalar_subquery()


class _Reads:
    """The page's statements for one way of naming the item: ``key`` is the item's id in SQL (a bound id, or the
    scalar subquery finding the scanned code through the unique index on items.code). The item's row carries the
    ledger's head and the acts waiting for the item (scalar subqueries): on PostgreSQL each statement of a pipeline
    is one more message sent and answered, ~55 µs of a loaded two-core machine's time (issue #19)."""

    def __init__(self, item_where, key) -> None:
        waiting = (q.scalar_subquery().label(name)
                   for q, name in zip(_waiting(I.c.id), ("awaiting", "releasing", "proposed")))
        self.detail = Prepared(
            select(I, Ca.c.number.label("case_number"), Ca.c.title.label("case_title"), Ca.c.offence, Ca.c.stage,
                   Ca.c.officer_id, Lo.c.code.label("loc_code"), Lo.c.name.label("loc_name"),
                   Ag.c.name.label("agency_name"), W.c.name.label("wh_name"), *waiting,
                   _head(E.c.seq).label("head_seq"), _head(E.c.hash).label("head_hash"))
            .select_from(I.join(Ca, Ca.c.id == I.c.case_id).outerjoin(Lo, Lo.c.id == I.c.location_id)
                         .outerjoin(Ag, Ag.c.id == I.c.responsible_agency_id).join(W, W.c.id == I.c.warehouse_id))
            .where(item_where))
        history = (select(E.c.seq, E.c.kind, E.c.occurred_at, E.c.recorded_at, U.c.username, E.c.workstation,
                          D.c.kind.label("doc_kind"), D.c.number.label("doc_number"), H.c.number.label("ho_number"),
                          E.c.corrects_seq, E.c.data, E.c.hash)
                   .select_from(E.outerjoin(D, D.c.id == E.c.document_id).outerjoin(H, H.c.id == E.c.handover_id)
                                .outerjoin(U, U.c.id == E.c.user_id))
                   .where(E.c.item_id == key).order_by(E.c.seq.desc()))
        self.events_all, self.events_last = Prepared(history), Prepared(history.limit(bindparam("limit")))
        self.photos = Prepared(select(Attachment.id, Attachment.filename, Attachment.mime, Attachment.sha256,
                                      Attachment.kind, Attachment.size)
                               .where(Attachment.item_id == key).order_by(Attachment.id))
        self.awaiting, self.awaiting_release, self.proposed = (Prepared(q) for q in _waiting(key))
        self.deadlines = Prepared(
            select(DL.c.id, DL.c.kind, DL.c.due_on, DL.c.start_on, I.c.code, I.c.name, Ca.c.number, DL.c.responsible)
            .select_from(DL.outerjoin(I, I.c.id == DL.c.item_id)
                         .outerjoin(Ca, Ca.c.id == func.coalesce(DL.c.case_id, I.c.case_id)))
            .where(DL.c.item_id == key, DL.c.closed_at.is_(None)).order_by(DL.c.due_on).limit(500))


_BY_ID = _Reads(I.c.id == bindparam("item_id"), bindparam("item_id"))
_BY_CODE = _Reads(I.c.code == bindparam("code"),
                  select(I.c.id).where(I.c.code == bindparam("code")).scalar_subquery())


@checks_actor_with_first_read
def item_by_code(uow, raw: str, *, events: int | None = 50) -> ItemDetail:
    """Scan → item with its last ``events`` events (None or 0: all of them)."""
    code = codes.parse_code(raw).compact
    return _item_page(uow, _BY_CODE, {"code": code}, events, code)


@checks_actor_with_first_read
def item_detail(uow, item_id: int, *, events: int | None = 50) -> ItemDetail:
    return _item_page(uow, _BY_ID, {"item_id": item_id}, events, str(item_id))


def _item_page(uow, q: _Reads, arg: dict, events: int | None, named: str) -> ItemDetail:
    """The page in one batch (uow.read_together: one round trip on PostgreSQL, the actor's reload in it when this is
    the unit of work's first read: the whole scan of a warehouse clerk). A user outside the warehouse's staff is
    checked against the item's case once its row is read (services/scope.py); nothing read leaves this function
    before that check. The deadlines are read for the warehouse's staff only (scoped users: ``deadlines``); while
    the actor is still to be checked they are read anyway and dropped for a scoped user."""
    from . import scope
    wide = uow.actor_pending or scope.warehouse_wide(uow.actor)
    reads = [(q.detail, arg), (q.events_last, dict(arg, limit=events)) if events else (q.events_all, arg),
             (q.photos, arg)] + ([(q.deadlines, arg)] if wide else [])
    row, rows, photo_rows, *due = uow.read_together(reads)
    s = uow.session
    wide = scope.warehouse_wide(uow.actor)  # the actor as checked now
    if not row:
        raise NotFound("item_not_found", code=named)
    r = dict(zip(q.detail.keys(s), row[0]))
    read_only = False
    if not wide:  # warehouse staff read every case (scope.py); others are checked
        scope.require_case_visible(uow, r["case_id"], "read_item")
        case = s.get(Case, r["case_id"])
        read_only = case is not None and not scope.handles_now(uow.actor, case)
    return ItemDetail(
        id=r["id"], code=r["code"], name=r["name"], category=r["category"], quantity=r["quantity"], unit=r["unit"],
        characteristics=r["characteristics"], condition=r["condition"], sealed=r["sealed"],
        seal_number=r["seal_number"], owner_name=r["owner_name"], owner_id_number=r["owner_id_number"],
        attributes=json.loads(r["attributes"] or "{}"), state=r["state"], location_id=r["location_id"],
        location_code=r["loc_code"] or "", location_name=r["loc_name"] or "", holder=r["holder"],
        responsible_agency_id=r["responsible_agency_id"], responsible_agency=r["agency_name"] or "",
        due_back_on=r["due_back_on"], received_at=r["received_at"], case_id=r["case_id"],
        case_number=r["case_number"], case_offence=r["offence"], case_stage=r["stage"], warehouse_name=r["wh_name"],
        events=tuple(_event_views(rows)), photos=tuple(AttachmentView(*a) for a in photo_rows),
        deadlines=tuple(_deadline_views(_live_reviews(uow, due[0])) if wide else _scoped_deadlines(uow, r["id"])),
        ledger_head_seq=r["head_seq"] or 0, ledger_head_hash=r["head_hash"] or "",
        case_title=r["case_title"] or "", awaiting_disposal=r["awaiting"] or "", awaiting_release=r["releasing"] or "",
        disposal_proposed=r["proposed"] or "", case_read_only=read_only)


def awaiting_carry_out(s, item_id: int) -> str | None:
    """The number of the item's approved disposal not carried out yet, if any (its items stay in the warehouse
    until the act: services.disposal_carry_out.carry_out_disposal)."""
    row = _BY_ID.awaiting.first(s, item_id=item_id)
    return row[0] if row else None


def awaiting_release_approval(s, item_id: int) -> str:
    """The number of the act out of the warehouse (tạm xuất, chuyển kho, gửi / giao bảo quản) prepared for this item
    and waiting for a commander's approval (ND 142/2024 Điều 4: the item has not left), or ""."""
    row = _BY_ID.awaiting_release.first(s, item_id=item_id)
    return (row[0] if row else "") or ""


def proposed_disposal(s, item_id: int) -> str:
    """The number of the item's disposal proposal waiting for a commander's decision (services.disposal), or ""."""
    row = _BY_ID.proposed.first(s, item_id=item_id)
    return (row[0] if row else "") or ""


def item_events(uow, item_id: int, limit: int | None = 50) -> list[EventView]:
    s = uow.session
    rows = (_BY_ID.events_last.all(s, item_id=item_id, limit=limit) if limit
            else _BY_ID.events_all.all(s, item_id=item_id))
    return _event_views(rows)


def _event_views(rows) -> list[EventView]:
    """The events (newest first, as read) in ledger order, each with the events correcting it. Those are among the
    rows: a correction is an event of the same item recorded after the one it corrects, so it is one of the item's
    newer events, read with any of its last events shown (on PostgreSQL one statement fewer in the scan's pipeline)."""
    rows.reverse()
    corrections: dict[int, list[int]] = {}
    for seq, *_columns, corrects, _data, _hash in rows:
        if corrects is not None:
            corrections.setdefault(corrects, []).append(seq)
    loads = json.loads
    return [EventView(seq=seq, kind=kind, occurred_at=_parse_ts(occ), recorded_at=_parse_ts(rec),
                      username=user or "system", workstation=ws, document=f"{dk or ''}|{dn or ''}",
                      document_kind=dk or "", document_number=dn or "", handover_number=ho or "", corrects_seq=cs,
                      corrected_by=tuple(corrections.get(seq, ())), data=loads(data), hash=h)
            for seq, kind, occ, rec, user, ws, dk, dn, ho, cs, data, h in rows]


def _scoped_deadlines(uow, item_id: int) -> list[DeadlineView]:
    """A scoped user's deadlines go through ``deadlines`` (an officer never sees other cases' deadlines)."""
    return deadlines(uow, item_id=item_id)


def _live_reviews(uow, rows) -> list:
    """The page's open deadlines, the backlog review kept only while its item is held under no live decision (TT
    01/2017 Điều 13.2) — as ``deadlines`` shows it to a scoped user and the home screen counts it. Rare: a query only
    when the item has a review deadline open."""
    from .pending_review import KIND, review_conds
    reviews = [row[0] for row in rows if row[1] == KIND.value]
    if not reviews:
        return rows
    live = set(uow.session.scalars(select(DL.c.id).select_from(DL.join(I, I.c.id == DL.c.item_id))
                                   .where(DL.c.id.in_(reviews), *review_conds(DL, I))))
    return [row for row in rows if row[1] != KIND.value or row[0] in live]


def _deadline_views(rows) -> list[DeadlineView]:
    today = chronology.today()
    return [DeadlineView(i, kind, due, start, code or "", name or "", number or "", resp, urgency(due, today).value,
                         False) for i, kind, due, start, code, name, number, resp in rows]


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
    today = chronology.today()
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
