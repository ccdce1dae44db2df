"""A button that opens its menu at once: «Xuất danh sách», the item page's «In…», the user's name in the top bar."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStyle, QToolButton, QWidget


class MenuButton(QToolButton):
    """Qt's Fusion style draws an instant-popup button's arrow in its bottom-right corner without keeping room for it,
    over the last letter («Xuất danh sách⌄», seen at 1366×768): the size hints add the arrow's width."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def _arrow(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, self)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt)
        hint = super().sizeHint()
        return QSize(hint.width() + self._arrow(), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt)
        hint = super().minimumSizeHint()
        return QSize(hint.width() + self._arrow(), hint.height())
