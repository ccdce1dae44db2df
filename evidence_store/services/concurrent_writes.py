"""What a service marked ``context.concurrent`` uses to run beside others of its kind (issue #19): the rows it
changes, read under row locks in one order; the rows it finds or creates by a key (a person, a document, a case
number), under a lock on that key only; its numbers (record number, item codes), drawn at its end; and its ledger
events, appended in one batch at its end."""

from __future__ import annotations

import uuid

from sqlalchemy import select, text

from .persistence import check_chronology

# PostgreSQL advisory lock space (the two-key form, apart from db.engine's one-key locks) of the keys a
# transaction finds or creates a row by: held from the creation to the commit, by those creating that key only
PG_KEY_LOCKS = 7_270_004
PROVISIONAL = "~"  # the first character of a number not drawn yet: no item code or record number starts with it


def find_or_lock(session, key: str, find):
    """``find()``, or when it finds nothing on PostgreSQL: the lock on ``key``, then ``find()`` again — another
    workstation creating the same key meanwhile has then committed (its row is found) or rolled back. Find-or-create
    without a duplicate, and without a lock for the common case of a row that exists (issue #19)."""
    found = find()
    if found is None and session.bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:space, hashtext(:key))"), {"space": PG_KEY_LOCKS, "key": key})
        found = find()
    return found


def provisional_number(length: int) -> str:
    """A unique placeholder for a number drawn at the transaction's end (``draw_numbers``); never committed."""
    return PROVISIONAL + uuid.uuid4().hex[:length - 1]


def draw_numbers(uow, draw):
    """Call ``draw()`` (it takes the yearly counters: record number, item codes) under the ledger's chain lock, just
    before the events are appended: the counters' rows stay locked from here to the commit only, the window the
    chain lock serialises anyway — two intakes run side by side until then (issue #19). A counter is only ever
    drawn under the chain lock by a concurrent service (an exclusive writer runs alone), so a chain-lock holder
    never waits for another's counter. The numbers follow the ledger's (commit) order, without gaps."""
    uow.ledger.lock_chain()
    return draw()


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
