"""The reports' charts as reportlab.graphics drawings: vector in the PDF, and SVG for the Reports
screen (QtSvg draws it), so the screen and the paper show the same chart from the same figures.

reportlab.graphics is part of reportlab, already pinned for every PDF: no second charting library
(and no numpy) to ship; it is imported only when a report is drawn (start-up, DESIGN §7)."""

from __future__ import annotations

import re
import threading

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..i18n import _
from .fonts import SANS, font_name, register_fonts

REGULAR, BOLD = font_name(SANS), font_name(SANS, bold=True)
BLUE, ORANGE, GREEN, RED, GREY, PURPLE = (colors.HexColor(c) for c in
                                          ("#1565c0", "#ef6c00", "#2e7d32", "#c62828", "#9e9e9e", "#6a1b9a"))
STAGE_COLOURS = [colors.HexColor(c) for c in ("#1565c0", "#6a1b9a", "#ef6c00", "#2e7d32", "#757575", "#00838f")]
WIDTH = 460  # points: the PDF's text width is ~165 mm; the screen scales the SVG


def _number(value: float) -> str:
    """Vietnamese grouping for axis labels: 12.500 (never "-0")."""
    return f"{round(value) + 0:,.0f}".replace(",", ".")


TITLED = threading.local()  # .off: the PDF leaves the titles to its section headings (per thread)


def _drawing(title: str, height: float) -> Drawing:
    register_fonts(REGULAR, BOLD)  # the charts' two fonts (a PDF registers the rest)
    d = Drawing(WIDTH, height)
    if not getattr(TITLED, "off", False):
        d.add(String(0, height - 13, title, fontName=BOLD, fontSize=11))
    return d


def _legend(d: Drawing, pairs, x: float, y: float) -> None:
    if not pairs:
        return
    legend = Legend()
    legend.fontName, legend.fontSize = REGULAR, 8
    legend.columnMaximum, legend.dx, legend.dy, legend.dxTextSpace = 1, 8, 8, 4
    legend.deltax = max(stringWidth(name, REGULAR, 8) for _c, name in pairs) + 34
    legend.x, legend.y, legend.alignment = x - legend.deltax * len(pairs), y, "right"
    legend.colorNamePairs = pairs
    d.add(legend)


def _style_axes(chart, labels) -> None:
    chart.categoryAxis.categoryNames = labels
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = REGULAR, 8
    chart.valueAxis.labelTextFormat = _number
    chart.valueAxis.forceZero = True
    _count_scale(chart)


def _count_scale(chart) -> None:
    """Counts start at 0 and step by whole numbers: with nothing in the period the axis read
    "0, 0, 0, -0, -0" (an empty range centred on zero), and small counts repeated labels."""
    rows = [[v or 0 for v in row] for row in chart.data]
    if getattr(chart.categoryAxis, "style", "") == "stacked":
        top = max((sum(column) for column in zip(*rows)), default=0)
    else:
        top = max((v for row in rows for v in row), default=0)
    if any(v < 0 for row in rows for v in row) or any(not float(v).is_integer() for row in rows for v in row):
        return
    chart.valueAxis.valueMin = 0
    if top < 5:
        chart.valueAxis.valueMax, chart.valueAxis.valueStep = max(top, 1), 1


def flow_chart(report) -> Drawing:
    """Intakes and exits (disposals + transfers out) per month, grouped bars."""
    d = _drawing(_("Nhập kho và xử lý (ra khỏi kho) theo tháng"), 190)
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 40, 30, WIDTH - 50, 125
    c.data = [[r.intake for r in report.flow] or [0], [r.out for r in report.flow] or [0]]
    _style_axes(c, [f"{r.month:%m/%y}" for r in report.flow] or [""])
    c.bars[0].fillColor, c.bars[1].fillColor = BLUE, ORANGE
    c.bars.strokeColor = None
    c.barSpacing, c.groupSpacing = 1, 6
    if len(report.flow) > 18:
        c.categoryAxis.labels.angle, c.categoryAxis.labels.boxAnchor = 90, "e"
    d.add(c)
    _legend(d, [(BLUE, _("Nhập kho")), (ORANGE, _("Xử lý, chuyển kho"))], WIDTH, 165)
    return d


