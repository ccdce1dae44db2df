"""1,000 item labels to PDF (DESIGN §7 target: under 1.5 s). Run: python -m benchmarks.bench_labels"""

from __future__ import annotations

import time
from datetime import date

from evidence_store.domain.codes import make_code
from evidence_store.printing import render_item_labels
from evidence_store.printing.fonts import register_fonts
from evidence_store.printing.records import ItemLabel


def _labels(n: int, offset: int) -> list[ItemLabel]:
    """Distinct codes and hashes, so no barcode comes from a cache."""
    return [ItemLabel(make_code("VC", 26, offset + i).compact, "Điện thoại di động iPhone 13, màu xanh",
                      f"{45 + i % 50}/2026", f"{4512 + i:06d}", date(2026, 2, 5), f"Kệ A{i % 9 + 1}-0{i % 5 + 1}",
                      f"{(offset + i) * 2654435761:064x}"[-64:], reprint=i % 3)
            for i in range(1, n + 1)]


_runs = 0


def bench_labels(n: int = 1000) -> float:
    """Seconds to render n distinct thermal labels into one PDF (fonts registered beforehand)."""
    global _runs
    register_fonts()
    _runs += 1
    labels = _labels(n, 100_000 * _runs + int(time.time()) % 1000 * 1000)
    start = time.perf_counter()
    pdf = render_item_labels(labels)
    elapsed = time.perf_counter() - start
    assert pdf.startswith(b"%PDF")
    return elapsed


if __name__ == "__main__":
    bench_labels(10)  # warm imports
    seconds = bench_labels(1000)
    print(f"1000 labels: {seconds:.3f} s ({seconds:.3f} ms per label)")
