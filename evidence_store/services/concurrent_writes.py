"""What a service marked ``context.concurrent`` uses to run beside others of its kind (issue #19): the rows it
changes, read under row locks in one order, and its ledger events, appended in one batch at its end (the rows it
finds or creates by a key, and its numbers drawn last: db.key_locks)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from .persistence import check_chronology, record


def lock_rows(session, model, ids) -> list:
    """PostgreSQL: lock the rows a transaction will change and read them as committed now (a service marked
    ``context.concurrent`` runs beside others of its kind: its counters read under its own row locks, never
    lost). Rows are locked in id order, items before locations, so two such transactions cannot deadlock.
    SQLite: the writing transaction holds the whole file already; the rows are only read.
    The rows stay in the session until it closes, so that ``session.get`` finds them without another statement: the
    session holds an unchanged row weakly, and a caller dropping the list (a move's old locations, read again by
    persistence.adjust_occupancy) paid one more SELECT per move (issue #19)."""
    ids = sorted({i for i in ids if i is not None})
    if not ids:
        return []
    stmt = select(model).where(model.id.in_(ids)).order_by(model.id).execution_options(populate_existing=True)
    if session.bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update(key_share=True)  # FOR NO KEY UPDATE: other rows' foreign keys may still point here
    rows = list(session.scalars(stmt))
    session.info.setdefault("locked_rows", []).extend(rows)
    return rows


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


def record_and_commit(uow, rows, handover=None, *, batch: bool = True) -> tuple[list[int], tuple[int, str]]:
    """``record_many``, the handover's seal of the ledger's head (persistence.seal_ledger_position) and the commit:
    the service's last step. Under a user's login on PostgreSQL the appends, the items' last event, the seal and the
    COMMIT go to the server in one round trip (LedgerRepository.append_many_and_commit): the chain lock is held
    for the server's time only (issue #19). Elsewhere as before: ``record_many`` (``batch``) or ``persistence.record``
    event by event. Returns the events' seqs and the ledger's head after them."""
    if not rows or not uow.ledger.can_commit_in_one_step():
        seqs = record_many(uow, rows) if batch else [
            record(uow, item, kind, data, document=doc, handover=ho, occurred_at=at).seq
            for item, kind, data, doc, ho, at in rows]
        head = uow.ledger.head()
        if handover is not None:
            handover.ledger_seq, handover.ledger_hash = head
        uow.commit()
        return seqs, head
    if any(item is not None and item.id is None for item, *_ in rows):
        uow.session.flush()
    for item, kind, _data, document, _handover, occurred_at in rows:
        check_chronology(uow.session, item, kind, occurred_at, (document,))
        if item is not None:
            item.event_count = (item.event_count or 0) + 1  # written with the other changes, before the chain lock
    items = [item for item, *_ in rows if item is not None]
    then = []
    if items:  # each item's last event: the newest of its events, those just appended (the chain lock is held)
        then.append(("UPDATE items SET last_event_seq = (SELECT max(e.seq) FROM custody_events e "
                     "WHERE e.item_id = items.id) WHERE id = ANY(%s)", ([i.id for i in items],)))
    if handover is not None:  # the paper witnesses the ledger's head after its own events
        then.append(("UPDATE handovers SET ledger_seq = h.seq, ledger_hash = h.hash FROM (SELECT seq, hash FROM "
                     "custody_events ORDER BY seq DESC LIMIT 1) h WHERE handovers.id = %s", (handover.id,)))
    got = uow.ledger.append_many_and_commit(
        [{"kind": kind, "data": data, "item_id": item.id if item is not None else None, "occurred_at": occurred_at,
          "document_id": document.id if document else None, "handover_id": ho.id if ho else None}
         for item, kind, data, document, ho, occurred_at in rows],
        user_id=uow.actor.user_id, workstation=uow.actor.workstation, then=then)
    for (item, *_rest), (seq, _hash) in zip(rows, got):
        if item is not None:
            set_committed_value(item, "last_event_seq", seq)  # as written by the server: nothing left to flush
    if handover is not None:
        set_committed_value(handover, "ledger_seq", got[-1][0])
        set_committed_value(handover, "ledger_hash", got[-1][1])
    uow.commit()  # ends the session's transaction (the server has committed it)
    return [seq for seq, _h in got], got[-1]
