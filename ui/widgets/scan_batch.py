"""A batch of items collected by scanning (shelving, release, return, disposal by printed list): each scan is
told apart by colour and sound — found, unknown, misread check character, already in the batch,
or refused because of the item's state (``refuse(detail)`` returns the reason, or a ``Refusal`` naming its
outcome)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from evidence_store.domain.errors import InvalidCode, NotFound
from evidence_store.i18n import _
from evidence_store.services import queries

from .. import operations
from ..models.format import code_text
from ..scan_feedback import Outcome, ScanIndicator, ScanSounds
from ..scan_router import check
from ..scan_value import Scan, receives_scan


MAX_COLUMN = 160
NAME_ROOM = 180  # px the item's name keeps beside the other columns


def _quiet(error) -> bool:
    return isinstance(error, (NotFound, InvalidCode))


@dataclass(frozen=True)
class Refusal:
    """Why ``refuse(detail)`` keeps an item out, when a plain reason (shown as a wrong place) is not enough."""

    text: str  # the whole sentence (translated)
    outcome: Outcome = Outcome.REFUSED
    expected: str = ""  # Outcome.WRONG_PLACE: the kind of place the item needs


class ScanBatch(QWidget):
    changed = Signal()
    added = Signal(object)  # the detail of an item that joined the batch
    refused = Signal(str)  # the sentence of a scan kept out (unknown code, refusal): for a screen's scan log

    def __init__(self, ctx, columns, cells: Callable, *, refuse: Callable | None = None,
                 cell_widget: Callable | None = None, sounds: ScanSounds | None = None,
                 confirm_clear: Callable[[int], bool] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.cells, self.refuse, self.cell_widget = ctx, cells, refuse, cell_widget
        self.confirm_clear = confirm_clear  # asked with the number of items before "Làm lại" empties the batch
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
        # the name (column 1) takes the room left and wraps onto a second line rather than being cut: beside a
        # form at 1366 px a car's name with its plate does not fit one line (issue 17)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        header.sectionResized.connect(lambda col, _old, _new: col == 1 and self.table.resizeRowsToContents())
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        layout.addWidget(self.table, 1)
        self.button_row = row = QHBoxLayout()
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

    @receives_scan
    def add(self, scan: Scan) -> Outcome:
        """An item's code joins the batch (scanned, or a code the item view passes), each outcome shown."""
        refused = check(scan)
        if refused is not None:
            self.indicator.show_outcome(refused.outcome, code=refused.code)
            return refused.outcome
        code = str(scan)  # an item's code (its barcode or its label's QR); anything else is no item here
        if code in self.codes():
            self.indicator.show_outcome(Outcome.DUPLICATE)
            return Outcome.DUPLICATE
        result = (operations.query(self.ctx, queries.item_by_code, code, events=1, parent=self, on_error=_quiet)
                  if scan.is_item else None)
        if result is None or not result.ok:
            self.indicator.show_outcome(Outcome.UNKNOWN, code=code_text(code))
            self.refused.emit(self.indicator.text())
            return Outcome.UNKNOWN
        detail = result.value
        reason = self.refuse(detail) if self.refuse else None
        if reason:
            if not isinstance(reason, Refusal):
                reason = Refusal(f"{code_text(code)} — {detail.name}: {reason}", Outcome.WRONG_PLACE)
            if reason.outcome is Outcome.WRONG_PLACE:
                self.indicator.show_outcome(Outcome.WRONG_PLACE, expected=reason.expected)
            else:
                self.indicator.show_outcome(reason.outcome, reason=reason.text)
            self.indicator.setText(reason.text)
            self.refused.emit(reason.text)
            return reason.outcome
        self.details.append(detail)
        self._fill()
        self.indicator.show_outcome(Outcome.FOUND)
        self.indicator.setText(f"{_('Đã tìm thấy')}: {code_text(code)} — {detail.name}")
        self.changed.emit()
        self.added.emit(detail)
        return Outcome.FOUND

    def refuse_message(self, text: str) -> None:
        """Show a refusal that is not about one scanned item (a wrong location, a full batch)."""
        self.indicator.show_outcome(Outcome.WRONG_PLACE, expected="")
        self.indicator.setText(text)

    def keep(self, predicate: Callable) -> list:
        """Keep the items for which ``predicate(detail)`` holds; return those dropped (rows redrawn)."""
        dropped = [d for d in self.details if not predicate(d)]
        self.details = [d for d in self.details if predicate(d)]
        self._fill()
        if dropped:
            self.changed.emit()
        return dropped

    def refill(self) -> None:
        """Redraw the rows (their cells may depend on something outside the batch, e.g. the target shelf)."""
        self._fill()

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
        self._leave_room_for_the_name(keep={0, last} if widest else {0})
        self.table.resizeRowsToContents()
        self.count_label.setText(_("{n} vật chứng trong lượt này", n=len(self.details)))

    def _leave_room_for_the_name(self, keep: set[int]) -> None:
        """The name (the stretched column 1) keeps at least NAME_ROOM: in a pane beside a form (Xử lý at 1366 px)
        category, quantity, case and state took the width and left the name a sliver wrapped over five lines.
        The columns other than the code (and a cell widget's) give way in proportion and wrap their words."""
        def wraps(col: int) -> bool:  # a case number has no word to break at: it keeps its width
            return all(" " in (self.table.item(r, col).text() if self.table.item(r, col) else " ")
                       for r in range(self.table.rowCount()))
        shrinkable = [c for c in range(self.table.columnCount()) if c != 1 and c not in keep and wraps(c)]
        fixed = sum(self.table.columnWidth(c) for c in range(self.table.columnCount())
                    if c != 1 and c not in shrinkable)
        room = self.table.viewport().width() - fixed - NAME_ROOM
        wanted = sum(self.table.columnWidth(c) for c in shrinkable)
        if not shrinkable or wanted <= room:
            return
        floor = self.table.horizontalHeader().minimumSectionSize()
        scale = max(room, floor * len(shrinkable)) / wanted
        for col in shrinkable:
            self.table.setColumnWidth(col, max(floor, int(self.table.columnWidth(col) * scale)))

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        self.details = [d for i, d in enumerate(self.details) if i not in rows]
        self._fill()
        self.changed.emit()

    def clear(self) -> bool:
        """"Làm lại": empty the batch (asking first when ``confirm_clear`` says so)."""
        if self.details and self.confirm_clear is not None and not self.confirm_clear(len(self.details)):
            return False
        self.details = []
        self._fill()
        self.changed.emit()
        return True


def fit_to_screen(dialog: QWidget, width: int, height: int, free=None) -> None:
    """``width`` × ``height``, or less on a small screen: the dialog with its title bar stays inside the
    screen's free area (HANDS-ON 39: 760 px tall on a 768 px screen lost its bottom and its right side)."""
    screen = dialog.screen() or QApplication.primaryScreen()
    if free is None and screen is not None:
        free = screen.availableGeometry()
    if free is not None:
        width, height = min(width, free.width() - 24), min(height, free.height() - 48)  # frame, title bar
    dialog.resize(max(width, dialog.minimumSizeHint().width()), max(height, 200))


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
        fit_to_screen(self, 1180, 760)
        for code in codes:
            self.panel.batch.add(code)

    def handle_scan(self, scan) -> bool:
        return self.panel.handle_scan(scan)
