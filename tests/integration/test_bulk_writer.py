"""The bulk demo's writer process (demo/bulk_writer.py): it chains the ledger and writes every row, so what a
user reads from a bulk database — a printed record's ledger stamp, the chain's head — must come out of it
exactly as the services would have written them; and a failure there stops the build with its reason."""

from __future__ import annotations

import sqlite3

import pytest


def test_each_handover_is_stamped_with_the_ledger_head_after_its_events(tmp_path):
    """A biên bản's printed stamp is (ledger_seq, ledger_hash): the hash must be the chain's at that seq."""
    from evidence_store.db.migrate import open_database
    from evidence_store.demo.bulk import build
    from evidence_store.services.verify import verify

    db = open_database(f"sqlite:///{tmp_path / 'bulk.sqlite3'}", backup=False)
    try:
        result = build(db, 250, 8, seed=5)
        checked = verify(db)
        assert checked.ok and checked.head_hash == result.head_hash and checked.events == result.events
    finally:
        db.dispose()
    con = sqlite3.connect(tmp_path / "bulk.sqlite3")
    total, stamped, releases = con.execute(
        "SELECT count(*), sum(h.ledger_hash = e.hash), sum(h.kind = 'release') FROM handovers h "
        "JOIN custody_events e ON e.seq = h.ledger_seq").fetchone()
    last = con.execute("SELECT max(seq) FROM custody_events").fetchone()[0]
    con.close()
    assert total == stamped and releases > 0 and last == result.events


def test_a_failure_in_the_writer_process_stops_the_build_with_its_reason(tmp_path):
    from evidence_store.demo.bulk_writer import BulkWriter

    sqlite3.connect(tmp_path / "empty.sqlite3").close()  # no custody_events table
    writer = BulkWriter(str(tmp_path / "empty.sqlite3"))
    try:
        writer.events(['[1,null,"case_milestone","2024-01-01T00:00:00.000000Z","2024-01-01T00:00:00.000000Z",'
                       '1,"KHO",null,null,null]\n{}'])
        with pytest.raises(RuntimeError, match="no such table: custody_events"):
            writer.close()
    finally:
        writer.abort()


def test_events_out_of_order_are_refused(tmp_path):
    """The chain is made in seq order: a gap would chain the wrong predecessor, so the writer stops."""
    from evidence_store.demo.bulk_writer import BulkWriter

    con = sqlite3.connect(tmp_path / "l.sqlite3")
    con.execute("CREATE TABLE custody_events (seq INTEGER PRIMARY KEY, item_id, kind, occurred_at, recorded_at, "
                "user_id, workstation, document_id, handover_id, corrects_seq, data, prev_hash, hash)")
    con.close()
    writer = BulkWriter(str(tmp_path / "l.sqlite3"))
    try:
        head = ',"2024-01-01T00:00:00.000000Z","2024-01-01T00:00:00.000000Z",1,"KHO",null,null,null]\n{}'
        writer.events(['[1,null,"case_milestone"' + head, '[3,null,"case_milestone"' + head])
        with pytest.raises(RuntimeError, match="event 3 arrived as number 2"):
            writer.close()
    finally:
        writer.abort()
