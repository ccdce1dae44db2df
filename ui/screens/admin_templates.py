"""«Mẫu in» (Quản trị): every text a form prints around its data, the emblem and the label sheets,
edited without code (DESIGN §5). «Xem thử» renders a sample record with the unsaved values; «Lưu»
stores them through ``save_print_settings`` (administrators only, checked again by the service)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView,
                               QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from evidence_store.domain.errors import DomainError, ValidationError
from evidence_store.i18n import N_, _
from evidence_store.printing.templates import (DOCUMENT_NAMES, DocumentTemplate, PrintSettings, SignatureColumn,
                                               default_documents)
from evidence_store.printing.validation import COPIES_MAX, COPIES_MIN, check_document
from evidence_store.services.results import Changes

from .. import dialogs, operations
from ..widgets.form import Form, field_errors
from .admin_labels import LabelLayoutEditor, LogoEditor, error_label


def save_templates(uow, data: dict) -> Changes:
    from evidence_store.services.printing_data import save_print_settings
    save_print_settings(uow, data)
    return Changes(extra={"settings": ["print_settings"]})


class SignatureTable(QTableWidget):
    HEADERS = (N_("Vai trò"), N_("Chức danh"), N_("Ghi chú"), N_("Không bắt buộc"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 100), (2, 150), (3, 110)):
            self.setColumnWidth(col, width)
        self.setMinimumHeight(150)

    def set_columns(self, columns) -> None:
        self.setRowCount(0)
        for column in columns:
            self.add_row(column)

    def add_row(self, column: SignatureColumn | None = None) -> None:
        column = column or SignatureColumn("", "", _("(Ký, ghi rõ họ tên)"))
        row = self.currentRow() + 1 if self.currentRow() >= 0 and column.role == "" else self.rowCount()
        self.insertRow(row)
        for col, value in enumerate((column.role, column.title, column.note)):
            self.setItem(row, col, QTableWidgetItem(value))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        check.setCheckState(Qt.CheckState.Checked if column.optional else Qt.CheckState.Unchecked)
        self.setItem(row, 3, check)
        self.setCurrentCell(row, 0)

    def remove_row(self) -> None:
        if self.currentRow() >= 0:
            self.removeRow(self.currentRow())

    def move(self, delta: int) -> None:
        row, columns = self.currentRow(), list(self.columns())
        target = row + delta
        if row < 0 or not 0 <= target < len(columns):
            return
        columns[row], columns[target] = columns[target], columns[row]
        self.set_columns(columns)
        self.setCurrentCell(target, 0)

    def _text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item else ""

    def columns(self) -> tuple[SignatureColumn, ...]:
        return tuple(SignatureColumn(self._text(r, 0), self._text(r, 1), self._text(r, 2),
                                     self.item(r, 3).checkState() == Qt.CheckState.Checked)
                     for r in range(self.rowCount()))


class DocumentEditor(QGroupBox):
    """The selected form's texts; switching forms keeps the edits in ``documents`` (the draft)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Mẫu văn bản"), parent)
        self.documents: dict[str, DocumentTemplate] = {}
        self.key: str | None = None
        self.combo = QComboBox()
        for key, name in DOCUMENT_NAMES.items():
            self.combo.addItem(_(name), key)
        self.combo.currentIndexChanged.connect(self._switch)
        self.title, self.subtitle, self.form_code = QLineEdit(), QLineEdit(), QLineEdit()
        self.number_suffix, self.distribution = QLineEdit(), QLineEdit()
        self.form_code.setPlaceholderText(_("ví dụ: Mẫu số 155 (TT 119/2021/TT-BCA)"))
        self.legal_bases, self.closing_text = QPlainTextEdit(), QPlainTextEdit()
        for edit in (self.legal_bases, self.closing_text):
            edit.setFixedHeight(64)
        self.closing_text.setToolTip(_("Có thể dùng {end_time} {end_day} {copies} {distribution}"))
        self.copies = QSpinBox()
        self.copies.setRange(COPIES_MIN, COPIES_MAX)
        self.signatures = SignatureTable()
        self.form = Form()
        self.form.grid.setContentsMargins(0, 0, 0, 0)
        for key, label, widget in (("document", _("Văn bản"), self.combo), ("title", _("Tiêu đề"), self.title),
                                   ("subtitle", _("Trích yếu"), self.subtitle),
                                   ("form_code", _("Mã mẫu (góc phải)"), self.form_code),
                                   ("number_suffix", _("Ký hiệu số"), self.number_suffix),
                                   ("legal_bases", _("Căn cứ (mỗi dòng một căn cứ)"), self.legal_bases),
                                   ("closing_text", _("Đoạn kết"), self.closing_text),
                                   ("copies", _("Số bản"), self.copies),
                                   ("distribution", _("Nơi nhận các bản"), self.distribution),
                                   ("signature_columns", _("Cột chữ ký"), self.signatures)):
            self.form.add(key, label, widget)
        self.error = error_label()
        self.reset_button, self.preview_button = QPushButton(_("Khôi phục mặc định")), QPushButton(_("Xem thử"))
        self.reset_button.clicked.connect(self.reset)
        rows = QHBoxLayout()
        for label, slot in ((_("Thêm cột"), lambda: self.signatures.add_row()),
                            (_("Xóa cột"), self.signatures.remove_row),
                            (_("Lên"), lambda: self.signatures.move(-1)), (_("Xuống"), lambda: self.signatures.move(1))):
            button = QPushButton(label)
            button.clicked.connect(slot)
            rows.addWidget(button)
        rows.addStretch(1)
        rows.addWidget(self.reset_button)
        rows.addWidget(self.preview_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(rows)
        layout.addWidget(self.error)

    def load(self, documents: dict[str, DocumentTemplate]) -> None:
        self.documents = dict(documents)
        self.key = None
        self._switch()

    def select(self, key: str) -> None:
        index = self.combo.findData(key)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def _switch(self, *_args) -> None:
        if self.key is not None:
            self.documents[self.key] = self.read()
        self.key = self.combo.currentData()
        self._show(self.documents.get(self.key) or default_documents()[self.key])

    def _show(self, t: DocumentTemplate) -> None:
        for edit, value in ((self.title, t.title), (self.subtitle, t.subtitle), (self.form_code, t.form_code),
                            (self.number_suffix, t.number_suffix), (self.distribution, t.distribution)):
            edit.setText(value)
        self.legal_bases.setPlainText("\n".join(t.legal_bases))
        self.closing_text.setPlainText(t.closing_text)
        self.copies.setValue(t.copies)
        self.signatures.set_columns(t.signature_columns)
        self.form.clear_errors()
        self.error.clear()

    def read(self) -> DocumentTemplate:
        bases = tuple(line.strip() for line in self.legal_bases.toPlainText().splitlines() if line.strip())
        return DocumentTemplate(self.title.text().strip(), self.subtitle.text().strip(), self.form_code.text().strip(),
                                self.number_suffix.text().strip(), bases, self.signatures.columns(),
                                self.closing_text.toPlainText().strip(), self.copies.value(),
                                self.distribution.text().strip())

    def all_documents(self) -> dict[str, DocumentTemplate]:
        if self.key is not None:
            self.documents[self.key] = self.read()
        return dict(self.documents)

    def reset(self) -> None:
        self._show(default_documents()[self.key])

    def show_error(self, error: DomainError) -> bool:
        """Under the field it names (the one field-error path), else on this form's red line."""
        return field_errors(self.form, fallback=self.error)(error)


class TemplatesTab(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.documents, self.labels, self.logo = DocumentEditor(), LabelLayoutEditor(), LogoEditor()
        self.documents.preview_button.clicked.connect(lambda: self.preview(self.documents.key))
        self.labels.preview_button.clicked.connect(lambda: self.preview(self.labels.current_key()))
        side = QVBoxLayout()
        side.addWidget(self.logo)
        side.addWidget(self.labels)
        side.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(self.documents, 3)
        columns.addLayout(side, 2)
        holder = QWidget()
        holder.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.error = error_label()
        save = QPushButton(_("Lưu"))
        save.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.reload()

    def _stored(self) -> PrintSettings:
        from evidence_store.services.printing_data import load_print_settings
        with self.ctx.reader() as uow:
            return load_print_settings(uow)

    def reload(self) -> None:
        settings = self._stored()
        self.documents.load(settings.documents)
        self.labels.load(settings.label_layouts)
        self.logo.set_data(settings.logo_data)
        self.error.clear()

    def draft(self, base: PrintSettings | None = None) -> PrintSettings:
        """The stored settings with this tab's unsaved values (the header stays the other tab's)."""
        return replace(base or self._stored(), documents=self.documents.all_documents(),
                       label_layouts=dict(self.labels.layouts), logo_data=self.logo.data)

    def preview_pdf(self, key: str) -> bytes:
        from evidence_store.printing.samples import render_sample
        return render_sample(key, self.draft())

    def preview(self, key: str | None) -> None:
        if key is None:
            return
        if key == self.documents.key:
            try:
                check_document(key, self.documents.read())
            except ValidationError as error:
                self.documents.show_error(error)
                return
        result = operations.query(self.ctx, lambda _uow: self.preview_pdf(key), parent=self)
        if result.ok:
            from ..widgets.print_preview import PrintPreviewDialog
            name = _(DOCUMENT_NAMES[key]) if key in DOCUMENT_NAMES else key
            PrintPreviewDialog(result.value, _("Xem thử: {name}", name=name), f"xem-thu-{key}.pdf", self).exec()

    def _field_error(self, error: DomainError) -> bool:
        """A refusal is shown where its value is edited (the form, the label sheet, the emblem) and on the line
        beside «Lưu»; one that names none of them is left to the error boundary."""
        if "document_key" in error.params:
            self.documents.select(error.params["document_key"])
            self.documents.show_error(error)
        elif "layout_key" in error.params:
            self.labels.select(error.params["layout_key"])
            field_errors(None, fallback=self.labels.error)(error)
        elif error.params.get("field") == "logo":
            field_errors(None, fallback=self.logo.error)(error)
        else:
            return False
        return field_errors(None, fallback=self.error)(error)

    def save(self) -> bool:
        self.error.clear()
        data = self.draft().to_dict()
        if operations.perform(self.ctx, save_templates, data, parent=self, on_error=self._field_error).ok:
            dialogs.info(_("Đã lưu mẫu in."), self)
            return True
        return False
