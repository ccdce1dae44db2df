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
from evidence_store.i18n import N_, _
from evidence_store.services.commands import FileInput, NewItem

from .. import messages
from ..models.format import number_text
from ..widgets.form import ERROR_COLOUR, FORM_MAX_WIDTH, Form, line_edit
from .intake_steps import Step

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
        for code, cat in CATEGORIES.items():
            self.category.addItem(_(cat.label), code)
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
        self.sealed.toggled.connect(lambda on: d.set_visible("seal_number", on))
        d.add("seal_number", _("Số niêm phong"), line_edit(_("VD: NP-004512")), required=True)
        d.set_visible("seal_number", False)
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
        self.table_error = QLabel()
        self.table_error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.table_error.hide()
        self.layout_.addWidget(self.table_error)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)

    @staticmethod
    def _form() -> Form:
        form = Form()
        form.setMaximumWidth(FORM_MAX_WIDTH)
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
        paths = messages.ask_open_files(_("Chọn ảnh vật chứng"), _(PHOTO_FILTER), self)
        self.photos += [read_photo(p) for p in paths]
        names = ", ".join(p.filename for p in self.photos)
        self.photo_label.setText(names or _("Chưa có ảnh"))

    def _check_item(self) -> bool:
        ok = self.form.check_required() & self.details.check_required()
        if self.quantity.value() <= 0:
            self.form.set_error("quantity", _("Số lượng phải lớn hơn 0"))
            ok = False
        return ok

    def draft(self) -> NewItem:
        v, d = self.form.values(), self.details.values()
        attrs = {k: val for k, val in self.attrs.values().items() if val}
        return NewItem(v["category"], v["name"], float(v["quantity"]), v["unit"], characteristics=d["characteristics"],
                       condition=d["condition"], sealed=d["sealed"], seal_number=d["seal_number"] if d["sealed"] else "",
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
        self.photos = []
        self.photo_label.setText(_("Chưa có ảnh"))
        self.form.widget("name").setFocus()

    def _show_row(self, row: int) -> None:
        item = self.items[row]
        self.table.setRowCount(len(self.items))
        cells = [str(row + 1), _(category(item.category).label), item.name, number_text(item.quantity), item.unit,
                 attributes_text(item), item.seal_number, str(len(item.photos)) if item.photos else ""]
        for col, text in enumerate(cells):
            self.table.setItem(row, col, QTableWidgetItem(text))

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.items[row]
        self.table.setRowCount(0)
        for row in range(len(self.items)):
            self._show_row(row)

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
