"""services.verify on two cores for big SQLite ledgers (issue #19: the chain and the replay split evenly).

The ledger is cut at the middle sequence number. A child process recomputes the hash chain of the first half
(db.ledger_scan: SQLite builds the canonical bytes, the child hashes) while this process does the second
half, starting from its first event's stored link; ``join_halves`` then checks that link against the first
half's last hash, so the answer is the one a single pass gives (same first broken event, same reason). Each
process then replays each event's ``data["set"]`` for half of the items (``id % 2``) and compares the result
with their rows; then the child, if asked, runs ``PRAGMA quick_check``. Both read the same snapshot bound:
events up to the head sequence seen at the start. Results are those of the sequential path: same
VerifyResult, same first broken event, same mismatches (items in id order, then events of missing items)."""

from __future__ import annotations

import gc
import multiprocessing

from ..db.ledger_scan import chain_worker, compare_part, join_halves, replay_part, replay_rows, scan_chain_range
from .persistence import TRACKED

PARALLEL_MIN_EVENTS = 200_000
CHILD_START_EVENTS = 90_000
BUCKETS = 2  # after its half of the chain each process replays and compares half of the items


def worth_it(db) -> bool:
    if not (db.is_sqlite and db.sqlite_path) or multiprocessing.current_process().daemon:
        return False
    raw = db.reader.raw_connection()
    try:
        head = raw.cursor().execute("SELECT max(seq) FROM custody_events").fetchone()[0] or 0
    finally:
        raw.close()
    return head >= PARALLEL_MIN_EVENTS


def verify_parallel(db, *, progress=None, cancelled=lambda: False, batch: int = 50_000, integrity: bool = True):
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    from .verify_checks import VerifyResult, _code_of
    result = VerifyResult()
    raw = db.reader.raw_connection()
    con = sqlite3.connect(db.sqlite_path, timeout=30)
    con.execute("PRAGMA query_only=ON")
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = None
    gc_was_enabled = gc.isenabled()
    try:
        con.execute("BEGIN")  # one read snapshot for the events and the item rows
        head = con.execute("SELECT max(seq) FROM custody_events").fetchone()[0] or 0
        # the child first starts an interpreter and imports (~0.5 s, worth ~90,000 events of chain here): it
        # takes that many fewer so that both halves end together (issue #19: the parent waited ~0.5 s at 1.1M)
        middle = head // 2 - (CHILD_START_EVENTS if head >= 4 * CHILD_START_EVENTS else 0)
        proc = ctx.Process(target=chain_worker, args=(db.sqlite_path, middle, child, integrity, (BUCKETS, 0, TRACKED)),
                           daemon=True, name="ledger-chain")
        proc.start()
        child.close()
        gc.disable()  # millions of small dicts: the cyclic GC would walk them again and again
        my_files: list[int] = []
        try:  # progress: this process's half of the chain, then its half of the replay
            second = scan_chain_range(con, middle, head, batch, my_files,
                                      lambda done, _t: _tick(progress, cancelled,
                                                                     (done - middle) * (head // 2) // max(head - middle, 1),
                                                                     head))
            state, counts = replay_part(con, head, f"item_id % {BUCKETS} != 0", batch,
                                        lambda done, total: _tick(progress, cancelled, head // 2 + done // 2, total))
        except _Cancelled:
            proc.terminate()
            result.complete = False
            return result
        kind, error, count, digest, brk, *rest = parent.recv()
        files = (rest[0] if rest else []) + my_files
        if kind != "ok":
            raise RuntimeError(f"ledger chain worker failed: {error}")
        count, digest, brk = join_halves(con, (count, digest, brk), second)
        result.events, result.head_seq, result.head_hash = count, count, digest
        result.chain_break = brk
        mine = compare_part(con, f"id % {BUCKETS} != 0", state, counts, TRACKED) if brk is None else (0, [])
        kind, error, items, theirs, _ = parent.recv()
        if kind != "part":
            raise RuntimeError(f"ledger chain worker failed: {error}")
        if brk is None:
            _merge(result, mine, (items, theirs))
        else:
            result.first_bad_seq = brk.seq
            result.first_bad_item = _code_of(raw, db, brk.item_id)
        if brk is None:  # protections, attachments, security log: in this process's snapshot
            from .verify_checks import check_rest, collect_refs
            refs: set = set()
            for i in range(0, len(files), 500):  # the events the chain scan saw naming a file's hash
                chunk = files[i:i + 500]
                rows = con.execute("SELECT item_id, handover_id, data FROM custody_events WHERE seq IN (%s)"
                                   % ",".join("?" * len(chunk)), chunk).fetchall()
                collect_refs(rows, refs, data_at=2, handover_at=1, item_at=0)
            check_rest(db, con, result, refs)
        else:
            from .verify_checks import check_rest
            check_rest(db, con, result, None)
        if integrity:  # the child's quick_check ran while this process compared the items
            kind, status, *_ = parent.recv()
            if kind != "integrity":
                raise RuntimeError(f"ledger chain worker failed: {status}")
            result.integrity = status
    finally:
        if gc_was_enabled:
            gc.enable()
        if proc is not None:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
        parent.close()
        con.close()
        raw.close()
    return result


def _merge(result, *parts) -> None:
    """Mismatches of both halves in the sequential order: item rows by id, then events of missing items."""
    rows, orphans = [], []
    for items, mismatches in parts:
        result.items += items
        for m in mismatches:
            (orphans if m[2] == "events_without_item" else rows).append(m)
    ordered = sorted(rows) + sorted(orphans)
    result.mismatches = [m[:3] for m in ordered]
    if ordered:
        result.first_bad_item, result.first_bad_seq = ordered[0][1], ordered[0][3]


class _Cancelled(Exception):
    pass


def _tick(progress, cancelled, done: int, total: int) -> None:
    if progress:
        progress(done, total)
    if cancelled():
        raise _Cancelled


_replay = replay_rows  # the name earlier callers used
