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


def _line_points(drawing) -> list:
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    chart = next(c for c in drawing.contents if isinstance(c, HorizontalLineChart))
    return list(chart.data[0])


def test_a_month_without_intake_has_no_ratio_point_rather_than_zero():
    """Seen in the year report (03/26, 09/26): a month with removals and no intake has no ratio, but the line fell to
    0 there — a warehouse at its worst — then rose again. Such a month has no point now (the line joins its neighbours)."""
    report = SimpleNamespace(flow=[FlowRow(date(2026, m, 1), *r) for m, r in
                                   ((1, (9, 14, 0)), (2, (16, 0, 0)), (3, (0, 5, 0)), (4, (18, 0, 0)))])
    points = _line_points(charts.ratio_chart(report, 0.75))
    assert points[2] is None and points[1] == 0 and abs(points[0] - 14 / 9) < 1e-9, points
    assert "0,00" in _axis_labels(charts.ratio_chart(report, 0.75))  # the chart still draws, from 0


def test_a_period_without_any_intake_draws_the_warning_line_alone():
    """No intake in the whole period: no ratio at all; the chart still draws (the warning line), never fails."""
    report = SimpleNamespace(flow=[FlowRow(date(2026, 12, 1), 0, 2, 0)])
    drawing = charts.ratio_chart(report, 0.75)
    assert _line_points(drawing) == [0.75]  # the one line is the warning
    assert charts.to_svg(drawing)  # and it renders (a line of no point made reportlab fail)
