"""Hash chain: canonical form, verification, and tampered chains."""

import json

from hypothesis import given, strategies as st

from evidence_store.domain import ledger


def make_chain(n, start=GENESIS if (GENESIS := ledger.GENESIS) else None):
    rows, prev = [], ledger.GENESIS
    for seq in range(1, n + 1):
        data = ledger.dump_data({"set": {"state": "in_storage", "name": f"Điện thoại {seq}"}, "n": seq})
        fields = [seq, seq % 7, "receive", "2026-02-05T07:30:00.000000Z", "2026-02-05T07:30:01.000000Z", 2,
                  "kho-01", 1, 1, None]
        h = ledger.chain_hash(prev, ledger.canonical(*fields, data))
        rows.append(tuple(fields) + (data, prev, h))
        prev = h
    return rows


def test_valid_chain_verifies():
    rows = make_chain(50)
    count, head, brk = ledger.verify_rows(rows)
    assert (count, brk) == (50, None) and head == rows[-1][12]


def test_canonical_form_is_stable():
    data = ledger.dump_data({"b": 1, "a": "Đ"})
    assert data == '{"a":"Đ","b":1}'
    c = ledger.canonical(1, 2, "move", "t1", "t2", None, "ws", None, None, None, data)
    assert c == '[1,2,"move","t1","t2",null,"ws",null,null,null]\n{"a":"Đ","b":1}'.encode()


@given(st.integers(min_value=0, max_value=29), st.integers(min_value=0, max_value=10))
def test_any_changed_field_is_detected_at_its_row(row_index, field_index):
    rows = [list(r) for r in make_chain(30)]
    value = rows[row_index][field_index]
    rows[row_index][field_index] = (value + 1) if isinstance(value, int) else (str(value) + "x")
    if field_index == 0:
        expected_reason = "sequence_gap"
    else:
        expected_reason = "hash_mismatch"
    count, _, brk = ledger.verify_rows([tuple(r) for r in rows])
    assert brk is not None and brk.seq == row_index + 1 and count == row_index
    assert brk.reason == expected_reason


def test_deleted_and_inserted_and_reordered_rows_are_detected():
    rows = make_chain(10)
    assert ledger.verify_rows(rows[:4] + rows[5:])[2].reason == "sequence_gap"
    assert ledger.verify_rows(rows[:5] + [rows[2]] + rows[5:])[2] is not None
    swapped = rows[:3] + [rows[4], rows[3]] + rows[5:]
    assert ledger.verify_rows(swapped)[2].seq == 4


def test_recomputed_hash_without_relinking_breaks_next_row():
    rows = [list(r) for r in make_chain(5)]
    rows[1][10] = ledger.dump_data({"set": {"state": "destroyed"}})
    rows[1][12] = ledger.chain_hash(rows[1][11], ledger.canonical(*rows[1][:10], rows[1][10]))
    brk = ledger.verify_rows([tuple(r) for r in rows])[2]
    assert brk.seq == 3 and brk.reason == "prev_mismatch"
