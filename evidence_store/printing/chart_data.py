"""The reports' charts as plain data — kind, title, category labels, series with their colours, the value
axis's ticks — for the Reports screen, which draws them with QPainter (ui/widgets/chart.py).

Same figures, titles, colours and order as the PDF's drawings (printing/charts.py, reportlab); kept apart so
that opening the Reports screen does not load reportlab and its fonts (issue #19: ~14 MB of resident memory
with the main lists open; a PDF still loads them when it is made). Qt-free and reportlab-free."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from ..i18n import _

BLUE, ORANGE, GREEN, RED, GREY, PURPLE = "#1565c0", "#ef6c00", "#2e7d32", "#c62828", "#9e9e9e", "#6a1b9a"
STAGE_COLOURS = ("#1565c0", "#6a1b9a", "#ef6c00", "#2e7d32", "#757575", "#00838f")


def count_text(value: float) -> str:
    """Vietnamese grouping: 12.500 (never "-0")."""
    return f"{round(value) + 0:,.0f}".replace(",", ".")


def ratio_text(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def percent_text(value: float) -> str:
    return f"{value:.0f} %"


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: tuple  # one value per category; None: no point (a month without intake has no ratio)
    colours: tuple = ()  # one colour per bar, when the bars differ (age, occupancy)
    dashed: bool = False  # a threshold line


@dataclass(frozen=True)
class Chart:
    section: str
    kind: str  # "bars" (vertical, grouped), "line", "hbars" (horizontal), "stacked" (horizontal, stacked)
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    ticks: tuple[float, ...]  # the value axis, from its first to its last tick
    fmt: Callable[[float], str] = count_text
    bar_labels: bool = False  # the value written after each bar
    legend: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def tick_labels(self) -> list[str]:
        return [self.fmt(t) for t in self.ticks]


def ticks(top: float, *, whole: bool = True, minimum: float = 0.0) -> tuple[float, ...]:
    """The value axis from 0 to at least ``top`` in 1-2-5 steps (about five): counts start at 0 and step by
    whole numbers, so an empty period reads "0, 1" and small counts never repeat a label."""
    top = max(top, minimum, 1 if whole else 0.1)
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw - 1e-12)
    if whole:
        step = max(1, round(step))
    count = math.ceil(top / step - 1e-9)
    return tuple(round(i * step, 10) for i in range(count + 1))


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _months(report) -> tuple[str, ...]:
    return tuple(f"{r.month:%m/%y}" for r in report.flow)


def flow_chart(report) -> Chart:
    intake, out = tuple(r.intake for r in report.flow), tuple(r.out for r in report.flow)
    return Chart("flow", "bars", _("Nhập kho và xử lý (ra khỏi kho) theo tháng"), _months(report),
                 (Series(_("Nhập kho"), BLUE, intake), Series(_("Xử lý, chuyển kho"), ORANGE, out)),
                 ticks(max(intake + out, default=0)))


def ratio_chart(report, warning: float) -> Chart:
    ratios = tuple(r.ratio for r in report.flow)
    known = [r for r in ratios if r is not None]
    series = (Series(_("Tỷ lệ xử lý / nhập"), PURPLE, ratios),) if known else ()
    series += (Series(_("Ngưỡng cảnh báo"), RED, (warning,) * len(ratios), dashed=True),)
    title = _("Tỷ lệ xử lý / nhập kho theo tháng (cảnh báo dưới {w})", w=ratio_text(warning))
    return Chart("flow", "line", title, _months(report), series,
                 ticks(max([1.25, warning * 1.4] + known), whole=False), fmt=ratio_text)


def _hbars(section: str, title: str, labels, values, colour: str, *, fmt=count_text, colours=()) -> Chart:
    values = tuple(values)
    top = max(values, default=0)
    whole = all(float(v).is_integer() for v in values)
    return Chart(section, "hbars", title, tuple(_short(label) for label in labels),
                 (Series("", colour, values, tuple(colours)),), ticks(top, whole=whole), fmt=fmt, bar_labels=True,
                 legend=False)


def age_chart(report) -> Chart:
    colours = (GREEN, GREEN, ORANGE, RED, RED, RED, GREY)[: len(report.age)]
    return _hbars("age", _("Vật chứng đang quản lý theo thời gian lưu kho"), [r.label for r in report.age],
                  [r.count for r in report.age], BLUE, colours=colours)


def category_chart(report, top: int = 12) -> Chart:
    rows = report.categories[:top]
    return _hbars("categories", _("Vật chứng đang quản lý theo loại"), [r.label for r in rows],
                  [r.count for r in rows], BLUE)


OCCUPANCY_TOP = 15  # the fullest locations drawn (the screen asks the report for no more)


def occupancy_chart(report, top: int = OCCUPANCY_TOP) -> Chart:
    rows = report.occupancy[:top]
    colours = [RED if r.share >= 0.9 else ORANGE if r.share >= 0.75 else GREEN for r in rows]
    return _hbars("occupancy", _("Mức sử dụng vị trí (đầy nhất trước)"), [r.name for r in rows],
                  [round(r.share * 100, 1) for r in rows], GREEN, fmt=percent_text, colours=colours)


def _stacked(section: str, title: str, labels, series: list[Series]) -> Chart:
    top = max((sum(column) for column in zip(*(s.values for s in series))), default=0)
    return Chart(section, "stacked", title, tuple(_short(label) for label in labels), tuple(series), ticks(top))


def backlog_chart(report) -> Chart:
    """Items held ≥ 1 year: one bar per responsible agency, stacked by the case's stage."""
    agencies = sorted({r.agency for r in report.backlog},
                      key=lambda a: -sum(r.count for r in report.backlog if r.agency == a))
    stages = sorted({(r.stage, r.stage_label) for r in report.backlog})
    counts = {(r.agency, r.stage): r.count for r in report.backlog}
    series = [Series(label, STAGE_COLOURS[i % len(STAGE_COLOURS)], tuple(counts.get((a, stage), 0) for a in agencies))
              for i, (stage, label) in enumerate(stages)]
    title = _("Tồn đọng từ 1 năm trở lên theo cơ quan thụ lý và giai đoạn")
    return _stacked("backlog", title, agencies, series)


def deadlines_chart(report) -> Chart:
    rows = report.deadlines
    series = [Series(_("Đúng hạn"), GREEN, tuple(r.kept for r in rows)),
              Series(_("Trễ hạn"), RED, tuple(r.missed for r in rows)),
              Series(_("Chưa đến hạn"), GREY, tuple(r.open for r in rows))]
    return _stacked("deadlines", _("Thời hạn đến trong kỳ: đúng hạn / trễ hạn theo cơ quan"),
                    [r.agency for r in rows], series)


def report_charts(report, warning: float) -> list[Chart]:
    """Every chart of the report, in the report's order (the sections of printing.charts.report_charts)."""
    makers = {"flow": lambda: [flow_chart(report), ratio_chart(report, warning)], "age": lambda: [age_chart(report)],
              "backlog": lambda: [backlog_chart(report)], "categories": lambda: [category_chart(report)],
              "occupancy": lambda: [occupancy_chart(report)], "deadlines": lambda: [deadlines_chart(report)]}
    out: list[Chart] = []
    for section in report.sections:
        if section == "occupancy" and not report.occupancy:  # not a seat's figure (services.reports)
            continue
        if section in makers:
            out.extend(makers[section]())
    return out
