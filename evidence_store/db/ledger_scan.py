"""Hash-chain verification of a SQLite ledger in a child process, so that services.verify can replay
the events against the item rows on the other core at the same time (DESIGN §7: ≥ 200,000 events/s).
Imports only sqlite3 and domain.ledger, so the child starts quickly.

SQLite itself builds each event's canonical bytes (``json_array`` of the header columns, a newline and
the stored data: compact separators, UTF-8, the escapes of Python's encoder), so this process only
hashes. Should SQLite's text of some unusual value ever differ from domain.ledger.canonical, the event
is checked again the Python way before a break is reported."""

from __future__ import annotations

import gc
import hashlib
import json
from json.scanner import make_scanner

from ..domain.ledger import GENESIS, ChainBreak, verify_rows

_scan = make_scanner(json.JSONDecoder())  # the C scanner without json.loads' Python wrapper

COLUMNS = ("seq, item_id, kind, occurred_at, recorded_at, user_id, workstation, document_id, handover_id, "
           "corrects_seq, data, prev_hash, hash")
CANONICAL = ("SELECT seq, CAST(json_array(seq, item_id, kind, occurred_at, recorded_at, user_id, workstation, "
             "document_id, handover_id, corrects_seq) || char(10) || data AS BLOB), prev_hash, hash "
             "FROM custody_events WHERE seq <= ? ORDER BY seq")


def verify_canonical(con, rows, prev: str = GENESIS, last: int = 0,
                     files: list | None = None) -> tuple[int, str, ChainBreak | None]:
    """verify_rows over rows of (seq, canonical bytes, prev_hash, hash) from CANONICAL. With ``files``, the
    sequence numbers of the events whose data may name an attachment's hash are appended to it (so verify
    reads only those again, instead of scanning the ledger a second time)."""
    sha, fromhex = hashlib.sha256, bytes.fromhex
    prev_bytes, expected, count = fromhex(prev), last + 1, 0
    for seq, canon, prev_hash, stored in rows:
        if files is not None and canon is not None and (b"sha256" in canon or (
                b'"photos"' in canon and canon.count(b'"photos"') != canon.count(b'"photos":[]'))):
            files.append(seq)  # not every receive event: most say "photos":[] (issue #19: 1M rows read again)
        if (seq != expected or prev_hash != prev or canon is None
                or (d := sha(prev_bytes + canon).digest()).hex() != stored):  # one finalisation per event
            full = con.execute(f"SELECT {COLUMNS} FROM custody_events WHERE seq = ?", (seq,)).fetchone()
            n, digest, brk = verify_rows([full], prev, expected - 1)
            if brk is not None:
                return count, prev, brk
            prev, prev_bytes = digest, fromhex(digest)
        else:
            prev, prev_bytes = stored, d
        expected, count = expected + 1, count + 1
    return count, prev, None


CANONICAL_RANGE = CANONICAL.replace("WHERE seq <= ?", "WHERE seq > ? AND seq <= ?")


def scan_chain(con, max_seq: int, batch: int = 50_000, files: list | None = None,
               progress=None) -> tuple[int, str, ChainBreak | None]:
    cur = con.execute(CANONICAL, (max_seq,))
    prev, last, brk = GENESIS, 0, None
    while brk is None:
        rows = cur.fetchmany(batch)
        if not rows:
            break
        n, prev, brk = verify_canonical(con, rows, prev, last, files)
        last += n
        if progress:
            progress(last, max_seq)
    return last, prev, brk


def scan_chain_range(con, after: int, max_seq: int, batch: int = 50_000, files: list | None = None, progress=None):
    """The chain of the events ``after < seq <= max_seq`` (the second half of a ledger checked on two cores):
    the range's first event is taken with its own sequence number and stored prev_hash, which the caller
    checks against the end of the first half (``join_halves``). Returns (first seq or None, its prev_hash,
    events verified, head hash, first break or None)."""
    cur = con.execute(CANONICAL_RANGE, (after, max_seq))
    rows = cur.fetchmany(batch)
    if not rows:
        return None, None, 0, None, None
    first_seq, first_prev = rows[0][0], rows[0][2]
    prev, last, count, brk = first_prev, first_seq - 1, 0, None
    while rows and brk is None:
        n, prev, brk = verify_canonical(con, rows, prev, last, files)
        last, count = last + n, count + n
        if progress:
            progress(last, max_seq)
        rows = cur.fetchmany(batch) if brk is None else None
    return first_seq, first_prev, count, prev, brk


