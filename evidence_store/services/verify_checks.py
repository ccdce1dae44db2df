"""The parts of the ledger verification that the sequential (services.verify) and the two-core
(services.verify_parallel) paths share: the result, the attachment/protection/security-log checks, the
replay and the item comparison. Its own module so that neither path imports the other."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

import hashlib

from ..db import protections
from ..db.ledger_scan import differs, row_problem, set_of
from ..domain.ledger import GENESIS, ChainBreak, verify_rows, verify_security_rows
from .persistence import TRACKED

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
    protections_missing: list[str] = field(default_factory=list)  # trigger names absent or neutered
    attachments: int = 0  # attachments re-hashed
    attachment_problems: list[tuple[int | None, str, str]] = field(default_factory=list)  # (id, sha256, reason)
    security_events: int = 0
    security_head: str = GENESIS
    security_break: ChainBreak | None = None
    complete: bool = True  # False when cancelled before the end

    @property
    def ledger_ok(self) -> bool:
        return self.chain_break is None and not self.mismatches and self.integrity == "ok"

    @property
    def ok(self) -> bool:
        return (self.ledger_ok and not self.protections_missing and not self.attachment_problems
                and self.security_break is None)


def _norm(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return value
    return value


def _sqlite_snapshot(raw) -> None:
    """SQLite: one read transaction (WAL) for the whole check. The app's connections run in autocommit
    mode (isolation_level None, the engine issues BEGIN itself), so without this each statement would
    read a newer state and events and item rows written meanwhile would look like tampering."""
    raw.rollback()
    raw.cursor().execute("BEGIN")


REF_KEYS = ("sha256", "photos")  # keys of an event's data that hold attachment hashes (a hash or a list)


def collect_refs(rows, refs: set, *, data_at: int, handover_at: int, item_at: int = 1) -> None:
    """The attachment hashes the ledger holds, as ("item", id, sha) or, for an event about a record and no
    item (signatures), ("handover", id, sha). Every event that stores a file puts its SHA-256 under one of
    REF_KEYS of its data."""
    for row in rows:
        data = row[data_at]
        if "sha256" not in data and ('"photos"' not in data or data.count('"photos"') == data.count('"photos":[]')):
            continue  # no file named (a receive event without photos says "photos":[]: no need to parse it)
        try:
            payload = json.loads(data)
        except ValueError:
            continue
        hashes = []
        for key in REF_KEYS:
            value = payload.get(key) if isinstance(payload, dict) else None
            if isinstance(value, str):
                hashes.append(value)
            elif isinstance(value, list):
                hashes.extend(v for v in value if isinstance(v, str))
        for sha in hashes:  # an event about an item holds its hashes for that item; else for its record
            if row[item_at] is not None:
                refs.add(("item", row[item_at], sha))
            else:  # a record's file, or (no record either) a case-level file such as a milestone's scan
                refs.add(("handover", row[handover_at], sha))


def check_rest(db, raw, result: VerifyResult, refs: set | None) -> None:
    """Protections, attachments and the security log, in the snapshot ``raw`` is reading."""
    cur = raw.cursor()
    result.protections_missing = protections.missing(cur, db.is_sqlite)
    if refs is not None:
        _check_attachments(db, raw, refs, result)
        _check_audits(db, raw, result)
    _check_security_log(db, raw, result)


def _check_audits(db, raw, result: VerifyResult) -> None:
    """The audits' result lines replayed against their ledger events (services/audit_verify)."""
    from .audit_verify import check
    found = check(db, raw)
    if found:
        result.mismatches.extend(found)
        if result.first_bad_item is None:
            result.first_bad_item = found[0][1]


def _check_attachments(db, raw, refs: set, result: VerifyResult) -> None:
    """Each attachment's content must hash to its recorded SHA-256, which the ledger must hold for its item
    or its record; each hash the ledger holds for an item must still have its attachment."""
    cur = _streaming_cursor(db, raw, "verify_attachments", 200)
    cur.execute("SELECT id, sha256, size, item_id, handover_id, content FROM attachments ORDER BY id")
    present = set()
    while True:
        rows = cur.fetchmany(200)
        if not rows:
            break
        for att_id, sha, size, item_id, handover_id, content in rows:
            result.attachments += 1
            content = bytes(content or b"")
            if hashlib.sha256(content).hexdigest() != sha or len(content) != size:
                result.attachment_problems.append((att_id, sha, "content_changed"))
                continue
            key = ("item", item_id, sha) if item_id is not None else ("handover", handover_id, sha)
            if key not in refs:
                result.attachment_problems.append((att_id, sha, "not_in_ledger"))
            present.add(key)
    if not db.is_sqlite:
        cur.close()
    for ref in sorted(refs - present, key=str):
        # a file the ledger recorded whose attachment row is gone (or was swapped for another)
        result.attachment_problems.append((None, ref[2], "missing"))


def _check_security_log(db, raw, result: VerifyResult) -> None:
    cur = _streaming_cursor(db, raw, "verify_security", 20_000)
    cur.execute("SELECT id, at, kind, user_id, username, workstation, data, prev_hash, hash "
                "FROM security_events ORDER BY id")
    prev = GENESIS
    while True:
        rows = cur.fetchmany(20_000)
        if not rows:
            break
        n, prev, brk = verify_security_rows(rows, prev)
        result.security_events += n
        if brk:
            result.security_break = brk
            break
    if not db.is_sqlite:
        cur.close()
    result.security_head = prev


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
            changes = set_of(data)  # only the "set" object parsed when provably the same (issue #19)
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
