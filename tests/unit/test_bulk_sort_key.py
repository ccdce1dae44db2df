"""The bulk demo's shortcut for case numbers' sort keys must give domain.text.sort_key exactly: the case list
orders by it, and a key built another way would put a bulk database's cases out of Vietnamese order."""

from __future__ import annotations

import random

from evidence_store.demo.bulk_sim import _ascii_sort_key
from evidence_store.domain.text import sort_key


def test_the_ascii_shortcut_is_sort_key():
    r = random.Random(19)
    texts = ["12/2024/CSHS", "7/2026/CSMT", "", "ABC xyz 09", "\x01", "a\x00b", "Điện thoại", "Lê Văn Ánh"]
    texts += ["".join(chr(r.randrange(0, 130)) for _ in range(r.randrange(0, 16))) for _ in range(20_000)]
    assert [_ascii_sort_key(t) for t in texts] == [sort_key(t) for t in texts]
    assert sorted(["10/2024/CSHS", "9/2024/CSHS", "9/2024/CSGT"], key=_ascii_sort_key) == \
        sorted(["10/2024/CSHS", "9/2024/CSHS", "9/2024/CSGT"], key=sort_key)
