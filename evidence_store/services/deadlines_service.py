"""The home screen: what waits for the warehouse today (DESIGN §2 deadlines; LEGAL.md B.2 #16)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select

from ..describe import describe_event
from ..domain.deadlines import WARN_DAYS, DeadlineKind
from ..domain.permissions import can_read_everything, require
from ..domain.states import State
from ..db.models import CustodyEvent, Deadline, Document, Handover, Item, Location, User
from . import queries, scope
from .dto import EventView
from .dto import Dashboard
# Held ≥ 1 year by THADS without a judgment → joint review by THADS, police, VKS, court (TT 01/2017 Điều 13.2);
# the rules live in services.pending_review (re-exported here for the reports and the tests)
from .pending_review import PENDING_STATES, backlog_conds, live_decision_conds  # noqa: F401
from ..domain import chronology

def dashboard(uow, *, today=None, rows: int = 50, recent: int = 20, backlog: bool = True) -> Dashboard:
    """``backlog=False`` leaves out the ≥ 1-year backlog (``pending_year_count`` None, no items): the count scans
    the held items (~0.5 s at a million); the home screen asks ``pending_now`` for it apart (issue #19)."""
    _check_reader(uow)
    today = today or chronology.today()
    due = queries.deadlines(uow, due_within_days=WARN_DAYS, limit=1000)
    temporary = tuple(d for d in due if d.kind == DeadlineKind.TEMPORARY_RETURN)
    legal = tuple(d for d in due if d.kind != DeadlineKind.TEMPORARY_RETURN)
    waiting = queries.ItemQuery(state=State.AWAITING_INTAKE.value, order="oldest")
    events = recent_events(uow, recent)
    places = _move_places(uow, events)
    return Dashboard(
        awaiting_intake=queries.count_items(uow, waiting),
        awaiting_intake_items=tuple(queries.item_page(uow, waiting, 0, rows)),
        temporary_due=temporary, legal_due=legal,
        pending_year_count=pending_year_count(uow, today) if backlog else None,
        pending_year_items=tuple(pending_year_items(uow, today, rows)) if backlog else (),
        recent=tuple(events), recent_text=tuple(describe_event(e, places) for e in events))


def _move_places(uow, events) -> dict[int, str]:
    """Location id → name for the recent moves, shown "from → to" by name (HANDS-ON 31)."""
    ids = set()
    for e in events:
        if e.kind == "move":
            data = dict(e.data)
            ids.update(i for i in (data.get("from"), (data.get("set") or {}).get("location_id")) if isinstance(i, int))
    if not ids:
        return {}
    return dict(uow.session.execute(select(Location.id, Location.name).where(Location.id.in_(ids))).all())


def _check_reader(uow) -> None:
    """Everyone reads the home screen; officers see their own cases only (DESIGN §1)."""
    if not can_read_everything(uow.actor.roles):
        require(uow.actor, "read_own_cases")


def _pending_query(uow, today, *columns):
    """Items with an open review deadline a year old or more (services.pending_review), one row per item."""
    stmt = select(*columns).select_from(Item).join(Deadline, Deadline.item_id == Item.id).where(*backlog_conds(today))
    if not can_read_everything(uow.actor.roles):
        stmt = stmt.where(Item.case_id.in_(scope.case_ids(uow, current_only=True)))
    return stmt


def pending_now(uow, today=None) -> int:
    """The home screen's "held ≥ 1 year" count on its own (read with the reader's checks, as ``dashboard``)."""
    _check_reader(uow)
    return pending_year_count(uow, today or chronology.today())


def pending_year_count(uow, today) -> int:
    return uow.session.scalar(_pending_query(uow, today, func.count())) or 0


def pending_year_items(uow, today, limit: int = 50):
    """The oldest first: by THADS's receipt (the review deadline's start)."""
    ids = list(uow.session.scalars(_pending_query(uow, today, Item.id).order_by(Deadline.start_on, Item.id)
                                   .limit(limit)))
    return queries.item_rows_by_ids(uow, ids)


def recent_events(uow, limit: int = 20) -> list[EventView]:
    """The last events of the ledger, newest first (readers of own cases see their items only)."""
    E, D, H, U, I = (CustodyEvent.__table__, Document.__table__, Handover.__table__, User.__table__,
                     Item.__table__)
    stmt = (select(E, D.c.kind.label("doc_kind"), D.c.number.label("doc_number"), H.c.number.label("ho_number"),
                   U.c.username, I.c.code.label("item_code"))
            .select_from(E.outerjoin(D, D.c.id == E.c.document_id).outerjoin(H, H.c.id == E.c.handover_id)
                         .outerjoin(U, U.c.id == E.c.user_id).outerjoin(I, I.c.id == E.c.item_id))
            .order_by(E.c.seq.desc()).limit(limit))
    if not can_read_everything(uow.actor.roles):
        stmt = stmt.where(I.c.case_id.in_(scope.case_ids(uow)))
    return [_event_view(r) for r in uow.session.execute(stmt).mappings()]


def _parse(ts: str) -> datetime:
    return datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ")


def _event_view(r) -> EventView:
    return EventView(seq=r["seq"], kind=r["kind"], occurred_at=_parse(r["occurred_at"]),
                     recorded_at=_parse(r["recorded_at"]), username=r["username"] or "system",
                     workstation=r["workstation"], document=f"{r['doc_kind'] or ''}|{r['doc_number'] or ''}",
                     document_kind=r["doc_kind"] or "", document_number=r["doc_number"] or "",
                     handover_number=r["ho_number"] or "", corrects_seq=r["corrects_seq"], corrected_by=(),
                     data=json.loads(r["data"]), hash=r["hash"], item_code=r["item_code"] or "")

