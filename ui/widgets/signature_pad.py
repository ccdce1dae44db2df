"""A signature pad: draw with the mouse or a pen (tablet), strokes kept as QPainterPaths; clear;
save as PNG bytes (what handovers.sign_on_screen stores, with its SHA-256 in the ledger)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from evidence_store.i18n import _

INK = QColor("#0d2a80")
PEN_WIDTH = 2.6


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strokes: list[QPainterPath] = []
        self._current: QPainterPath | None = None
        self.setMinimumSize(QSize(420, 160))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(_("Ký bằng chuột hoặc bút cảm ứng"))

    # -- drawing --------------------------------------------------------------------------
    def begin_stroke(self, point: QPointF) -> None:
        self._current = QPainterPath(point)
        self._current.lineTo(point + QPointF(0.1, 0.1))  # a dot is a mark too
        self.strokes.append(self._current)
        self.update()

    def extend_stroke(self, point: QPointF) -> None:
        if self._current is not None:
            self._current.lineTo(point)
            self.update()

    def end_stroke(self) -> None:
        if self._current is not None:
            self._current = None
            self.changed.emit()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_stroke(event.position())

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.extend_stroke(event.position())

    def mouseReleaseEvent(self, event) -> None:
        self.end_stroke()

    def tabletEvent(self, event) -> None:
        kind = event.type()
        if kind == event.Type.TabletPress:
            self.begin_stroke(event.position())
        elif kind == event.Type.TabletMove and event.pressure() > 0:
            self.extend_stroke(event.position())
        elif kind == event.Type.TabletRelease:
            self.end_stroke()
        event.accept()

    def clear(self) -> None:
        self.strokes.clear()
        self._current = None
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        return not self.strokes

    # -- painting -------------------------------------------------------------------------
    def _paint(self, painter: QPainter, width: int, height: int, guide: bool) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
        if guide:
            painter.setPen(QPen(QColor("#b0b0b0"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(20, height - 36, width - 20, height - 36)
            if self.is_empty():
                painter.setPen(QColor("#9e9e9e"))
                painter.drawText(QRectF(0, 0, width, height - 40), Qt.AlignmentFlag.AlignCenter,
                                 _("Ký tên vào đây"))
        pen = QPen(INK, PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for path in self.strokes:
            painter.drawPath(path)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter, self.width(), self.height(), guide=True)
            painter.setPen(QPen(QColor("#9e9e9e"), 1))
            painter.drawRect(0, 0, self.width() - 1, self.height() - 1)
        finally:
            painter.end()

    def image(self) -> QImage:
        image = QImage(max(self.width(), 1), max(self.height(), 1), QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            self._paint(painter, image.width(), image.height(), guide=False)
        finally:
            painter.end()
        return image

    def to_png(self) -> bytes:
        """The signature as PNG bytes (white background, ink strokes only)."""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.image().save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())