def join_halves(con, first: tuple[int, str, ChainBreak | None], second: tuple) -> tuple[int, str, ChainBreak | None]:
    """(events, head hash, first break) of the whole chain from its two halves, exactly as one sequential pass
    would report them: the first half's break; else the link between the halves (the second half must start
    at the next sequence number with the first half's last hash as its prev_hash); else the second half's."""
    count, prev, brk = first
    first_seq, first_prev, n, head, brk2 = second
    if brk is not None or first_seq is None:
        return count, prev, brk
    if first_seq != count + 1 or first_prev != prev:
        item = con.execute("SELECT item_id FROM custody_events WHERE seq = ?", (first_seq,)).fetchone()
        reason = "sequence_gap" if first_seq != count + 1 else "prev_mismatch"
        return count, prev, ChainBreak(count + 1 if reason == "sequence_gap" else first_seq,
                                       item[0] if item else None, reason)
    return count + n, head if n else prev, brk2


def chain_worker(path: str, max_seq: int, conn, integrity: bool = True, part: tuple | None = None,
                 batch: int = 50_000) -> None:
    """Send ("ok", None, count, head_hash, break, files) for events up to ``max_seq`` over ``conn`` (the first
    half of the ledger when verify splits it between two processes); then, given
    ``part`` = (modulus, remainder, tracked), ("part", items, mismatches) for the items whose id has that
    remainder (replayed and compared here, the parent does the others); then, if asked,
    ("integrity", status) once PRAGMA quick_check is done (last: it reads the whole file)."""
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    gc.disable()  # a dedicated process building millions of small objects: no cyclic garbage here
    try:
        con = sqlite3.connect(path, timeout=30)
        try:
            con.execute("PRAGMA query_only=ON")
            con.execute("PRAGMA cache_size=-65536")
            con.execute("BEGIN")  # one read snapshot for the events and the item rows of this part
            files: list[int] = []
            last, prev, brk = scan_chain(con, max_seq, batch, files)
            conn.send(("ok", None, last, prev, brk, files))
            if part is not None:
                mod, rem, tracked = part
                items, mismatches = 0, []
                if brk is None:
                    # the item rows of this snapshot go with ITS events (it may be newer than the parent's:
                    # replaying only up to the parent's head would make rows written since look tampered)
                    own_head = con.execute("SELECT max(seq) FROM custody_events").fetchone()[0] or 0
                    where = f"item_id % {int(mod)} = {int(rem)}"
                    state, counts = replay_part(con, max(own_head, max_seq), where, batch)
                    items, mismatches = compare_part(con, f"id % {int(mod)} = {int(rem)}", state, counts, tracked)
                conn.send(("part", None, items, mismatches, None))
            if integrity:
                conn.send(("integrity", con.execute("PRAGMA quick_check").fetchone()[0], 0, GENESIS, None))
        finally:
            con.close()
    except BaseException as exc:  # report, never hang the parent
        conn.send(("error", repr(exc), 0, GENESIS, None))
    finally:
        conn.close()


def set_of(data: str, scan=_scan):
    """``json.loads(data).get("set")`` without parsing the rest of the payload when that is provably the same
    value (issue #19: a receive event's header keys, a release's order and agencies were parsed for nothing).
    The first ``"set":`` is the top-level key when the text before it opens no object but the payload itself
    (one ``{``, at 0) and holds no backslash (so that quote is not inside a string: a string closed there could
    not be followed by ``set":``); no later ``"set":`` may exist (a duplicate key: the full parse keeps the last).
    Anything else goes through the full parse."""
    i = data.find('"set":')
    if i > 0 and data[0] == "{" and data.count("{", 0, i) == 1 and data.find("\\", 0, i) < 0:
        value, end = scan(data, i + 6)
        if data.find('"set":', end) < 0:
            return value
    return scan(data, 0)[0].get("set")


