"""Ledger verification: recompute the hash chain, replay the events against the item rows,
and run SQLite's integrity check. Detects rows changed, deleted or inserted behind the app's back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from ..db.ledger_scan import differs, row_problem
from ..domain.ledger import GENESIS, ChainBreak, verify_rows
from .common import TRACKED

_COLUMNS = ("seq, item_id, kind, occurred_at, recorded_at, user_id, workstation, document_id, handover_id, "
            "corrects_seq, data, prev_hash, hash")


@dataclass
class VerifyResult:
    events: int = 0
    items: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    chain_break: ChainBreak | None = None
    mismatches: list[tuple[int | None, str, str]] = field(default_factory=list)  # (item_id, code, reason)
    integrity: str = "ok"
    first_bad_seq: int | None = None
    first_bad_item: str | None = None

    @property
    def ok(self) -> bool:
        return self.chain_break is None and not self.mismatches and self.integrity == "ok"


def _norm(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return value
    return value


def verify(db, *, replay: bool = True, progress=None, cancelled=lambda: False, batch: int = 50_000,
           integrity: bool = True) -> VerifyResult:
    """The ledger's check (hash chain + replay against the item rows) and, unless ``integrity=False``,
    SQLite's check of the whole file (PRAGMA quick_check: ~30 s for a 5.5 GB file, whatever the ledger)."""
    from . import verify_parallel  # big SQLite ledgers: chain and replay on two cores (DESIGN §7)
    if replay and verify_parallel.worth_it(db):
        return _audits(db, verify_parallel.verify_parallel(db, progress=progress, cancelled=cancelled, batch=batch,
                                                           integrity=integrity))
    result = VerifyResult()
    raw = db.reader.raw_connection()
    try:
        cur = raw.cursor()
        if not db.is_sqlite:
            _pg_snapshot(raw)
        elif integrity:
            result.integrity = cur.execute("PRAGMA quick_check").fetchone()[0]
        total = _scalar(cur, "SELECT count(*) FROM custody_events")
        state: dict[int, dict] = {}
        counts: dict[int, list] = {}
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
            if brk:
                result.chain_break = brk
                break
            if progress:
                progress(result.events, total)
            if cancelled():
                break
        result.head_seq, result.head_hash = last_seq, prev
        if replay and result.chain_break is None:
            _compare_items(db, raw, state, counts, result)
        if result.chain_break:
            result.first_bad_seq = result.chain_break.seq
            result.first_bad_item = _code_of(raw, db, result.chain_break.item_id)
    finally:
        raw.close()
    return _audits(db, result) if replay else result


def _audits(db, result: VerifyResult) -> VerifyResult:
    """The audits' result lines replayed against their ledger events (services/audit_verify)."""
    if result.chain_break is not None:
        return result
    from .audit_verify import check
    raw = db.reader.raw_connection()
    try:
        found = check(db, raw)
    finally:
        raw.close()
    if found:
        result.mismatches.extend(found)
        if result.first_bad_item is None:
            result.first_bad_item = found[0][1]
    return result


def _pg_snapshot(raw) -> None:
    """PostgreSQL: one read-only snapshot for the whole check, so events and item rows written by
    other workstations meanwhile are consistently either seen or not."""
    raw.rollback()
    raw.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _streaming_cursor(db, raw, name: str, batch: int):
    """SQLite cursors already step through rows; on PostgreSQL a named (server-side) cursor keeps
    ten million events on the server instead of in this process's memory."""
    if db.is_sqlite:
        return raw.cursor()
    cur = raw.cursor(name=name)
    cur.itersize = batch
    return cur


def _scalar(cur, sql):
    cur.execute(sql)
    return cur.fetchone()[0]


def _replay(rows, state, counts) -> None:
    for row in rows:
        item_id = row[1]
        if item_id is None:
            continue
        data = row[10]
        c = counts.get(item_id)
        if c is None:
            counts[item_id] = [1, row[0]]
        else:
            c[0] += 1
            c[1] = row[0]
        if '"set"' in data:
            changes = json.loads(data).get("set")
            if changes:
                state.setdefault(item_id, {}).update(changes)


def _compare_items(db, raw, state, counts, result: VerifyResult) -> None:
    cur = _streaming_cursor(db, raw, "verify_items", 20_000)
    cur.execute(f"SELECT id, event_count, last_event_seq, {', '.join(TRACKED)} FROM items ORDER BY id")
    seen = set()
    while True:
        rows = cur.fetchmany(20_000)
        if not rows:
            break
        for row in rows:
            result.items += 1
            seen.add(row[0])
            problem = row_problem(row, state, counts, TRACKED)
            if problem:
                result.mismatches.append((row[0], row[3], problem))
    for item_id in counts:
        if item_id not in seen:
            result.mismatches.append((item_id, state.get(item_id, {}).get("code", ""), "events_without_item"))
    if result.mismatches and result.first_bad_seq is None:
        bad_id = result.mismatches[0][0]
        result.first_bad_item = result.mismatches[0][1]
        c = counts.get(bad_id)
        result.first_bad_seq = c[1] if c else None


_differs = differs


def _code_of(raw, db, item_id) -> str | None:
    if item_id is None:
        return None
    cur = raw.cursor()
    cur.execute("SELECT code FROM items WHERE id = %s" % int(item_id))
    row = cur.fetchone()
    return row[0] if row else None
