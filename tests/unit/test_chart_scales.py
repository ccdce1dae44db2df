"""Report charts read right when the period is empty or the counts are small (the Reports screen showed
"0, 0, 0, -0, -0" on the count axis of a month with no intake)."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

from evidence_store.printing import charts
from evidence_store.printing.report_records import FlowRow


def _axis_labels(drawing) -> list[str]:
    svg = charts.to_svg(drawing)
    return [t.strip() for t in re.findall(r">\s*(-?[\d.,]+(?: %)?)\s*<", svg)]


def _flow(*rows):
    return SimpleNamespace(flow=[FlowRow(date(2026, 12, 1), *r) for r in rows])


def test_an_empty_period_has_a_zero_based_axis_without_negative_zeros():
    labels = _axis_labels(charts.flow_chart(_flow((0, 0, 0))))
    assert not any(label.startswith("-") for label in labels), labels
    assert labels.count("0") == 1 and "1" in labels, labels


def test_small_counts_step_by_whole_numbers_without_repeats():
    labels = _axis_labels(charts.flow_chart(_flow((3, 1, 1))))
    ticks = [label for label in labels if label in {"0", "1", "2", "3"}]
    assert ticks[:4] == ["0", "1", "2", "3"], labels


def test_large_counts_keep_vietnamese_grouping():
    labels = _axis_labels(charts.flow_chart(_flow((12_500, 3_000, 0))))
    assert any("." in label and label.replace(".", "").isdigit() for label in labels), labels
    assert not any(label.startswith("-") for label in labels)
