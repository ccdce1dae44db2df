"""Quản trị › Thẩm quyền: the competence table (which agency kind may issue which document at which stage),
shipped with the law's defaults and each row citing its source; the administrator changes a row or restores the
defaults, and sets which categories may be sold during proceedings (Điều 106.3.c) and who receives confiscated
items (Luật THADS Điều 124). Every service that accepts a decision checks this table."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from evidence_store.describe import (agency_kind_label, agency_kinds_text, category_label, context_label,
                                    document_label)
from evidence_store.domain.agencies import AGENCY_KINDS
from evidence_store.domain.categories import CATEGORIES
from evidence_store.i18n import N_, _
from evidence_store.services import authority
from evidence_store.services.results import Changes

from .. import messages, operations

COLUMNS = (N_("Văn bản"), N_("Giai đoạn"), N_("Cơ quan có thẩm quyền ban hành"), N_("Nguồn pháp lý"),
           N_("Theo luật"))


def _set_rule(uow, document, context, kinds, source, source_2025):
    authority.set_rule(uow, document, context, kinds, source, source_2025)
    return Changes(extra={"authority": document})


def _reset(uow):
    authority.reset_table(uow)
    return Changes(extra={"authority": "reset"})


def _set_perishable(uow, perishable):
    authority.set_category_flags(uow, perishable=perishable)
    return Changes(extra={"authority": "perishable"})


class AuthorityTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.rules, self.dialog = ctx, [], None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((230, 170, 330, 300, 70)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.perishable = QLabel()
        self.perishable.setWordWrap(True)
        note = QLabel(_("Mỗi quyết định, lệnh mà phần mềm ghi nhận đều được kiểm tra theo bảng này; "
                        "lời từ chối nêu quy tắc và nguồn pháp lý."))
        note.setWordWrap(True)
        row = QHBoxLayout()
        for text, slot in ((_("Sửa quy tắc…"), self.edit), (_("Khôi phục mặc định theo luật"), self.reset),
                           (_("Loại vật chứng được bán sớm…"), self.edit_perishable)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.perishable)
        self.reload()

    def reload(self) -> None:
        with self.ctx.reader() as uow:
            self.rules = sorted(authority.list_rules(uow), key=lambda r: (document_label(r.document), r.context))
            table = authority.export_table(uow)
        self.table.setRowCount(len(self.rules))
        for r, rule in enumerate(self.rules):
            source = rule.source + (f" · {rule.source_2025}" if rule.source_2025 else "")
            values = (document_label(rule.document), context_label(rule.context),
                      agency_kinds_text(rule.kinds), source,
                      _("có") if rule.is_default else _("đã sửa"))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        self.perishable_codes = list(table["perishable"])
        self.perishable.setText(_("Được bán trong khi giải quyết vụ án (mau hỏng, khó bảo quản — Điều 106.3.c "
                                  "BLTTHS): {categories}",
                                  categories=", ".join(category_label(c) for c in self.perishable_codes) or "—"))

    def selected(self):
        row = self.table.currentRow()
        return self.rules[row] if 0 <= row < len(self.rules) else None

    def edit(self) -> None:
        rule = self.selected()
        if rule is None:
            messages.info(_("Chọn một quy tắc trong bảng"), self)
            return
        self.dialog = RuleDialog(self.ctx, rule, self)
        if self.dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def reset(self) -> None:
        if not messages.confirm(_("Khôi phục toàn bộ bảng thẩm quyền về mặc định theo luật?"), self):
            return
        if operations.perform(self.ctx, _reset, parent=self).ok:
            self.reload()

    def edit_perishable(self) -> None:
        self.dialog = PerishableDialog(self.ctx, self.perishable_codes, self)
        if self.dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()


class _Dialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def show_error(self, error) -> bool:
        from evidence_store.messages import message
        self.error_label.setText(message(error))
        return True


class RuleDialog(_Dialog):
    """One rule: the agency kinds (checkboxes) and the legal source, required."""

    def __init__(self, ctx, rule, parent: QWidget | None = None) -> None:
        super().__init__(_("Sửa quy tắc thẩm quyền"), parent)
        self.ctx, self.rule = ctx, rule
        heading = QLabel(_("<b>{document}</b> — giai đoạn <b>{stage}</b>", document=document_label(rule.document),
                           stage=context_label(rule.context)))
        grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for n, kind in enumerate(AGENCY_KINDS):
            box = QCheckBox(agency_kind_label(kind))
            box.setChecked(kind in rule.kinds)
            self.boxes[kind] = box
            grid.addWidget(box, n // 2, n % 2)
        self.source = QLineEdit(rule.source)
        self.source_2025 = QLineEdit(rule.source_2025)
        self.source_2025.setPlaceholderText(_("Nguồn áp dụng cho hành vi từ 01/07/2026 (Luật THADS số 106/2025/QH15)"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(QLabel(_("Nguồn pháp lý (bắt buộc)")))
        layout.addWidget(self.source)
        layout.addWidget(self.source_2025)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def kinds(self) -> list[str]:
        return [k for k, box in self.boxes.items() if box.isChecked()]

    def submit(self) -> None:
        result = operations.perform(self.ctx, _set_rule, self.rule.document, self.rule.context, self.kinds(),
                                    self.source.text(), self.source_2025.text(), parent=self,
                                    on_error=self.show_error)
        if result.ok:
            self.accept()


class PerishableDialog(_Dialog):
    def __init__(self, ctx, current, parent: QWidget | None = None) -> None:
        super().__init__(_("Loại vật chứng được bán trong khi giải quyết vụ án"), parent)
        self.ctx = ctx
        grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for n, (code, cat) in enumerate(CATEGORIES.items()):
            box = QCheckBox(_(cat.label))
            box.setChecked(code in current)
            self.boxes[code] = box
            grid.addWidget(box, n // 2, n % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Chỉ vật chứng mau hỏng, khó bảo quản được bán trước khi có bản án có hiệu lực "
                                  "hoặc quyết định đình chỉ (Điều 106.3.c BLTTHS).")))
        layout.addLayout(grid)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        chosen = [c for c, box in self.boxes.items() if box.isChecked()]
        if operations.perform(self.ctx, _set_perishable, chosen, parent=self, on_error=self.show_error).ok:
            self.accept()
