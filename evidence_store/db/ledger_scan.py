"""Hash-chain verification of a SQLite ledger in a child process, so that services.verify can replay
the events against the item rows on the other core at the same time (DESIGN §7: ≥ 200,000 events/s).
Imports only sqlite3 and domain.ledger, so the child starts quickly.

SQLite itself builds each event's canonical bytes (``json_array`` of the header columns, a newline and
the stored data: compact separators, UTF-8, the escapes of Python's encoder), so this process only
hashes. Should SQLite's text of some unusual value ever differ from domain.ledger.canonical, the event
is checked again the Python way before a break is reported."""

from __future__ import annotations

import hashlib
import sqlite3

from ..domain.ledger import GENESIS, ChainBreak, verify_rows

COLUMNS = ("seq, item_id, kind, occurred_at, recorded_at, user_id, workstation, document_id, handover_id, "
           "corrects_seq, data, prev_hash, hash")
CANONICAL = ("SELECT seq, CAST(json_array(seq, item_id, kind, occurred_at, recorded_at, user_id, workstation, "
             "document_id, handover_id, corrects_seq) || char(10) || data AS BLOB), prev_hash, hash "
             "FROM custody_events WHERE seq <= ? ORDER BY seq")


def verify_canonical(con, rows, prev: str = GENESIS, last: int = 0) -> tuple[int, str, ChainBreak | None]:
    """verify_rows over rows of (seq, canonical bytes, prev_hash, hash) from CANONICAL."""
    sha, fromhex = hashlib.sha256, bytes.fromhex
    prev_bytes, expected, count = fromhex(prev), last + 1, 0
    for seq, canon, prev_hash, stored in rows:
        if seq != expected or prev_hash != prev or canon is None or (d := sha(prev_bytes + canon)).hexdigest() != stored:
            full = con.execute(f"SELECT {COLUMNS} FROM custody_events WHERE seq = ?", (seq,)).fetchone()
            n, digest, brk = verify_rows([full], prev, expected - 1)
            if brk is not None:
                return count, prev, brk
            prev, prev_bytes = digest, fromhex(digest)
        else:
            prev, prev_bytes = stored, d.digest()
        expected, count = expected + 1, count + 1
    return count, prev, None


def scan_chain(con, max_seq: int, batch: int = 50_000) -> tuple[int, str, ChainBreak | None]:
    cur = con.execute(CANONICAL, (max_seq,))
    prev, last, brk = GENESIS, 0, None
    while brk is None:
        rows = cur.fetchmany(batch)
        if not rows:
            break
        n, prev, brk = verify_canonical(con, rows, prev, last)
        last += n
    return last, prev, brk


def chain_worker(path: str, max_seq: int, conn, integrity: bool = True, batch: int = 50_000) -> None:
    """Send (integrity, count, head_hash, break) for events up to ``max_seq`` over ``conn``; then, if asked,
    ("integrity", status) once PRAGMA quick_check is done (after the chain: it reads the whole file)."""
    try:
        con = sqlite3.connect(path, timeout=30)
        try:
            con.execute("PRAGMA query_only=ON")
            con.execute("PRAGMA cache_size=-65536")
            last, prev, brk = scan_chain(con, max_seq, batch)
            conn.send(("ok", None, last, prev, brk))
            if integrity:
                conn.send(("integrity", con.execute("PRAGMA quick_check").fetchone()[0], 0, GENESIS, None))
        finally:
            con.close()
    except BaseException as exc:  # report, never hang the parent
        conn.send(("error", repr(exc), 0, GENESIS, None))
    finally:
        conn.close()


def quick_check(path: str) -> str:
    """SQLite's check of the whole file (pages, records, index entries), apart from the ledger's own check."""
    con = sqlite3.connect(path, timeout=30)
    try:
        return con.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        con.close()