def ratio_chart(report, warning: float) -> Drawing:
    """The monthly ratio (exits ÷ intakes) against the 0.75 warning line."""
    d = _drawing(_("Tỷ lệ xử lý / nhập kho theo tháng (cảnh báo dưới {w})", w=f"{warning:.2f}".replace(".", ",")),
                 150)
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 40, 25, WIDTH - 50, 95
    # a month without intake has no ratio: no point (reportlab joins the neighbours), not a fall to 0 (the worst)
    ratios = [r.ratio for r in report.flow] or [None]
    known = [r for r in ratios if r is not None]
    c.data = [ratios, [warning] * len(ratios)] if known else [[warning] * len(ratios)]
    _style_axes(c, [f"{r.month:%m/%y}" for r in report.flow] or [""])
    c.valueAxis.labelTextFormat = lambda v: f"{v:.2f}".replace(".", ",")
    c.valueAxis.valueMin = 0
    c.valueAxis.valueMax = max([1.25, warning * 1.4] + known)
    line = 0
    if known:  # no intake in the whole period: the warning line alone
        c.lines[0].strokeColor, c.lines[0].strokeWidth = PURPLE, 2
        line = 1
    c.lines[line].strokeColor, c.lines[line].strokeDashArray, c.lines[line].strokeWidth = RED, (4, 3), 1
    if len(report.flow) > 18:
        c.categoryAxis.labels.angle, c.categoryAxis.labels.boxAnchor = 90, "e"
    d.add(c)
    _legend(d, [(PURPLE, _("Tỷ lệ xử lý / nhập")), (RED, _("Ngưỡng cảnh báo"))], WIDTH, 125)
    return d


def _hbars(title: str, labels: list[str], values: list[float], colour, *, fmt=_number, label_width=150,
           colours=None) -> Drawing:
    rows = max(len(labels), 1)
    height = 40 + rows * 16
    d = _drawing(title, height)
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = label_width, 15, WIDTH - label_width - 40, rows * 16
    c.data = [values or [0]]
    _style_axes(c, [_short(label, 34) for label in labels] or [""])
    c.categoryAxis.reverseDirection = True  # first row on top, as in the table
    c.valueAxis.labelTextFormat = fmt
    c.bars[0].fillColor, c.bars.strokeColor = colour, None
    if colours:
        for i, col in enumerate(colours):
            c.bars[(0, i)].fillColor = col
    c.barLabelFormat = fmt
    c.barLabels.fontName, c.barLabels.fontSize, c.barLabels.boxAnchor, c.barLabels.dx = REGULAR, 8, "w", 3
    d.add(c)
    return d


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def age_chart(report) -> Drawing:
    return _hbars(_("Vật chứng đang quản lý theo thời gian lưu kho"), [r.label for r in report.age],
                  [r.count for r in report.age], BLUE,
                  colours=[GREEN, GREEN, ORANGE, RED, RED, RED, GREY][: len(report.age)])


def category_chart(report, top: int = 12) -> Drawing:
    rows = report.categories[:top]
    return _hbars(_("Vật chứng đang quản lý theo loại"), [r.label for r in rows], [r.count for r in rows], BLUE)


def occupancy_chart(report, top: int = 15) -> Drawing:
    rows = report.occupancy[:top]
    colours = [RED if r.share >= 0.9 else ORANGE if r.share >= 0.75 else GREEN for r in rows]
    return _hbars(_("Mức sử dụng vị trí (đầy nhất trước)"), [f"{r.name}" for r in rows],
                  [round(r.share * 100, 1) for r in rows], GREEN, fmt=lambda v: f"{v:.0f} %", colours=colours)


