"""A batch of items collected by scanning (release, return, disposal by printed list): each scan is
told apart by colour and sound — found, unknown, misread check character, already in the batch,
or refused because of the item's state (``refuse(detail)`` returns the reason)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from evidence_store.domain.errors import InvalidCode, NotFound
from evidence_store.i18n import _
from evidence_store.services import queries

from .. import operations
from ..models.format import code_text
from ..scan_feedback import Outcome, ScanIndicator, ScanSounds
from ..scan_router import check
from ..scan_value import read_scan


MAX_COLUMN = 160


def _quiet(error) -> bool:
    return isinstance(error, (NotFound, InvalidCode))


class ScanBatch(QWidget):
    changed = Signal()

    def __init__(self, ctx, columns, cells: Callable, *, refuse: Callable | None = None,
                 cell_widget: Callable | None = None, sounds: ScanSounds | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.cells, self.refuse, self.cell_widget = ctx, cells, refuse, cell_widget
        self.details: list = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.indicator = ScanIndicator(self, sounds=sounds)
        self.indicator.setMinimumHeight(44)
        self.indicator.setText(_("Sẵn sàng quét"))
        layout.addWidget(self.indicator)
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([_(c) for c in columns])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.count_label = QLabel()
        remove_button = QPushButton(_("Bỏ dòng đã chọn (Delete)"))
        remove_button.clicked.connect(self.remove_selected)
        clear = QPushButton(_("Làm lại"))
        clear.clicked.connect(self.clear)
        row.addWidget(self.count_label, 1)
        row.addWidget(remove_button)
        row.addWidget(clear)
        layout.addLayout(row)
        self._fill()

    @property
    def outcome(self) -> Outcome | None:
        return self.indicator.outcome

    def codes(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.details)

    def add(self, raw: str) -> Outcome:
        scan = read_scan(raw)
        refused = check(scan)
        if refused is not None:
            self.indicator.show_outcome(refused.outcome, code=refused.code)
            return refused.outcome
        code = str(scan)  # an item's code (its barcode or its label's QR); anything else is no item here
        if code in self.codes():
            self.indicator.show_outcome(Outcome.DUPLICATE)
            return Outcome.DUPLICATE
        result = operations.query(self.ctx, queries.item_by_code, code, events=1, parent=self, on_error=_quiet)
        if not result.ok:
            self.indicator.show_outcome(Outcome.UNKNOWN, code=code)
            return Outcome.UNKNOWN
        detail = result.value
        reason = self.refuse(detail) if self.refuse else None
        if reason:
            self.indicator.show_outcome(Outcome.WRONG_PLACE, expected="")
            self.indicator.setText(f"{code_text(code)} — {detail.name}: {reason}")
            return Outcome.WRONG_PLACE
        self.details.append(detail)
        self._fill()
        self.indicator.show_outcome(Outcome.FOUND)
        self.indicator.setText(f"{_('Đã tìm thấy')}: {code_text(code)} — {detail.name}")
        self.changed.emit()
        return Outcome.FOUND

    def refuse_message(self, text: str) -> None:
        """Show a refusal that is not about one scanned item (a wrong location, a full batch)."""
        self.indicator.show_outcome(Outcome.WRONG_PLACE, expected="")
        self.indicator.setText(text)

    def _fill(self) -> None:
        """Rebuilt whole (cell widgets too): ``cell_widget(detail)`` keeps its value outside the widget."""
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.details))
        last, widest = self.table.columnCount() - 1, 0
        for row, d in enumerate(self.details):
            for col, text in enumerate(self.cells(d)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
            widget = self.cell_widget(d) if self.cell_widget is not None else None
            if widget is not None:
                self.table.setCellWidget(row, last, widget)
                widest = max(widest, widget.sizeHint().width())
        for col in range(self.table.columnCount()):
            if col != 1:
                self.table.resizeColumnToContents(col)
                self.table.setColumnWidth(col, min(self.table.columnWidth(col), MAX_COLUMN))
        if widest:
            self.table.setColumnWidth(last, max(self.table.columnWidth(last), widest + 8))
        self.count_label.setText(_("{n} vật chứng trong lượt này", n=len(self.details)))

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        self.details = [d for i, d in enumerate(self.details) if i not in rows]
        self._fill()
        self.changed.emit()

    def clear(self) -> None:
        self.details = []
        self._fill()
        self.changed.emit()


class BatchPanelDialog(QDialog):
    """A scan-batch panel (release, return…) opened from the item view for the items chosen there;
    scans reach the panel while the dialog is open. Subclasses name the panel and the title."""

    panel_class: type = QWidget
    title = ""

    def __init__(self, ctx, codes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_(self.title))
        self.panel = self.panel_class(ctx, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(1180, 760)
        for code in codes:
            self.panel.batch.add(code)

    def handle_scan(self, code: str) -> bool:
        return self.panel.handle_scan(code)
