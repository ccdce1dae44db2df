"""What the list screens share: a table view set up for windowed models (fixed row height,
no resizing to contents over a million rows), and the "open this item" request."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ..models.paged import PagedTableModel

ROW_HEIGHT = 24


class ItemTable(QTableView):
    """A table over a PagedTableModel. Double-click or Enter emits ``activated_row(row)``."""

    activated_row = Signal(int)

    def __init__(self, model: PagedTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never resizeRowsToContents on 1M rows
        vh.setDefaultSectionSize(ROW_HEIGHT)
        vh.setVisible(False)
        hh = self.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setStretchLastSection(True)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for i, col in enumerate(model.columns):
            self.setColumnWidth(i, col.width)
        self.doubleClicked.connect(lambda index: self.activated_row.emit(index.row()))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_End, Qt.Key.Key_Home):  # rows, not columns (HANDS-ON 25)
            rows = self.model().rowCount()
            if rows:
                self.jump_to(rows - 1 if event.key() == Qt.Key.Key_End else 0)
                self.horizontalScrollBar().setValue(0)
            return
        super().keyPressEvent(event)

    def jump_to(self, row: int) -> None:
        """Select and show ``row`` (one page query, however far down it is)."""
        index = self.model().index(row, 0, QModelIndex())
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)


def open_in_window(widget: QWidget, code: str) -> None:
    """Show the item in the main window's item view (when the widget lives in one)."""
    window = widget.window()
    navigate = getattr(window, "navigate", None)
    if navigate is None:
        return
    screen = navigate("item_view")
    if screen is not None:
        screen.show_item(code)