def replay_rows(rows, state: dict, counts: dict) -> None:
    """Rows of (item_id, seq, data): per item the event count, last sequence and replayed fields."""
    for item_id, seq, data in rows:
        if item_id is None:
            continue
        c = counts.get(item_id)
        if c is None:
            counts[item_id] = [1, seq]
        else:
            c[0] += 1
            c[1] = seq
        if '"set"' in data:
            changes = set_of(data)
            if changes:
                s = state.get(item_id)
                if s is None:
                    state[item_id] = dict(changes)
                else:
                    s.update(changes)


def replay_part(con, max_seq: int, where: str, batch: int = 50_000, progress=None) -> tuple[dict, dict]:
    """(replayed fields per item, (event count, last seq) per item) for the events up to ``max_seq`` of the
    items matching ``where``. SQLite counts (over the (item_id, seq) index) and skips the events that set
    nothing; Python parses only the others. Call with the cyclic GC off: millions of small dicts."""
    counts = {item_id: (n, last) for item_id, n, last in con.execute(
        f"SELECT item_id, count(*), max(seq) FROM custody_events WHERE seq <= ? AND {where} GROUP BY item_id",
        (max_seq,))}
    state: dict[int, dict] = {}
    cur = con.execute(f"SELECT item_id, seq, data FROM custody_events WHERE seq <= ? AND {where} "
                      "AND instr(data, '\"set\"') > 0 ORDER BY seq", (max_seq,))
    while rows := cur.fetchmany(batch):
        for item_id, _seq, data in rows:
            changes = set_of(data)
            if changes:
                s = state.get(item_id)
                if s is None:
                    state[item_id] = changes
                else:
                    s.update(changes)
        if progress:
            progress(rows[-1][1], max_seq)
    return state, counts


def compare_part(con, where: str, state: dict, counts: dict, tracked: tuple) -> tuple[int, list]:
    """(items compared, [(item_id, code, reason, last seq of the item or None)]) in item order, then the
    events of items that have no row."""
    cur = con.execute(f"SELECT id, event_count, last_event_seq, {', '.join(tracked)} FROM items WHERE {where} "
                      "ORDER BY id")
    items, out, seen = 0, [], set()
    while rows := cur.fetchmany(20_000):
        items += len(rows)
        for row in rows:
            problem = row_problem(row, state, counts, tracked)
            seen.add(row[0])
            if problem:
                c = counts.get(row[0])
                out.append((row[0], row[3], problem, c[1] if c else None))
    for item_id, c in counts.items():
        if item_id not in seen:
            out.append((item_id, state.get(item_id, {}).get("code", ""), "events_without_item", c[1]))
    return items, out


def row_problem(row, state: dict, counts: dict, tracked: tuple) -> str | None:
    """Why the item row (id, event_count, last_event_seq, *tracked) differs from its replayed history."""
    expected, c = state.get(row[0]), counts.get(row[0])
    if expected is None or c is None:
        return "item_without_history"
    if row[1] != c[0] or row[2] != c[1]:
        return "event_count"
    values = row[3:]
    if values == tuple(map(expected.get, tracked)):  # the usual case: equal, field by field
        return None
    for name, value in zip(tracked, values):
        if differs(value, expected.get(name)):
            return "field:" + name
    return None


def differs(actual, expected) -> bool:
    if hasattr(actual, "isoformat"):  # date, datetime (PostgreSQL, SQLAlchemy)
        actual = actual.isoformat()
    if isinstance(expected, bool) or isinstance(actual, bool):
        return bool(actual) != bool(expected) or (actual is None) != (expected is None)
    if isinstance(actual, (int, float)) and isinstance(expected, (int, float)):
        return float(actual) != float(expected)
    return actual != expected


def quick_check(path: str) -> str:
    """SQLite's check of the whole file (pages, records, index entries), apart from the ledger's own check."""
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    con = sqlite3.connect(path, timeout=30)
    try:
        return con.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        con.close()
