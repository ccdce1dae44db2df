"""Quản trị › Thẩm quyền: the competence table (which agency kind may issue which document at which stage),
shipped with the law's defaults and each row citing its source; the administrator changes a row or restores the
defaults, and sets which categories may be sold during proceedings (Điều 106.3.c) and who receives confiscated
items (Luật THADS Điều 124). Every service that accepts a decision checks this table."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from evidence_store.describe import (agency_kind_label, agency_kinds_text, category_label, context_label,
                                    document_label, state_label)
from evidence_store.domain.agencies import AGENCY_KINDS
from evidence_store.domain.categories import CATEGORIES
from evidence_store.domain.states import DISPOSAL_OUTCOMES
from evidence_store.i18n import N_, _
from evidence_store.services import authority
from evidence_store.services.results import Changes

from .. import dialogs, operations
from ..widgets.form import field_errors
from ..widgets.submit_dialog import SubmitDialog

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


def _set_registered(uow, registered):
    authority.set_category_flags(uow, pilot_registered=registered)
    return Changes(extra={"authority": "pilot_registered"})


def _set_outcomes(uow, outcomes, receivers):
    authority.set_category_flags(uow, outcomes=outcomes, receivers=receivers)
    return Changes(extra={"authority": "outcomes"})


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
                           (_("Loại vật chứng được bán sớm…"), self.edit_perishable),
                           (_("Hình thức xử lý theo loại vật chứng…"), self.edit_outcomes),
                           (_("Tài sản đăng ký (thí điểm NQ 164)…"), self.edit_registered)):
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
        self.registered_codes = list(table.get("pilot_registered", ()))
        self.outcomes, self.receivers = table["outcomes"], table["receivers"]
        self.perishable.setText(_("Được bán trong khi giải quyết vụ án (mau hỏng, khó bảo quản — Điều 106.3.c "
                                  "BLTTHS): {categories}",
                                  categories=", ".join(category_label(c) for c in self.perishable_codes) or "—")
                                + "\n" + _("Tài sản đăng ký được tạm dừng giao dịch (thí điểm NQ 164/2024/QH15): "
                                           "{categories}", categories=", ".join(
                                               category_label(c) for c in self.registered_codes) or "—"))

    def selected(self):
        row = self.table.currentRow()
        return self.rules[row] if 0 <= row < len(self.rules) else None

    def edit(self) -> None:
        rule = self.selected()
        if rule is None:
            dialogs.info(_("Chọn một quy tắc trong bảng"), self)
            return
        self.dialog = RuleDialog(self.ctx, rule, self)
        if self.dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def reset(self) -> None:
        if not dialogs.confirm(_("Khôi phục toàn bộ bảng thẩm quyền về mặc định theo luật?"), self):
            return
        if operations.perform(self.ctx, _reset, parent=self).ok:
            self.reload()

    def edit_perishable(self) -> None:
        self.dialog = PerishableDialog(self.ctx, self.perishable_codes, self)
        if self.dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def edit_registered(self) -> None:
        self.dialog = RegisteredDialog(self.ctx, self.registered_codes, self)
        if self.dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def edit_outcomes(self) -> None:
        self.dialog = OutcomesDialog(self.ctx, self.outcomes, self.receivers, self)
        if self.dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()


class _Dialog(SubmitDialog):
    """An authority setting saved on «Lưu»; any refusal stays in the red line (a setting names no form field)."""

    def __init__(self, ctx, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent, ok_text=_("Lưu"))

    def on_error(self):
        return field_errors(None, fallback=self.error_label)


def _check_grid(choices, checked) -> tuple[QGridLayout, dict[str, QCheckBox]]:
    """One checkbox per (key, label) of ``choices``, two to a row, ticked when its key is in ``checked``."""
    grid = QGridLayout()
    boxes: dict[str, QCheckBox] = {}
    for n, (key, label) in enumerate(choices):
        box = QCheckBox(label)
        box.setChecked(key in checked)
        boxes[key] = box
        grid.addWidget(box, n // 2, n % 2)
    return grid, boxes


def _ticked(boxes: dict[str, QCheckBox]) -> list[str]:
    return [key for key, box in boxes.items() if box.isChecked()]


def _category_grid(checked) -> tuple[QGridLayout, dict[str, QCheckBox]]:
    return _check_grid(((code, _(cat.label)) for code, cat in CATEGORIES.items()), checked)


class RuleDialog(_Dialog):
    """One rule: the agency kinds (checkboxes) and the legal source, required."""

    def __init__(self, ctx, rule, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Sửa quy tắc thẩm quyền"), parent)
        self.rule = rule
        heading = QLabel(_("<b>{document}</b> — giai đoạn <b>{stage}</b>", document=document_label(rule.document),
                           stage=context_label(rule.context)))
        grid, self.boxes = _check_grid(((kind, agency_kind_label(kind)) for kind in AGENCY_KINDS), rule.kinds)
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
        return _ticked(self.boxes)

    def submit(self) -> None:
        self.run(_set_rule, self.rule.document, self.rule.context, self.kinds(), self.source.text(),
                 self.source_2025.text())


class PerishableDialog(_Dialog):
    def __init__(self, ctx, current, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Loại vật chứng được bán trong khi giải quyết vụ án"), parent)
        grid, self.boxes = _category_grid(current)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Chỉ vật chứng mau hỏng, khó bảo quản được bán trước khi có bản án có hiệu lực "
                                  "hoặc quyết định đình chỉ (Điều 106.3.c BLTTHS).")))
        layout.addLayout(grid)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.run(_set_perishable, _ticked(self.boxes))


class RegisteredDialog(_Dialog):
    """The registered property whose transactions a pilot decision may suspend (NQ 164/2024/QH15; which kinds
    TTLT 01/2025 covers was not verified: the administrator sets it, vehicles by default)."""

    def __init__(self, ctx, current, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Tài sản đăng ký (thí điểm NQ 164/2024/QH15)"), parent)
        grid, self.boxes = _category_grid(current)
        note = QLabel(_("Biện pháp tạm dừng giao dịch chỉ áp dụng cho tài sản phải đăng ký (Nghị quyết số "
                        "164/2024/QH15); chọn các loại vật chứng thuộc diện này."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.run(_set_registered, _ticked(self.boxes))


# Agency kinds that may receive confiscated items (Luật THADS Điều 124; ND 70/2013 for weapons; KBNN for cash).
RECEIVER_KINDS = ("finance", "treasury", "military", "specialised")


class OutcomesDialog(_Dialog):
    """Per category: the disposal outcomes allowed (Điều 106.2 BLTTHS; LEGAL-RULES R9) and who receives what is
    confiscated (Luật THADS Điều 124; R29). The law's defaults ship; money can never be destroyed or sold."""

    def __init__(self, ctx, outcomes: dict, receivers: dict, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Hình thức xử lý theo loại vật chứng"), parent)
        self.grid = QTableWidget(len(CATEGORIES), len(DISPOSAL_OUTCOMES) + 1)
        self.grid.setHorizontalHeaderLabels([state_label(o.value) for o in DISPOSAL_OUTCOMES]
                                            + [_("Tịch thu thì giao")])
        self.grid.setVerticalHeaderLabels([_(c.label) for c in CATEGORIES.values()])
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.boxes: dict[tuple[str, str], QCheckBox] = {}
        self.receiver_boxes: dict[str, QComboBox] = {}
        default_receiver = receivers.get("*", "finance")
        for r, code in enumerate(CATEGORIES):
            for c, outcome in enumerate(DISPOSAL_OUTCOMES):
                box = QCheckBox()
                box.setChecked(outcome.value in outcomes.get(code, ()))
                box.setToolTip(f"{_(CATEGORIES[code].label)} — {state_label(outcome.value)}")
                self.boxes[(code, outcome.value)] = box
                self.grid.setCellWidget(r, c, box)
            combo = QComboBox()
            for kind in RECEIVER_KINDS:
                combo.addItem(agency_kind_label(kind), kind)
            combo.setCurrentIndex(max(0, combo.findData(receivers.get(code, default_receiver))))
            self.receiver_boxes[code] = combo
            self.grid.setCellWidget(r, len(DISPOSAL_OUTCOMES), combo)
        self.grid.resizeColumnsToContents()
        self.grid.horizontalHeader().setStretchLastSection(True)
        self.grid.setColumnWidth(len(DISPOSAL_OUTCOMES), 330)
        self.grid.setMinimumSize(1080, 520)
        note = QLabel(_("Mặc định theo luật: ma túy chỉ tiêu hủy, không tịch thu nộp ngân sách; tiền chỉ trả lại hoặc "
                        "tịch thu (Điều 106.2 BLTTHS); vật chứng bị tịch thu giao cơ quan tài chính, tiền qua Kho bạc "
                        "Nhà nước, vũ khí quân dụng cho cơ quan quân sự (Điều 124 Luật THADS). Mỗi thay đổi được ghi "
                        "vào nhật ký an ninh."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def chosen(self) -> tuple[dict, dict]:
        outcomes = {code: [o for (c, o), box in self.boxes.items() if c == code and box.isChecked()]
                    for code in CATEGORIES}
        receivers = {code: combo.currentData() for code, combo in self.receiver_boxes.items()}
        receivers["*"] = "finance"
        return outcomes, receivers

    def submit(self) -> None:
        outcomes, receivers = self.chosen()
        self.run(_set_outcomes, outcomes, receivers)
