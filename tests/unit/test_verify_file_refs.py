"""Verify reads the ledger again only for the events that may name a file's hash: a receive event without
photos says "photos":[] and was parsed a second time for nothing (issue #19: a million times at 1M items)."""

from evidence_store.db.ledger_scan import verify_canonical
from evidence_store.domain import ledger
from evidence_store.services.verify_checks import collect_refs

T = "2026-02-05T07:30:00.000000Z"
A, B, C = "ab" * 32, "cd" * 32, "ef" * 32


def _rows(payloads):
    rows, prev = [], ledger.GENESIS
    for seq, payload in enumerate(payloads, start=1):
        data = ledger.dump_data(payload)
        canon = ledger.canonical(seq, seq, "receive", T, T, 2, "kho-01", None, None, None, data)
        digest = ledger.chain_hash(prev, canon)
        rows.append((seq, canon, prev, digest, data))
        prev = digest
    return rows


def test_only_events_that_may_name_a_file_are_read_again():
    rows = _rows([{"photos": [], "set": {"state": "in_storage"}},  # an intake without photos
                  {"photos": [A], "set": {"state": "in_storage"}},  # with a photo
                  {"sha256": B},  # a scanned signed record
                  {"photos": [], "note": {"photos": [C]}},  # an empty list beside a non-empty one: read
                  {"set": {"location_id": 3}}])
    files: list[int] = []
    count, head, brk = verify_canonical(None, [r[:4] for r in rows], files=files)
    assert (count, head, brk) == (5, rows[-1][3], None)
    assert files == [2, 3, 4]
    refs: set = set()
    collect_refs([(seq, None, data) for seq, *_, data in rows], refs, data_at=2, handover_at=1, item_at=0)
    assert refs == {("item", 2, A), ("item", 3, B)}  # the hashes the ledger holds for items 2 and 3
