"""The tables and buttons of the audit screen: columns fitted to their contents at 1366×768, the item's name
given room, result colours."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QPushButton, QTableWidget, QTableWidgetItem

from evidence_store.i18n import N_, _

from ..models.format import code_text, date_text
from ..models.paged import Column
from ..widgets.row_table import RowTable

RESULT_COLOURS = {"found": "#e8f5e9", "wrong_place": "#fff8e1", "missing": "#ffebee", "unexpected": "#fff3e0",
                  "unknown": "#fbe9e7", "absent_expected": "#eceff1", "seal_broken": "#fce4ec",
                  "quantity_differs": "#f3e5f5", "seal_not_checked": "#fce4ec",
                  "measure_not_taken": "#fff3e0"}


def new_table(headers, stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels([_(h) for h in headers])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(48)
    table.setProperty("stretch_column", stretch)
    return table


MAX_COLUMN = 230
SHOWN_LINES = 5000  # every line of a 100,000-item audit is in the XLSX export; the screen shows the first ones


def fill_table(table: QTableWidget, rows, background=None) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        colour = background(r) if background else None
        for c, text in enumerate(cells):
            item = QTableWidgetItem(str(text))
            item.setToolTip(str(text))
            if colour:
                item.setBackground(QColor(colour))
            table.setItem(r, c, item)
    stretch = table.property("stretch_column")
    for c in range(table.columnCount()):  # to their contents, none wider than MAX_COLUMN (the text is in the tooltip)
        if c != stretch:
            table.resizeColumnToContents(c)
            table.setColumnWidth(c, min(table.columnWidth(c), MAX_COLUMN))
    leave_room(table, stretch)


OVERDUE_ZONE = QColor("#ffebee")


def _cycle(z) -> str:
    return _("{n} ngày", n=z.interval_days) if z.interval_days else _("chưa đặt")


def _next(z) -> str:
    return date_text(z.next_on) if z.next_on else _("chưa kiểm kê lần nào")


SCHEDULE_COLUMNS = tuple(
    Column(header, value, background=lambda z: OVERDUE_ZONE if z.overdue else None)
    for header, value in ((N_("Khu"), lambda z: z.location_name), (N_("Mã"), lambda z: code_text(z.location_code)),
                          (N_("Chu kỳ"), _cycle), (N_("Lần tới"), _next),
                          (N_("Lần gần nhất"), lambda z: z.last_audit)))


def schedule_table() -> RowTable:
    """The zone schedule: one row per zone (931 at a million items). Issue #19: as a model over the zones, not a
    QTableWidget's C++ item and tooltip per cell (~5 MB of the audit screen's 6.7 MB at 1M)."""
    table = RowTable(SCHEDULE_COLUMNS)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(48)
    return table


def show_schedule(table: RowTable, zones) -> None:
    table.show_rows(zones)
    for c in range(1, len(SCHEDULE_COLUMNS)):  # to their contents, none wider than MAX_COLUMN, as fill_table
        table.resizeColumnToContents(c)
        table.setColumnWidth(c, min(table.columnWidth(c), MAX_COLUMN))


def leave_room(table: QTableWidget, stretch, room: int = 220) -> None:
    """At 1366×768 the places and details took the width and left the item's name 48 px («Tiền …»): the wide
    columns give up width in proportion until the stretching one has ``room`` (issue 17)."""
    width = table.viewport().width() or table.width()
    if stretch is None or width < 600:  # not laid out yet: nothing to share
        return
    others = [c for c in range(table.columnCount()) if c != stretch]
    over = sum(table.columnWidth(c) for c in others) + room - width
    wide = [c for c in others if table.columnWidth(c) > 120]
    spare = sum(table.columnWidth(c) - 120 for c in wide)
    if over <= 0 or not spare:
        return
    for c in wide:
        give = (table.columnWidth(c) - 120) * min(1.0, over / spare)
        table.setColumnWidth(c, int(table.columnWidth(c) - give))


def push_button(text: str, slot, bold: bool = False) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    if bold:
        button.setStyleSheet("font-weight: bold; padding: 6px 16px;")
    return button
