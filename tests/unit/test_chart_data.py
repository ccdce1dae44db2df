"""The Reports screen's charts (printing.chart_data, drawn by ui/widgets/chart.py): the same charts as the PDF's,
and value axes that read right — 0-based, whole steps for counts, Vietnamese grouping, never "-0"."""

from __future__ import annotations

from datetime import date, datetime

from evidence_store.printing import chart_data
from evidence_store.printing.report_records import (BacklogRow, CountRow, DeadlineRow, FlowRow, OccupancyRow,
                                                    Report, ReportFilter)


def sample_report(**extra) -> Report:
    flt = ReportFilter(date(2026, 1, 1), date(2026, 12, 31))
    fields = dict(
        flow=(FlowRow(date(2026, 10, 1), 4, 1, 0), FlowRow(date(2026, 11, 1), 0, 2, 0),
              FlowRow(date(2026, 12, 1), 12_500, 3_000, 500)),
        age=(CountRow("lt3m", "Dưới 3 tháng", 5), CountRow("3y", "Từ 3 năm trở lên", 2)),
        backlog=(BacklogRow("PC02", "investigation", "Điều tra", 3), BacklogRow("PC03", "trial", "Xét xử", 1)),
        categories=(CountRow("weapon", "Vũ khí", 3),),
        occupancy=(OccupancyRow("A1", "Ô A1", 10, 9), OccupancyRow("A2", "Ô A2", 10, 2)),
        deadlines=(DeadlineRow("PC02", 1, 2, 3),))
    fields.update(extra)
    return Report("summary", "Báo cáo", flt, datetime(2026, 12, 6, 9), date(2026, 12, 6), "",
                  ("flow", "age", "backlog", "categories", "occupancy", "deadlines"), **fields)


def test_the_screen_shows_the_pdfs_charts_with_the_same_titles():
    from evidence_store.printing import charts  # reportlab: the PDF's drawings
    report = sample_report()
    pdf = charts.report_charts(report, 0.75)
    screen = chart_data.report_charts(report, 0.75)
    assert [c.section for c in screen] == [section for section, _d in pdf]
    assert [c.title for c in screen] == [d.contents[0].text for _s, d in pdf]


def test_a_seat_without_occupancy_figures_gets_no_occupancy_chart():
    assert "occupancy" not in {c.section for c in chart_data.report_charts(sample_report(occupancy=()), 0.75)}


def test_an_empty_period_reads_zero_to_one():
    empty = sample_report(flow=(FlowRow(date(2026, 12, 1), 0, 0, 0),))
    flow, ratio = chart_data.report_charts(empty, 0.75)[:2]
    assert flow.tick_labels == ["0", "1"]
    assert [s.name for s in ratio.series] == ["Ngưỡng cảnh báo"]  # no intake: the warning line alone


def test_small_counts_step_by_whole_numbers_large_ones_are_grouped():
    assert chart_data.ticks(3) == (0, 1, 2, 3)
    labels = [chart_data.count_text(t) for t in chart_data.ticks(12_500)]
    assert labels == ["0", "5.000", "10.000", "15.000"]
    assert len(set(labels)) == len(labels) and not any(label.startswith("-") for label in labels)


def test_the_ratio_axis_reaches_past_the_warning_and_the_highest_month():
    report = sample_report()
    ratio = chart_data.report_charts(report, 0.75)[1]
    assert ratio.kind == "line" and ratio.tick_labels[0] == "0,00"
    assert ratio.ticks[-1] >= 1.25 and ratio.ticks[-1] >= 0.25 and ratio.series[-1].dashed
    assert ratio.series[0].values[1] is None  # a month without intake has no point, not a fall to 0
    occupancy = [c for c in chart_data.report_charts(report, 0.75) if c.section == "occupancy"][0]
    assert occupancy.series[0].colours == ("#c62828", "#2e7d32") and occupancy.tick_labels[-1] == "100 %"
