"""Hash-chain verification of a SQLite ledger in a child process, so that services.verify can replay
the events against the item rows on the other core at the same time (DESIGN §7: ≥ 200,000 events/s).
Imports only sqlite3 and domain.ledger, so the child starts quickly."""

from __future__ import annotations

import sqlite3

from ..domain.ledger import GENESIS, verify_rows

COLUMNS = ("seq, item_id, kind, occurred_at, recorded_at, user_id, workstation, document_id, handover_id, "
           "corrects_seq, data, prev_hash, hash")


def chain_worker(path: str, max_seq: int, conn, integrity: bool = True, batch: int = 50_000) -> None:
    """Send (integrity, count, head_hash, break) for events up to ``max_seq`` over ``conn``."""
    try:
        con = sqlite3.connect(path, timeout=30)
        try:
            con.execute("PRAGMA query_only=ON")
            con.execute("PRAGMA cache_size=-65536")
            status = con.execute("PRAGMA quick_check").fetchone()[0] if integrity else "ok"
            cur = con.execute(f"SELECT {COLUMNS} FROM custody_events WHERE seq <= ? ORDER BY seq", (max_seq,))
            prev, last, brk = GENESIS, 0, None
            while brk is None:
                rows = cur.fetchmany(batch)
                if not rows:
                    break
                n, prev, brk = verify_rows(rows, prev, last)
                last += n
        finally:
            con.close()
        conn.send(("ok", status, last, prev, brk))
    except BaseException as exc:  # report, never hang the parent
        conn.send(("error", repr(exc), 0, GENESIS, None))
    finally:
        conn.close()
