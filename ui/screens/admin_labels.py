"""Parts of the «Mẫu in» tab: the label sheet editor (sizes, margins and gaps in mm, refused at the
field when the labels would not fit the paper) and the emblem picker (a PNG/JPEG stored with the
settings, not a path on this workstation)."""

from __future__ import annotations

import base64
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QAbstractSpinBox, QComboBox, QDoubleSpinBox, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from evidence_store.domain.errors import DomainError, ValidationError
from evidence_store.i18n import N_, _
from evidence_store.error_texts import message
from evidence_store.printing.templates import LabelLayout
from evidence_store.printing.validation import check_layout, encode_logo

from .. import dialogs
from ..widgets.form import Form
from ..widgets.label_options import layout_name

ERROR_STYLE = "color: #b00020"
MM_FIELDS = (("page_width_mm", N_("Khổ giấy – rộng (mm)")), ("page_height_mm", N_("Khổ giấy – cao (mm)")),
             ("label_width_mm", N_("Nhãn – rộng (mm)")), ("label_height_mm", N_("Nhãn – cao (mm)")),
             ("margin_top_mm", N_("Lề trên (mm)")), ("margin_left_mm", N_("Lề trái (mm)")),
             ("gap_x_mm", N_("Khoảng cách ngang giữa nhãn (mm)")), ("gap_y_mm", N_("Khoảng cách dọc giữa nhãn (mm)")))
COUNT_FIELDS = (("columns", N_("Số cột")), ("rows", N_("Số hàng")))


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def _enter_keeps_place(widget) -> bool:
    """Enter in a measure takes the typed value (the check runs) and stays there, as a spin box does."""
    if isinstance(widget, QAbstractSpinBox):
        widget.interpretText()
        widget.selectAll()
    return True


class LabelLayoutEditor(QGroupBox):
    """One sheet at a time; every accepted change goes into ``layouts`` (the unsaved draft)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Khổ nhãn"), parent)
        self.layouts: dict[str, LabelLayout] = {}
        self.combo = QComboBox()
        self.combo.currentIndexChanged.connect(self._show)
        self.form = Form()
        self.form.grid.setContentsMargins(0, 0, 0, 0)
        self.form.enter_hook = _enter_keeps_place
        self.form.add("layout", _("Khổ nhãn"), self.combo)
        self.fields: dict[str, QDoubleSpinBox | QSpinBox] = {}
        for name, label in MM_FIELDS:
            box = QDoubleSpinBox()
            box.setRange(0.0, 1000.0)
            box.setDecimals(2)
            box.setSingleStep(0.1)
            box.setSuffix(" mm")
            self.fields[name] = box
        for name, label in COUNT_FIELDS:
            box = QSpinBox()
            box.setRange(1, 50)
            self.fields[name] = box
        for name, label in MM_FIELDS[:4] + COUNT_FIELDS + MM_FIELDS[4:]:
            box = self.fields[name]
            box.setKeyboardTracking(False)  # checked when the value is complete, not at each digit
            self.form.add(name, _(label), box)
            box.valueChanged.connect(lambda _value, n=name: self._changed(n))
        self.error = error_label()
        self.preview_button = QPushButton(_("Xem thử"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.preview_button)
        layout.addLayout(row)

    def load(self, layouts: dict[str, LabelLayout]) -> None:
        self.layouts = dict(layouts)
        current = self.current_key()
        self.combo.blockSignals(True)
        self.combo.clear()
        for key in self.layouts:  # named as people call them, not "thermal-50x30" (HANDS-ON 8)
            self.combo.addItem(layout_name(key, self.layouts[key]), key)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)
        self._show()

    def current_key(self) -> str | None:
        return self.combo.currentData()

    def select(self, key: str) -> None:
        index = self.combo.findData(key)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def _show(self, *_args) -> None:
        key = self.current_key()
        if key is None:
            return
        layout = self.layouts[key]
        for name, box in self.fields.items():
            box.blockSignals(True)
            box.setValue(getattr(layout, name))
            box.blockSignals(False)
        self.form.clear_errors()
        self.error.clear()

    def _changed(self, name: str) -> None:
        key = self.current_key()
        box = self.fields[name]
        value = box.value() if isinstance(box, QDoubleSpinBox) else int(box.value())
        candidate = replace(self.layouts[key], **{name: value})
        try:
            check_layout(key, candidate)
        except ValidationError as error:
            self.refuse(name, error)
            return
        self.layouts[key] = candidate
        self.form.clear_errors()
        self.error.clear()

    def refuse(self, name: str, error: DomainError) -> None:
        """Put the field back to its last accepted value and say why beside it."""
        box = self.fields[name]
        box.blockSignals(True)
        box.setValue(getattr(self.layouts[self.current_key()], name))
        box.blockSignals(False)
        self.form.set_error(name, message(error))


class LogoEditor(QGroupBox):
    """Thumbnail, «Chọn ảnh…», «Bỏ biểu trưng»; ``data`` is the base64 text saved with the settings."""

    THUMB = 72

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Biểu trưng (in phía trên tên cơ quan)"), parent)
        self.data = ""
        self.thumb = QLabel()
        self.thumb.setFixedSize(self.THUMB + 6, self.THUMB + 6)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setStyleSheet("border: 1px solid #999; background: white;")
        choose, remove = QPushButton(_("Chọn ảnh…")), QPushButton(_("Bỏ biểu trưng"))
        choose.clicked.connect(self.choose)
        remove.clicked.connect(self.remove)
        self.error = error_label()
        buttons = QVBoxLayout()
        buttons.addWidget(choose)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.thumb)
        row.addLayout(buttons)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(QLabel(_("Ảnh PNG hoặc JPEG, tối đa 512 KB; lưu cùng thiết lập, không phụ thuộc máy này.")))
        layout.addWidget(self.error)

    def set_data(self, data: str) -> None:
        self.data = data or ""
        self.error.clear()
        pixmap = QPixmap()
        if self.data:
            pixmap.loadFromData(base64.b64decode(self.data))
        if pixmap.isNull():
            self.thumb.setPixmap(QPixmap())
            self.thumb.setText(_("(không có)"))
        else:
            self.thumb.setText("")
            self.thumb.setPixmap(pixmap.scaled(self.THUMB, self.THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))

    def choose(self) -> None:
        paths = dialogs.ask_open_files(_("Chọn ảnh biểu trưng"), _("Ảnh PNG hoặc JPEG (*.png *.jpg *.jpeg)"), self)
        if not paths:
            return
        try:
            with open(paths[0], "rb") as f:
                encoded = encode_logo(f.read())
        except ValidationError as error:
            self.error.setText(message(error))
            return
        except OSError as error:
            self.error.setText(_("Không đọc được tệp: {error}", error=error.strerror or str(error)))
            return
        self.set_data(encoded)

    def remove(self) -> None:
        self.set_data("")
