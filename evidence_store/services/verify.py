"""Ledger verification: recompute the hash chain, replay the events against the item rows,
and run SQLite's integrity check. Detects rows changed, deleted or inserted behind the app's back.

Besides the custody ledger (issue #14), in the same read snapshot: the database's own protections are
present (db.protections), every attachment (photo, signed-paper scan, signature image) is re-hashed and
matched with the hash the ledger holds for its item or record, and the security log's own chain is
recomputed. Everything is read in ONE snapshot (a read transaction on SQLite, REPEATABLE READ on
PostgreSQL), so writers working meanwhile never make it report a false discrepancy."""

from __future__ import annotations

from ..domain.ledger import GENESIS, verify_rows
from . import verify_parallel  # big SQLite ledgers: chain and replay on two cores (DESIGN §7)
from .verify_checks import (  # noqa: F401  (VerifyResult, collect_refs, check_rest re-exported)
    _COLUMNS, REF_KEYS, VerifyResult, _code_of, _compare_items, _pg_snapshot, _replay, _scalar, _sqlite_snapshot,
    _streaming_cursor, check_rest, collect_refs)


def verify(db, *, replay: bool = True, progress=None, cancelled=lambda: False, batch: int = 50_000,
           integrity: bool = True) -> VerifyResult:
    """The ledger's check (hash chain + replay against the item rows) and, unless ``integrity=False``,
    SQLite's check of the whole file (PRAGMA quick_check: ~30 s for a 5.5 GB file, whatever the ledger)."""
    if replay and verify_parallel.worth_it(db):
        return verify_parallel.verify_parallel(db, progress=progress, cancelled=cancelled, batch=batch,
                                               integrity=integrity)
    result = VerifyResult()
    raw = db.reader.raw_connection()
    try:
        cur = raw.cursor()
        if not db.is_sqlite:
            _pg_snapshot(raw)
        else:
            _sqlite_snapshot(raw)
            if integrity:
                result.integrity = cur.execute("PRAGMA quick_check").fetchone()[0]
        total = _scalar(cur, "SELECT count(*) FROM custody_events")
        state: dict[int, dict] = {}
        counts: dict[int, list] = {}
        refs: set = set()
        prev, last_seq = GENESIS, 0
        cur = _streaming_cursor(db, raw, "verify_events", batch)
        cur.execute(f"SELECT {_COLUMNS} FROM custody_events ORDER BY seq")
        while True:
            rows = cur.fetchmany(batch)
            if not rows:
                break
            n, prev, brk = verify_rows(rows, prev, last_seq)
            result.events += n
            last_seq += n
            if replay:
                _replay(rows[:n], state, counts)
            collect_refs(rows[:n], refs, data_at=10, handover_at=8)
            if brk:
                result.chain_break = brk
                break
            if progress:
                progress(result.events, total)
            if cancelled():
                result.complete = False
                break
        if not db.is_sqlite:
            cur.close()
        result.head_seq, result.head_hash = last_seq, prev
        if replay and result.chain_break is None and result.complete:
            _compare_items(db, raw, state, counts, result)
        if result.chain_break:
            result.first_bad_seq = result.chain_break.seq
            result.first_bad_item = _code_of(raw, db, result.chain_break.item_id)
        if result.complete:
            check_rest(db, raw, result, refs if result.chain_break is None else None)
    finally:
        try:
            raw.rollback()
        finally:
            raw.close()
    return result
