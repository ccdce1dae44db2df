"""services.verify on two cores for big SQLite ledgers (DESIGN §7: at least 200,000 events/s at ten million).

A child process recomputes the hash chain (db.ledger_scan) and then runs ``PRAGMA quick_check`` while this
process replays each event's ``data["set"]`` and compares the result with the item rows. Both read the
same snapshot bound: events up to the head sequence seen at the start. Results are those of the
sequential path: same VerifyResult, same first broken event, same mismatches."""

from __future__ import annotations

import json
import multiprocessing
from json.scanner import make_scanner

from ..db.ledger_scan import chain_worker

PARALLEL_MIN_EVENTS = 200_000
_scan = make_scanner(json.JSONDecoder())  # the C scanner without json.loads' Python wrapper


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
    from .verify import VerifyResult, _code_of, _compare_items
    result = VerifyResult()
    raw = db.reader.raw_connection()
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = None
    try:
        cur = raw.cursor()
        head = cur.execute("SELECT max(seq) FROM custody_events").fetchone()[0] or 0
        proc = ctx.Process(target=chain_worker, args=(db.sqlite_path, head, child, integrity), daemon=True,
                           name="ledger-chain")
        proc.start()
        child.close()
        state: dict[int, dict] = {}
        counts: dict[int, list] = {}
        cur.execute("SELECT item_id, seq, data FROM custody_events WHERE seq <= ? ORDER BY seq", (head,))
        done = 0
        while True:
            rows = cur.fetchmany(batch)
            if not rows:
                break
            _replay(rows, state, counts)
            done += len(rows)
            if progress:
                progress(done, head)
            if cancelled():
                proc.terminate()
                return result
        kind, error, count, digest, brk = parent.recv()
        if kind != "ok":
            raise RuntimeError(f"ledger chain worker failed: {error}")
        result.events, result.head_seq, result.head_hash = count, count, digest
        result.chain_break = brk
        if brk is None:
            _compare_items(db, raw, state, counts, result)
        else:
            result.first_bad_seq = brk.seq
            result.first_bad_item = _code_of(raw, db, brk.item_id)
        if integrity:  # the child's quick_check ran while this process compared the items
            kind, status, *_ = parent.recv()
            if kind != "integrity":
                raise RuntimeError(f"ledger chain worker failed: {status}")
            result.integrity = status
    finally:
        if proc is not None:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
        parent.close()
        raw.close()
    return result


def _replay(rows, state, counts) -> None:
    """Rows of (item_id, seq, data): per item the event count, last sequence and replayed fields."""
    scan = _scan
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
            changes = scan(data, 0)[0].get("set")
            if changes:
                s = state.get(item_id)
                if s is None:
                    state[item_id] = dict(changes)
                else:
                    s.update(changes)