def _stacked(title: str, labels: list[str], series: list[tuple[str, object, list[int]]], label_width=150) -> Drawing:
    rows = max(len(labels), 1)
    height = 55 + rows * 16
    d = _drawing(title, height)
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = label_width, 15, WIDTH - label_width - 20, rows * 16
    c.data = [values or [0] for _name, _colour, values in series] or [[0]]
    c.categoryAxis.style = "stacked"
    _style_axes(c, [_short(label, 34) for label in labels] or [""])
    c.categoryAxis.reverseDirection = True
    c.bars.strokeColor = None
    for i, (_name, colour, _values) in enumerate(series):
        c.bars[i].fillColor = colour
    d.add(c)
    _legend(d, [(colour, name) for name, colour, _v in series], WIDTH, height - 22)
    return d


def backlog_chart(report) -> Drawing:
    """Items held ≥ 1 year: one bar per responsible agency, stacked by the case's stage."""
    agencies = sorted({r.agency for r in report.backlog},
                      key=lambda a: -sum(r.count for r in report.backlog if r.agency == a))
    stages = sorted({(r.stage, r.stage_label) for r in report.backlog})
    counts = {(r.agency, r.stage): r.count for r in report.backlog}
    series = [(label, STAGE_COLOURS[i % len(STAGE_COLOURS)], [counts.get((a, stage), 0) for a in agencies])
              for i, (stage, label) in enumerate(stages)]
    return _stacked(_("Tồn đọng từ 1 năm trở lên theo cơ quan thụ lý và giai đoạn"), agencies, series)


def deadlines_chart(report) -> Drawing:
    rows = report.deadlines
    series = [(_("Đúng hạn"), GREEN, [r.kept for r in rows]), (_("Trễ hạn"), RED, [r.missed for r in rows]),
              (_("Chưa đến hạn"), GREY, [r.open for r in rows])]
    return _stacked(_("Thời hạn đến trong kỳ: đúng hạn / trễ hạn theo cơ quan"), [r.agency for r in rows], series)


def report_charts(report, warning: float, *, titled: bool = True) -> list[tuple[str, Drawing]]:
    """(section, drawing) for every section of the report that has a chart, in the report's order."""
    TITLED.off = not titled
    try:
        return _charts(report, warning)
    finally:
        TITLED.off = False


def _charts(report, warning: float) -> list[tuple[str, Drawing]]:
    makers = {"flow": lambda: [flow_chart(report), ratio_chart(report, warning)], "age": lambda: [age_chart(report)],
              "backlog": lambda: [backlog_chart(report)], "categories": lambda: [category_chart(report)],
              "occupancy": lambda: [occupancy_chart(report)], "deadlines": lambda: [deadlines_chart(report)]}
    out = []
    for section in report.sections:
        if section == "occupancy" and not report.occupancy:  # not a seat's figure (services.reports)
            continue
        if section in makers:
            out.extend((section, d) for d in makers[section]())
    return out


_CLIP = re.compile(r"<clipPath.*?</clipPath>", re.S)
_FONT = re.compile(r"font-family: (Liberation(?:Sans|Serif))-(Regular|Bold|Italic|BoldItalic);")


def _qt_font(match: re.Match) -> str:
    family = "Liberation Sans" if match.group(1).endswith("Sans") else "Liberation Serif"
    style = match.group(2)
    extra = (" font-weight: bold;" if "Bold" in style else "") + (" font-style: italic;" if "Italic" in style else "")
    return f"font-family: {family};{extra}"


def to_svg(drawing: Drawing) -> str:
    """SVG text of a drawing that QtSvg (SVG Tiny) draws right: no clip path (QtSvg fills it black), "none"
    in lower case (QtSvg fills an open line with black otherwise) and font families by their family names
    (the app registers the bundled Liberation fonts)."""
    from reportlab.graphics import renderSVG
    svg = renderSVG.drawToString(drawing)
    svg = _CLIP.sub("", svg).replace('style="clip-path: url(#clip)"', "")
    svg = svg.replace("fill: None", "fill: none").replace("stroke: None", "stroke: none")  # CSS is lower case
    return _FONT.sub(_qt_font, svg)
