"""What a service marked ``context.concurrent`` uses to run beside others of its kind (issue #19): the rows it
changes, read under row locks in one order, and its ledger events, appended in one batch at its end (the rows it
finds or creates by a key, and its numbers drawn last: db.key_locks)."""

from __future__ import annotations

from sqlalchemy import select

from .persistence import check_chronology


def lock_rows(session, model, ids) -> list:
    """PostgreSQL: lock the rows a transaction will change and read them as committed now (a service marked
    ``context.concurrent`` runs beside others of its kind: its counters read under its own row locks, never
    lost). Rows are locked in id order, items before locations, so two such transactions cannot deadlock.
    SQLite: the writing transaction holds the whole file already; the rows are only read."""
    ids = sorted({i for i in ids if i is not None})
    if not ids:
        return []
    stmt = select(model).where(model.id.in_(ids)).order_by(model.id).execution_options(populate_existing=True)
    if session.bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update(key_share=True)  # FOR NO KEY UPDATE: other rows' foreign keys may still point here
    return list(session.scalars(stmt))


def record_many(uow, rows) -> list[int]:
    """``persistence.record`` for several events at once, in order — rows of (item, kind, data, document, handover,
    occurred_at) — appended in one step (``LedgerRepository.append_many``: one statement, or one call of
    kvc_append_events under a user's login); the same checks and counters. Returns their sequence numbers."""
    if any(item is not None and item.id is None for item, *_ in rows):
        uow.session.flush()
    for item, kind, _data, document, _handover, occurred_at in rows:
        check_chronology(uow.session, item, kind, occurred_at, (document,))
    seqs = uow.ledger.append_many(
        [{"kind": kind, "data": data, "item_id": item.id if item is not None else None, "occurred_at": occurred_at,
          "document_id": document.id if document else None, "handover_id": handover.id if handover else None}
         for item, kind, data, document, handover, occurred_at in rows],
        user_id=uow.actor.user_id, workstation=uow.actor.workstation)
    for (item, *_rest), seq in zip(rows, seqs):
        if item is not None:
            item.event_count = (item.event_count or 0) + 1
            item.last_event_seq = seq
    return seqs
