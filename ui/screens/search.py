"""Tìm kiếm: one box, results as you type. Diacritics-insensitive (``dien thoai`` finds
``điện thoại``), over code, case number, name, description, owner and serial numbers; newest first."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from evidence_store.i18n import N_, _

from ..models.format import number_text
from evidence_store.services import queries

from ..models.items import ITEM_EXPORT_COLUMNS, SearchResultsModel
from ..widgets.export_button import ExportButton, ExportSource, pages
from .base import Screen
from .listing import ItemTable, open_in_window

DEBOUNCE_MS = 200


class SearchScreen(Screen):
    nav_title = N_("Tìm kiếm")
    item_requested = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.item_requested.connect(lambda code: open_in_window(self, code))
        self.box = QLineEdit()
        self.box.setPlaceholderText(_("Tìm theo mã, số vụ án, tên, đặc điểm, chủ sở hữu, số IMEI / biển số…"))
        self.box.setClearButtonEnabled(True)
        font = self.box.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.box.setFont(font)
        self.model = SearchResultsModel(ctx, parent=self)
        self.table = ItemTable(self.model)
        self.table.activated_row.connect(self._open_row)
        self.status = QLabel()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda _text: self.timer.start())
        self.box.returnPressed.connect(self._enter)
        self.export_button = ExportButton(ctx, self.export_source, "ket-qua-tim-kiem", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)

    def export_source(self) -> ExportSource:
        ids = list(self.model.ids)
        return ExportSource(_("Kết quả tìm kiếm"), _("Tìm: {text}", text=self.model.text.strip()), ITEM_EXPORT_COLUMNS,
                            lambda uow: pages(lambda o, n: queries.item_rows_by_ids(uow, ids[o:o + n])),
                            lambda uow: len(ids))

    def activated(self) -> None:
        self.box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.box.selectAll()

    def run_search(self) -> None:
        self.timer.stop()
        text = self.box.text()
        self.model.set_text(text)
        n = self.model.rowCount()
        if not text.strip():
            self.status.setText("")
        elif n == 0:
            self.status.setText(_("Không tìm thấy vật chứng nào"))
        elif n >= self.model.LIMIT:
            self.status.setText(_("{n} kết quả mới nhất — hãy gõ thêm để thu hẹp", n=number_text(n)))
        else:
            self.status.setText(_("{n} kết quả", n=number_text(n)))
        if n:
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _enter(self) -> None:
        """Enter opens the selected (or only) result, after running a pending search."""
        if self.timer.isActive() or self.model.text != self.box.text():
            self.run_search()
        index = self.table.currentIndex()
        if index.isValid():
            self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is not None:
            self.item_requested.emit(item.code)

    def handle_scan(self, scan) -> bool:
        """Scanned codes go to the main window, which opens the item (with the scan's sound)."""
        return False

    def refresh(self, changes=None) -> None:
        if self.model.text:
            self.model.set_text(self.model.text)
