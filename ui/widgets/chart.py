"""One report chart drawn with QPainter from evidence_store.printing.chart_data: grouped columns by month, a
ratio line against its dashed threshold, horizontal bars with their values, horizontal stacked bars.

The Reports screen used to show the PDF's reportlab drawings as SVG: reportlab, its fonts and seven SVG
documents stayed in memory for the whole session (issue #19)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from evidence_store.printing.chart_data import Chart

WIDTH = 540  # two charts side by side at 1366×768
ROW = 19  # a horizontal bar's row
GRID, AXIS, TEXT = QColor("#e0e0e0"), QColor("#9e9e9e"), QColor("#212121")


def _height(chart: Chart) -> int:
    if chart.kind == "bars":
        return 225
    if chart.kind == "line":
        return 180
    rows = max(len(chart.labels), 1)
    return 50 + rows * ROW + (22 if chart.legend else 0)


class ChartWidget(QWidget):
    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.setFixedSize(QSize(WIDTH, _height(chart)))
        self.setToolTip(chart.title)

    # -- geometry ------------------------------------------------------------------------------
    def _fonts(self) -> tuple[QFont, QFont]:
        small = QFont(self.font())
        small.setPointSizeF(8)
        title = QFont(self.font())
        title.setPointSizeF(10.5)
        title.setBold(True)
        return small, title

    def _top(self) -> float:
        return self.chart.ticks[-1] if self.chart.ticks else 1.0

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        small, title = self._fonts()
        painter.setFont(title)
        painter.setPen(TEXT)
        painter.drawText(QRectF(0, 2, self.width(), 20), Qt.AlignmentFlag.AlignLeft, self.chart.title)
        painter.setFont(small)
        top = 26
        if self.chart.legend and self.chart.series:
            self._legend(painter, top)
            top += 20
        if self.chart.kind in ("bars", "line"):
            self._columns(painter, top)
        else:
            self._rows(painter, top)
        painter.end()

    def _legend(self, painter: QPainter, y: float) -> None:
        metrics = QFontMetrics(painter.font())
        x = float(self.width() - 4)
        for series in reversed(self.chart.series):
            x -= metrics.horizontalAdvance(series.name) + 26
            painter.fillRect(QRectF(x, y + 3, 10, 10), QColor(series.colour))
            painter.setPen(TEXT)
            painter.drawText(QPointF(x + 14, y + 12), series.name)

    # -- month columns (grouped bars, the ratio line) -----------------------------------------
    def _columns(self, painter: QPainter, top: float) -> None:
        metrics = QFontMetrics(painter.font())
        left = max((metrics.horizontalAdvance(t) for t in self.chart.tick_labels), default=10) + 10
        labels = self.chart.labels or ("",)
        rotate = len(labels) > 18
        bottom = self.height() - (metrics.horizontalAdvance("00/00") + 10 if rotate else 20)
        plot = QRectF(left, top + 4, self.width() - left - 6, bottom - top - 4)
        self._value_axis_vertical(painter, plot)
        step = plot.width() / len(labels)
        for i, label in enumerate(labels):
            centre = plot.left() + step * (i + 0.5)
            painter.setPen(TEXT)
            if rotate:
                painter.save()
                painter.translate(centre + 4, plot.bottom() + 4)
                painter.rotate(-90)
                painter.drawText(QRectF(-60, -10, 60, 14), Qt.AlignmentFlag.AlignRight, label)
                painter.restore()
            else:
                painter.drawText(QRectF(centre - step / 2, plot.bottom() + 3, step, 14), Qt.AlignmentFlag.AlignHCenter,
                                 label)
        if self.chart.kind == "bars":
            self._grouped(painter, plot, step)
        else:
            self._lines(painter, plot, step)

    def _y(self, plot: QRectF, value: float) -> float:
        return plot.bottom() - plot.height() * (value or 0) / self._top()

    def _value_axis_vertical(self, painter: QPainter, plot: QRectF) -> None:
        for value, text in zip(self.chart.ticks, self.chart.tick_labels):
            y = self._y(plot, value)
            painter.setPen(QPen(GRID if value else AXIS, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT)
            painter.drawText(QRectF(0, y - 7, plot.left() - 5, 14), Qt.AlignmentFlag.AlignRight, text)
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(plot.topLeft(), plot.bottomLeft())

    def _grouped(self, painter: QPainter, plot: QRectF, step: float) -> None:
        n = max(len(self.chart.series), 1)
        gap = min(6.0, step * 0.2)
        width = max((step - gap) / n - 1, 1.0)
        for s, series in enumerate(self.chart.series):
            for i, value in enumerate(series.values):
                if not value:
                    continue
                x = plot.left() + step * i + gap / 2 + s * (width + 1)
                y = self._y(plot, value)
                painter.fillRect(QRectF(x, y, width, plot.bottom() - y), QColor(series.colour))

    def _lines(self, painter: QPainter, plot: QRectF, step: float) -> None:
        for series in self.chart.series:
            pen = QPen(QColor(series.colour), 1 if series.dashed else 2)
            if series.dashed:
                pen.setDashPattern([4, 3])
            points = [QPointF(plot.left() + step * (i + 0.5), self._y(plot, v))
                      for i, v in enumerate(series.values) if v is not None]
            if series.dashed and points:  # the threshold spans the whole axis
                points = [QPointF(plot.left(), points[0].y()), QPointF(plot.right(), points[0].y())]
            painter.setPen(pen)
            if len(points) == 1:
                painter.setBrush(QColor(series.colour))
                painter.drawEllipse(points[0], 2.5, 2.5)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                continue
            path = QPainterPath()
            path.moveTo(points[0])
            for point in points[1:]:  # a month without a ratio: its neighbours are joined
                path.lineTo(point)
            painter.drawPath(path)

    # -- horizontal rows (bars with their values, stacked bars) -------------------------------
    def _rows(self, painter: QPainter, top: float) -> None:
        metrics = QFontMetrics(painter.font())
        labels = self.chart.labels or ("",)
        left = min(max((metrics.horizontalAdvance(t) for t in labels), default=10) + 10, 190)
        right = 44 if self.chart.bar_labels else 24  # room for the last tick's label
        plot = QRectF(left, top + 4, self.width() - left - right, len(labels) * ROW)
        for value, text in zip(self.chart.ticks, self.chart.tick_labels):
            x = self._x(plot, value)
            painter.setPen(QPen(GRID if value else AXIS, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(TEXT)
            painter.drawText(QRectF(x - 40, plot.bottom() + 3, 80, 14), Qt.AlignmentFlag.AlignHCenter, text)
        for i, label in enumerate(labels):
            y = plot.top() + i * ROW
            painter.setPen(TEXT)
            painter.drawText(QRectF(0, y, left - 6, ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(left - 6)))
            start = 0.0
            for series in self.chart.series:
                value = series.values[i] if i < len(series.values) else 0
                colour = series.colours[i] if i < len(series.colours) else series.colour
                x0, x1 = self._x(plot, start), self._x(plot, start + (value or 0))
                if value:
                    painter.fillRect(QRectF(x0, y + 3, x1 - x0, ROW - 6), QColor(colour))
                start += value or 0
            if self.chart.bar_labels and self.chart.series:
                painter.setPen(TEXT)
                painter.drawText(QRectF(self._x(plot, start) + 3, y, 60, ROW), Qt.AlignmentFlag.AlignVCenter,
                                 self.chart.fmt(start))

    def _x(self, plot: QRectF, value: float) -> float:
        return plot.left() + plot.width() * (value or 0) / self._top()
