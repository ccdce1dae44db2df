"""Nhập kho wizard, step 4: add items quickly, with the fields of their category (IMEI for phones,
plate / frame / engine numbers for vehicles, weights for drugs and gold, denominations for cash)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QWidget)

from evidence_store.domain.categories import CATEGORIES, FIELD_LABELS, category
from evidence_store.domain.identity import imei_problem
from evidence_store.domain.money import (VND_DENOMINATIONS, DenominationError, denominations_total,
                                         format_denominations, group_digits, parse_denominations)
from evidence_store.i18n import N_, _
from evidence_store.services.commands import FileInput, NewItem

from .. import dialogs
from ..models.format import number_text, vn_sorted
from ..widgets.form import FORM_MAX_WIDTH, Form, error_colours, line_edit
from .intake_steps import Step

SEAL_CHOICES = ((N_("— Kiểm tra niêm phong rồi chọn —"), None), (N_("Nguyên vẹn, đúng số"), "intact"),
                (N_("Rách, mất, có dấu hiệu bóc mở"), "broken"))
PHOTO_FILTER = N_("Ảnh (*.jpg *.jpeg *.png *.heic *.webp);;Mọi tệp (*)")
COLUMNS = (N_("STT"), N_("Loại"), N_("Tên vật chứng"), N_("SL"), N_("ĐVT"), N_("Đặc điểm riêng"),
           N_("Niêm phong"), N_("Ảnh"))


class QuantityBox(QDoubleSpinBox):
    """Vietnamese numbers: "1", "2.500.000", "12,35" — never "1.000" for one."""

    def textFromValue(self, value: float) -> str:
        return number_text(value)

    def valueFromText(self, text: str) -> float:
        return float(text.replace(".", "").replace(",", ".") or 0)

    def validate(self, text: str, pos: int):
        try:
            self.valueFromText(text)
        except ValueError:
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos


def read_photo(path: str) -> FileInput:
    p = Path(path)
    return FileInput(p.name, p.read_bytes(), mimetypes.guess_type(p.name)[0] or "")


def attributes_text(item: NewItem) -> str:
    return "; ".join(f"{_(FIELD_LABELS.get(k, k))}: {v}" for k, v in item.attributes.items())


def seal_cell(item: NewItem) -> str:
    """'000123/NP-PC02' — and «rách, mất» beside a seal found torn or missing."""
    if item.sealed and item.seal_state == "broken":
        return _("{seal} (rách, mất)", seal=item.seal_number)
    return item.seal_number


class ItemsStep(Step):
    title = N_("Vật chứng")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.items: list[NewItem] = []
        self.photos: list[FileInput] = []
        self._build_main()
        self.attrs = self._form()
        self.layout_.addWidget(self.attrs)
        self._build_details()
        self._build_table()
        self.category.currentIndexChanged.connect(self._category_changed)
        self._category_changed()

    # -- building ----------------------------------------------------------------------------
    def _build_main(self) -> None:
        f = self.form
        self.category = QComboBox()
        for code, cat in vn_sorted(CATEGORIES.items(), key=lambda kv: _(kv[1].label)):
            self.category.addItem(_(cat.label), code)
        self.category.setCurrentIndex(max(0, self.category.findData("phone")))
        f.add("category", _("Loại vật chứng"), self.category, required=True)
        f.add("name", _("Tên vật chứng"), line_edit(_("VD: Điện thoại di động Samsung Galaxy A52")), required=True)
        self.quantity = QuantityBox()
        self.quantity.setRange(0, 1e9)
        self.quantity.setDecimals(3)
        self.quantity.setValue(1)
        f.add("quantity", _("Số lượng"), self.quantity, required=True)
        self.unit = QComboBox()
        self.unit.setEditable(True)
        f.add("unit", _("Đơn vị tính"), self.unit, required=True)
        f.enter_hook = self._enter_on_main

    def _build_details(self) -> None:
        self.details = d = self._form()
        d.add("characteristics", _("Đặc điểm"), line_edit(_("Màu sắc, nhãn hiệu, dấu vết…")))
        d.add("condition", _("Tình trạng"), line_edit(_("VD: Đã qua sử dụng, màn hình nứt")))
        d.add("owner_name", _("Chủ sở hữu / người quản lý"), line_edit())
        self.sealed = d.add("sealed", _("Niêm phong"), QCheckBox(_("Có niêm phong")))
        self.sealed.toggled.connect(self._show_seal_fields)
        d.add("seal_number", _("Số niêm phong"), line_edit(_("VD: 000123/NP-PC02")), required=True)
        # the seal as the clerk finds it, stated, never assumed intact (ND 127/2017; ND 142/2024 Điều 11; issue #12)
        self.seal_state = QComboBox()
        for text, value in SEAL_CHOICES:
            self.seal_state.addItem(_(text), value)
        d.add("seal_state", _("Tình trạng niêm phong"), self.seal_state, required=True)
        self._show_seal_fields(False)
        self.photo_label = QLabel(_("Chưa có ảnh"))
        photo_button = QPushButton(_("Thêm ảnh…"))
        photo_button.clicked.connect(self.choose_photos)
        self.add_button = QPushButton(_("Thêm vào danh sách (Enter)"))
        self.add_button.setStyleSheet("font-weight: bold;")
        self.add_button.clicked.connect(self.add_item)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(photo_button)
        line.addWidget(self.photo_label, 1)
        line.addWidget(self.add_button)
        d.add_row(row)
        d.submitted.connect(self.add_item)
        self.attrs.submitted.connect(lambda: self.details.focus_first())
        self.layout_.addWidget(d)

    def _show_seal_fields(self, on: bool) -> None:
        self.details.set_visible("seal_number", on)
        self.details.set_visible("seal_state", on)

    def _build_table(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(140)
        self.layout_.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(_("Sửa dòng đã chọn"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(_("Xóa dòng đã chọn (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        self.layout_.addLayout(buttons)
        self.table_error = QLabel()
        error_colours(self.table_error)
        self.table_error.hide()
        self.layout_.addWidget(self.table_error)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)

    @staticmethod
    def _form() -> Form:
        form = Form()
        form.setMaximumWidth(FORM_MAX_WIDTH)
        form.enter_submits_when_complete = False  # the item's fields are walked one by one
        return form

    # -- category-aware fields ---------------------------------------------------------------
    def _category_changed(self) -> None:
        cat = category(self.category.currentData())
        self.unit.clear()
        self.unit.addItems(list(cat.units))
        self._rebuild_attrs(cat.fields)
        self.details.fields["sealed"].widget.setEnabled(cat.sealable)
        if not cat.sealable:
            self.sealed.setChecked(False)

    def _rebuild_attrs(self, names) -> None:
        old = self.attrs
        self.attrs = self._form()
        for name in names:
            self.attrs.add(name, _(FIELD_LABELS.get(name, name)), line_edit())
        if "denominations" in names:  # cash: typed as "mệnh giá × số tờ", the total computed (HANDS-ON 13)
            self.attrs.widget("denominations").setPlaceholderText(_("VD: 500.000 × 4; 200.000 × 3"))
            total = self.attrs.widget("total_amount")
            total.setReadOnly(True)
            total.setPlaceholderText(_("tự tính từ mệnh giá"))
            self.attrs.widget("denominations").textChanged.connect(self._recompute_cash)
        self.attrs.submitted.connect(lambda: self.details.focus_first())
        self.layout_.replaceWidget(old, self.attrs)
        old.hide()
        old.setParent(None)
        old.deleteLater()

    def _enter_on_main(self, widget) -> bool:
        """Enter on an empty name with items listed moves on to the next step."""
        if widget is self.form.widget("name") and not self.form.value("name") and self.items:
            self.submitted.emit()
            return True
        if widget is self.unit:
            (self.attrs if self.attrs.fields else self.details).focus_first()
            return True
        return False

    # -- adding ------------------------------------------------------------------------------
    def choose_photos(self) -> None:
        paths = dialogs.ask_open_files(_("Chọn ảnh vật chứng"), _(PHOTO_FILTER), self)
        self.photos += [read_photo(p) for p in paths]
        names = ", ".join(p.filename for p in self.photos)
        self.photo_label.setText(names or _("Chưa có ảnh"))

    def _cash_pairs(self):
        """Denominations typed for cash; VND notes must be real ones, foreign ones any positive value."""
        allowed = VND_DENOMINATIONS if self.category.currentData() == "cash_vnd" else None
        return parse_denominations(self.attrs.value("denominations"), allowed)

    def _recompute_cash(self) -> None:
        total = self.attrs.widget("total_amount")
        try:
            pairs = self._cash_pairs()
        except DenominationError:
            total.setText("")
            return
        total.setText(group_digits(denominations_total(pairs)) if pairs else "")
        if pairs and self.category.currentData() == "cash_vnd":
            sheets = sum(c for _v, c in pairs)
            self.quantity.setValue(denominations_total(pairs) if self.unit.currentText() == "đồng" else sheets)

    def _check_attributes(self) -> bool:
        ok = True
        if "imei" in self.attrs.fields:
            problem = imei_problem(self.attrs.value("imei"))
            if problem:
                self.attrs.set_error("imei", _("IMEI phải có 15 chữ số") if problem == "imei_length" else
                                     _("IMEI sai chữ số kiểm tra (Luhn): hãy đọc lại số trên máy hoặc hộp"))
                ok = False
        if "denominations" in self.attrs.fields:
            try:
                pairs = self._cash_pairs()
            except DenominationError as error:
                text = (_("Không có tờ tiền mệnh giá này: {part}", part=error.part) if error.reason == "denomination"
                        else _("Ghi theo mẫu «mệnh giá × số tờ», cách nhau bằng dấu chấm phẩy: {part}", part=error.part))
                self.attrs.set_error("denominations", text)
                return False
            if not pairs:
                self.attrs.set_error("denominations", _("Cần nhập mệnh giá và số tờ"))
                return False
            self.attrs.widget("denominations").setText(format_denominations(pairs))
        return ok

    def _check_item(self) -> bool:
        ok = self.form.check_required() & self.details.check_required()
        if self.quantity.value() <= 0:
            self.form.set_error("quantity", _("Số lượng phải lớn hơn 0"))
            ok = False
        return self._check_attributes() and ok

    def draft(self) -> NewItem:
        v, d = self.form.values(), self.details.values()
        attrs = {k: val for k, val in self.attrs.values().items() if val}
        return NewItem(v["category"], v["name"], float(v["quantity"]), v["unit"], characteristics=d["characteristics"],
                       condition=d["condition"], sealed=d["sealed"], seal_number=d["seal_number"] if d["sealed"] else "",
                       seal_state=(d["seal_state"] or "") if d["sealed"] else "",
                       owner_name=d["owner_name"], attributes=attrs, photos=tuple(self.photos))

    def add_item(self) -> bool:
        if not self._check_item():
            return False
        self.items.append(self.draft())
        self._show_row(len(self.items) - 1)
        self._clear_editor()
        self.table_error.hide()
        return True

    def _clear_editor(self) -> None:
        for form in (self.form, self.attrs, self.details):
            for key, f in form.fields.items():
                if isinstance(f.widget, QLineEdit):
                    f.widget.clear()
        self.quantity.setValue(1)
        self.sealed.setChecked(False)
        self.seal_state.setCurrentIndex(0)
        self.photos = []
        self.photo_label.setText(_("Chưa có ảnh"))
        self.form.widget("name").setFocus()

    def _show_row(self, row: int) -> None:
        item = self.items[row]
        self.table.setRowCount(len(self.items))
        cells = [str(row + 1), _(category(item.category).label), item.name, number_text(item.quantity), item.unit,
                 attributes_text(item), seal_cell(item), str(len(item.photos)) if item.photos else ""]
        for col, text in enumerate(cells):
            self.table.setItem(row, col, QTableWidgetItem(text))

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.items[row]
        self.table.setRowCount(0)
        for row in range(len(self.items)):
            self._show_row(row)

    def edit_selected(self) -> bool:
        """Take the selected row back into the editor (HANDS-ON 12); "Thêm vào danh sách" puts it back."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if not rows:
            return False
        item = self.items.pop(rows[0])
        self.table.setRowCount(0)
        for row in range(len(self.items)):
            self._show_row(row)
        self.category.setCurrentIndex(self.category.findData(item.category))
        self.form.widget("name").setText(item.name)
        self.quantity.setValue(item.quantity)
        self.unit.setCurrentText(item.unit)
        for key, value in item.attributes.items():
            if key in self.attrs.fields:
                self.attrs.widget(key).setText(str(value))
        d = self.details
        d.widget("characteristics").setText(item.characteristics)
        d.widget("condition").setText(item.condition)
        d.widget("owner_name").setText(item.owner_name)
        self.sealed.setChecked(item.sealed)
        d.widget("seal_number").setText(item.seal_number)
        self.seal_state.setCurrentIndex(max(0, self.seal_state.findData(item.seal_state or None)))
        self.photos = list(item.photos)
        self.photo_label.setText(", ".join(p.filename for p in self.photos) or _("Chưa có ảnh"))
        self.form.widget("name").setFocus()
        return True

    def validate(self) -> bool:
        if self.form.value("name") and not self.add_item():
            return False
        if not self.items:
            self.table_error.setText(_("Chưa có vật chứng nào trong danh sách"))
            self.table_error.show()
            self.form.widget("name").setFocus()
            return False
        return True

    def put_scanned_text(self, text: str) -> bool:
        """A scanned IMEI / serial goes into the focused text field."""
        focused = self.focusWidget()
        if isinstance(focused, QLineEdit) and self.isAncestorOf(focused):
            focused.insert(text)
            return True
        return False
