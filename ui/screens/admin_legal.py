"""Quản trị → Căn cứ pháp lý: the table of legal bases printed on records, each text with the acts it is cited
for, its period of validity and its source (domain.legal_bases). The record's date chooses the rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from evidence_store.domain import legal_bases as legal_base_rules
from evidence_store.i18n import N_, _
from evidence_store.services import legal_bases as service

from .. import dialogs, operations

COLUMNS = (N_("Văn bản"), N_("Điều"), N_("Áp dụng cho"), N_("Từ ngày"), N_("Đến ngày"), N_("Chỉ giai đoạn THADS"),
           N_("Nguồn"))


class LegalBasesTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.rows = ctx, ()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        note = QLabel(_("Căn cứ in trên biên bản được chọn theo ngày của hành vi và loại biên bản. Số điều của văn "
                        "bản mới chưa kiểm chứng để trống, nhập khi đã đối chiếu. Ngày dạng dd/mm/yyyy; "
                        "«Áp dụng cho»: intake, release, return, transfer, deposit, disposal, destruction, seal, "
                        "unseal, incident (cách nhau bằng dấu phẩy)."))
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for label, slot in ((_("Thêm dòng"), self.add_row), (_("Xóa dòng"), self.remove_row),
                            (_("Khôi phục mặc định"), self.defaults), (_("Lưu"), self.save)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        result = operations.query(self.ctx, service.list_legal_bases, parent=self)
        if result.ok:
            self.show_rows(result.value)

    def show_rows(self, rows) -> None:
        self.rows = tuple(rows)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            cells = (r.text, r.article, ", ".join(r.acts), _day(r.valid_from), _day(r.valid_to),
                     _("có") if r.enforcement_only else "", r.source)
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))

    def add_row(self) -> None:
        n = len(self.rows) + 1
        self.show_rows(self.read_rows(strict=False) + (legal_base_rules.LegalBasis(f"custom_{n}", "", ("intake",), order=90),))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        rows = list(self.read_rows(strict=False))
        if 0 <= row < len(rows):
            del rows[row]
            self.show_rows(rows)

    def defaults(self) -> None:
        self.show_rows(legal_base_rules.DEFAULT_BASES)

    def read_rows(self, strict: bool = True) -> tuple:
        out = []
        for i, base in enumerate(self.rows):
            def cell(col):
                item = self.table.item(i, col)
                return item.text().strip() if item else ""
            out.append(replace(base, text=cell(0), article=cell(1),
                               acts=tuple(a.strip() for a in cell(2).split(",") if a.strip()),
                               valid_from=_parse(cell(3), strict), valid_to=_parse(cell(4), strict),
                               enforcement_only=bool(cell(5)), source=cell(6)))
        return tuple(out)

    def save(self) -> bool:
        try:
            rows = self.read_rows()
        except ValueError:
            dialogs.warn(_("Ngày không hợp lệ (dd/mm/yyyy)"), self)
            return False
        result = operations.perform(self.ctx, service.save_legal_bases, rows, parent=self)
        if result.ok:
            self.show_rows(result.value)
        return result.ok


def _day(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _parse(text: str, strict: bool) -> date | None:
    if not text:
        return None
    try:
        day, month, year = (int(p) for p in text.split("/"))
        return date(year, month, day)
    except ValueError:
        if strict:
            raise
        return None


class HolidaysTab(QWidget):
    """Quản trị → Ngày nghỉ lễ: the public holidays (Tết included) over which a deadline rolls to the next working
    day (BLDS Điều 148). One date a line, dd/mm/yyyy; Saturdays and Sundays are days off anyway."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QPlainTextEdit
        self.ctx = ctx
        self.text = QPlainTextEdit()
        note = QLabel(_("Ngày nghỉ lễ, Tết (mỗi dòng một ngày, dd/mm/yyyy). Thời hạn kết thúc vào ngày nghỉ được "
                        "chuyển sang ngày làm việc tiếp theo (Điều 148 Bộ luật Dân sự); thứ Bảy, Chủ nhật luôn là "
                        "ngày nghỉ."))
        note.setWordWrap(True)
        save = QPushButton(_("Lưu"))
        save.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addStretch(1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        from evidence_store.services import workdays
        result = operations.query(self.ctx, workdays.list_holidays, parent=self)
        if result.ok:
            self.text.setPlainText("\n".join(_day(d) for d in result.value))

    def save(self) -> bool:
        from evidence_store.services import workdays
        try:
            days = [_parse(line.strip(), True) for line in self.text.toPlainText().splitlines() if line.strip()]
        except ValueError:
            dialogs.warn(_("Ngày không hợp lệ (dd/mm/yyyy)"), self)
            return False
        result = operations.perform(self.ctx, workdays.save_holidays, days, parent=self)
        if result.ok:
            self.reload()
        return result.ok
