"""A one-line button that never widens its window: a long text is cut with "…" at the width the layout gives it,
and the whole text is in the tooltip (the home screen's task lines grow with each kind of task; at 1366 px they
pushed the window past the screen's edge)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy


class ElidedButton(QPushButton):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        """What the button shows now (the full text, or its start and "…")."""
        return super().text()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(120, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.width() - 24  # the style's padding (8 px each side) and the border
        shown = self._full if room <= 0 else self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        super().setText(shown)
