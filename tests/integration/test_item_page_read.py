"""Scan → the item's page (services/item_page.py, issue #19): the same page by code and by id on both engines, the
history's limits, an unknown code, the acts waiting for the item; on PostgreSQL the scan in one round trip (counted
on the wire: the actor's reload and the page in one pipeline, a transaction of its own) and a pooled connection the
server ended replaced without an error."""

from __future__ import annotations

import os
import tempfile

import pytest
from sqlalchemy import text

from evidence_store.domain import codes
from evidence_store.domain.errors import NotFound
from evidence_store.services import queries, storage
from evidence_store.services.commands import MoveItems
from evidence_store.services.context import UnitOfWork, reader_for

from .builders import phone, receive


def _moved_item(db, clerk, w):
    ch = receive(db, clerk, [phone(seal_number="NP-0001"), phone(seal_number="NP-0002")])
    code = ch.item_codes[0]
    for where in ("bin_A111", "bin_A112", "bin_A111"):
        with UnitOfWork(db, clerk) as uow:
            storage.move_items(uow, MoveItems((code,), w.locations[where]))
            uow.commit()
    return code


def test_item_page_by_code_and_by_id_with_its_history(world, clerk):
    db, w = world
    code = _moved_item(db, clerk, w)
    with UnitOfWork(db, clerk, write=False) as uow:
        page = queries.item_by_code(uow, code.lower())  # a scanner in lower case: the same item
        everything = queries.item_by_code(uow, code, events=None)
        last = queries.item_by_code(uow, code, events=1)
        assert queries.item_detail(uow, page.id) == page
        assert queries.item_events(uow, page.id, limit=None) == list(everything.events)
        unknown = codes.make_code("VC", 2031, 987654).compact
        with pytest.raises(NotFound) as missing:
            queries.item_by_code(uow, unknown)
    assert page.code == code and page.location_code == w.locations["bin_A111"] and page.case_number == "125/2026/CSHS"
    kinds = [e.kind for e in everything.events]
    assert kinds[0] == "receive" and kinds.count("move") == 3 and [e.seq for e in page.events] == sorted(
        e.seq for e in page.events)
    assert last.events == everything.events[-1:] and len(everything.events) >= 4
    assert page.ledger_head_seq >= everything.events[-1].seq and len(page.ledger_head_hash) == 64
    assert (page.awaiting_disposal, page.awaiting_release, page.disposal_proposed) == ("", "", "")
    assert missing.value.params == {"code": unknown}


def _wire(db, unit_of_work, code) -> tuple[int, int]:
    """(round trips, statements parsed) of one scan as libpq sees them: each Sync (extended protocol) or simple
    Query waits for the server once, a pipeline's statements share one; a Parse is a statement planned again."""
    from psycopg import pq
    from sqlalchemy import event
    traced = []

    def trace_it(dbapi_connection, _record, _proxy):  # whichever pooled connection the scan gets
        traced.append(dbapi_connection)
        dbapi_connection.pgconn.trace(trace.fileno())
        dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    trace = tempfile.NamedTemporaryFile("w+", suffix=".trace", delete=False)
    try:
        event.listen(db.reader.pool, "checkout", trace_it)
        with unit_of_work() as uow:
            queries.item_by_code(uow, code)
        event.remove(db.reader.pool, "checkout", trace_it)
        for c in traced:
            c.pgconn.untrace()
        trace.seek(0)
        lines = [ln.split("\t") for ln in trace.read().splitlines()]
    finally:
        trace.close()
        os.unlink(trace.name)
    assert len(traced) == 1 and lines  # one connection, traced
    sent = [p[2].strip() for p in lines if len(p) > 2 and p[0] == "F"]
    return sum(1 for m in sent if m in ("Sync", "Query")), sent.count("Parse")


@pytest.mark.postgres  # the wire protocol is PostgreSQL's
def test_postgresql_scan_is_one_round_trip_of_prepared_statements(world, clerk):
    db, w = world
    code = _moved_item(db, clerk, w)

    def scan():  # the scan's unit of work (ui.operations.query)
        return reader_for(db, clerk, queries.item_by_code)

    def system():  # no account to check (the CLI or the demo as "system")
        return UnitOfWork(db, write=False)
    for _ in range(8):  # psycopg prepares a statement at its fifth run on a connection
        for unit_of_work in (scan, system):
            with unit_of_work() as uow:
                queries.item_by_code(uow, code)
    unknown = codes.make_code("VC", 2031, 987654).compact
    with pytest.raises(NotFound), scan() as uow:  # an unknown code: still prepared after it
        queries.item_by_code(uow, unknown)
    # the actor's reload and the page's reads in one pipeline, a transaction of its own (was four: BEGIN alone, the
    # actor alone, the page, ROLLBACK; before that six: the pool's ping, the item's row apart — every statement
    # parsed and planned each time)
    assert _wire(db, scan, code) == (1, 0)
    # no actor to check: the transaction's BEGIN in the page's pipeline, then ROLLBACK (was three: BEGIN alone)
    assert _wire(db, system, code) == (2, 0)


@pytest.mark.postgres  # a server ending a pooled connection is PostgreSQL's
def test_postgresql_connection_ended_by_the_server_is_replaced(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    with UnitOfWork(db, clerk, write=False) as uow:
        queries.item_by_code(uow, code)
    with db.reader.connect() as conn:
        pid = conn.connection.driver_connection.info.backend_pid
    with db.writer.connect() as other:  # an administrator's pg_terminate_backend, a server restart
        assert other.execute(text("SELECT pg_terminate_backend(:p, 5000)"), {"p": pid}).scalar()
    with UnitOfWork(db, clerk, write=False) as uow:  # no error: the pool found it dead and opened another
        page = queries.item_by_code(uow, code)
        assert uow.session.execute(text("SELECT pg_backend_pid()")).scalar() != pid
    assert page.code == code


def test_the_page_names_the_acts_waiting_for_the_item(world, clerk):
    """A release waiting for the commander's approval, a disposal proposed (read with the item's row: one statement)."""
    from evidence_store.services.commands import ProposeDisposal
    from evidence_store.services.disposal import propose_disposal
    from evidence_store.services.release import release_items
    from .lifecycle_builders import dismissed, examination_release, run
    from .test_disposal import CASH, _police_decision
    db, w = world
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])]).item_codes[0]
    release = run(db, clerk, release_items, examination_release(w, [code])).handover_number
    cash = receive(db, clerk, [CASH], case_number="126/2026/CSHS")
    dismissed(db, w, cash.case_id)
    proposal = run(db, w.actor(db, "lanhdao"), propose_disposal, ProposeDisposal(
        (cash.item_codes[0],), "confiscated", _police_decision(w), receiving_agency_id=w.agencies["khobac"]))
    with reader_for(db, clerk, queries.item_by_code) as uow:
        waiting = [(p.awaiting_disposal, p.awaiting_release, p.disposal_proposed)
                   for p in (queries.item_by_code(uow, c) for c in (code, cash.item_codes[0]))]
    assert waiting == [("", release, ""), ("", "", proposal.handover_number)]


@pytest.mark.postgres  # psycopg's pipeline and transactions
def test_postgresql_a_batch_of_its_own_only_where_the_connection_begins_plainly(world):
    """prepared.all_together(own_transaction=True): PostgreSQL's implicit transaction, ended by the pipeline's Sync —
    but a connection set to begin otherwise (the copy's REPEATABLE READ READ ONLY snapshot) gets its BEGIN."""
    from psycopg import pq
    from sqlalchemy import func, select
    from evidence_store.db.prepared import Prepared, all_together
    db, _ = world
    level = Prepared(select(func.current_setting("transaction_isolation"),
                            func.current_setting("transaction_read_only")))
    with db.session(write=False) as s:
        assert all_together(s, [(level, {})], own_transaction=True) == [[("read committed", "off")]]
        assert s.connection().connection.driver_connection.info.transaction_status == pq.TransactionStatus.IDLE
    with db.session(write=False) as s:
        s.connection(execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True})
        assert all_together(s, [(level, {})], own_transaction=True) == [[("repeatable read", "on")]]
        assert s.connection().connection.driver_connection.info.transaction_status == pq.TransactionStatus.INTRANS
