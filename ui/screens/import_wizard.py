"""Nhập từ sổ cũ / tệp Excel: choose a register file and a preset, check or change how its columns map,
check every row (faulty cells in red, the reason in their tooltip), then import — off the UI thread with a
progress bar and Cancel, all rows or none — and print the new items' labels.

Reached from the Items screen (clerks) and from Quản trị (administrators: locations)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QScrollArea, QSplitter, QTableView,
                               QVBoxLayout, QWidget)

from evidence_store.domain.permissions import allowed
from evidence_store.exports.registers import ENTITIES, Preset, fields_of, read_table
from evidence_store.i18n import N_, _
from evidence_store.services import register_import

from .. import dialogs, operations
from ..models.format import number_text

ERROR_BG = QColor("#f8d0d0")
STATUS_LABELS = {"ok": N_("Hợp lệ"), "error": N_("Lỗi"), "imported": N_("Đã nhập trước đây"),
                 "repeat": N_("Trùng dòng khác")}
NOT_USED = ""


class CheckModel(QAbstractTableModel):
    """The checked rows: row number, status, then each mapped field's value; faulty cells red with the reason."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []
        self.fields: list = []

    def show(self, result, fields) -> None:
        self.beginResetModel()
        self.rows = result.rows
        self.fields = [f for f in fields if f.key in result.columns]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else 2 + len(self.fields)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt)
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return _("Dòng")
        if section == 1:
            return _("Kết quả")
        return _(self.fields[section - 2].label)

    def error_at(self, row: int, col: int) -> str:
        r = self.rows[row]
        if col == 1:
            return r.errors.get("row", "")
        return r.errors.get(self.fields[col - 2].key, "") if col >= 2 else ""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        error = self.error_at(index.row(), col)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(r.row_no)
            if col == 1:
                return _(STATUS_LABELS.get(r.status, r.status))
            return r.raw.get(self.fields[col - 2].key, "")  # as written in the file; red when faulty
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return ERROR_BG
        if role == Qt.ItemDataRole.ToolTipRole and error:
            return error
        return None


class ImportWizard(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, entity: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = ""
        self.table = None
        self.result = None
        self.outcome = None
        self.operation = None
        self.setWindowTitle(_("Nhập từ sổ cũ / tệp Excel"))
        self.resize(1100, 680)
        self._build(entity)

    # -- building -----------------------------------------------------------------------------
    def _build(self, entity: str | None) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.file_label = QLabel(_("Chưa chọn tệp"))
        choose = QPushButton(_("Chọn tệp…"))
        choose.clicked.connect(self.choose_file)
        self.preset_box = QComboBox()
        self._fill_presets(entity)
        self.preset_box.currentIndexChanged.connect(lambda _i: self._preset_changed())
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel(_("Mẫu nhập:")))
        top.addWidget(self.preset_box)
        layout.addLayout(top)
        self.ref_edit = QLineEdit()
        self.ref_edit.setPlaceholderText(_("Số hiệu sổ cũ, ví dụ «Sổ theo dõi vật chứng 2019, quyển 2»"))
        ref_row = QFormLayout()
        ref_row.addRow(_("Căn cứ khi dòng không có lệnh nhập kho («nhập từ sổ cũ»):"), self.ref_edit)
        layout.addLayout(ref_row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.mapping_box = QWidget()
        self.mapping_form = QFormLayout(self.mapping_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping_box)
        scroll.setMinimumWidth(330)
        splitter.addWidget(scroll)
        self.model = CheckModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        splitter.addWidget(self.view)
        splitter.setSizes([340, 760])
        layout.addWidget(splitter, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.row_errors = QLabel()
        self.row_errors.setWordWrap(True)
        self.row_errors.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.row_errors)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_row_errors(cur.row()))
        bottom = QHBoxLayout()
        self.save_name = QLineEdit()
        self.save_name.setPlaceholderText(_("Tên mẫu để lưu cách ghép cột"))
        save = QPushButton(_("Lưu mẫu"))
        save.clicked.connect(self.save_preset)
        self.skip_box = QCheckBox(_("Bỏ qua các dòng lỗi"))
        self.check_button = QPushButton(_("Kiểm tra (chạy thử)"))
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton(_("Nhập vào kho"))
        self.import_button.clicked.connect(self.start_import)
        self.labels_button = QPushButton(_("In nhãn vật chứng mới"))
        self.labels_button.clicked.connect(self.print_labels)
        self.labels_button.hide()
        for w in (self.save_name, save):
            bottom.addWidget(w)
        bottom.addStretch(1)
        for w in (self.skip_box, self.check_button, self.import_button, self.labels_button):
            bottom.addWidget(w)
        layout.addLayout(bottom)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._preset_changed()

    def _fill_presets(self, entity: str | None) -> None:
        roles = self.ctx.actor.roles
        with self.ctx.reader() as uow:
            presets = register_import.presets(uow)
        for p in presets.values():
            if (entity and p.entity != entity) or not allowed(roles, register_import.ENTITY_ACTION[p.entity]):
                continue
            self.preset_box.addItem(f"{p.name} — {_(ENTITIES[p.entity][0])}", p)

    # -- state ------------------------------------------------------------------------------
    @property
    def preset(self) -> Preset:
        base: Preset = self.preset_box.currentData()
        columns = {key: box.currentData() for key, box in self.combos.items() if box.currentData()}
        return Preset(base.name, base.entity, columns, self.ref_edit.text().strip() or base.register_ref)

    def _preset_changed(self) -> None:
        base: Preset | None = self.preset_box.currentData()
        if base is None:
            return
        self.ref_edit.setText(base.register_ref)
        self.ref_edit.setEnabled(base.entity == "items")
        self._fill_mapping(base)

    def _fill_mapping(self, base: Preset) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos: dict[str, QComboBox] = {}
        headers = self.table.headers if self.table else []
        guessed = {}
        if self.table is not None:
            from evidence_store.exports.registers import mapping
            try:
                guessed = {k: headers[i] for k, i in mapping(self.table, base).items()}
            except Exception as error:  # a preset naming a column the file lacks
                dialogs.report(error, self)
        for f in fields_of(base.entity):
            box = QComboBox()
            box.addItem(_("— không dùng —"), NOT_USED)
            for h in headers:
                if h:
                    box.addItem(h, h)
            chosen = guessed.get(f.key) or base.columns.get(f.key, "")
            if chosen and box.findData(chosen) >= 0:
                box.setCurrentIndex(box.findData(chosen))
            label = _(f.label) + (" *" if f.required else "")
            self.mapping_form.addRow(label, box)
            self.combos[f.key] = box

    # -- actions ----------------------------------------------------------------------------
    def choose_file(self, path: str | None = None) -> None:
        if path is None:
            files = dialogs.ask_open_files(_("Chọn tệp sổ cũ"), _("Bảng tính (*.xlsx *.csv)"), self)
            if not files:
                return
            path = files[0]
        base: Preset = self.preset_box.currentData()
        try:
            self.table = read_table(path, base.entity)
        except Exception as error:  # the boundary: an unreadable file is told, nothing else happens
            dialogs.report(error, self)
            return
        self.path = path
        self.file_label.setText(_("{name}: {n} dòng dữ liệu, tiêu đề ở dòng {head}", name=self.table.name,
                                  n=number_text(len(self.table.rows)), head=self.table.header_row))
        self._fill_mapping(base)

    def check(self):
        if not self.path:
            dialogs.warn(_("Hãy chọn tệp trước."), self)
            return None
        preset = self.preset
        self.operation = operations.run_in_background(
            self.ctx, register_import.import_register, self.path, preset, dry_run=True, parent=self, write=False,
            label=_("Đang kiểm tra từng dòng…"), on_done=self._checked)
        return self.operation

    def _checked(self, result) -> None:
        if not result.ok:
            return
        self.outcome = result.value
        self.model.show(result.value, fields_of(self.preset.entity))
        self.view.resizeColumnsToContents()
        first_bad = next((i for i, r in enumerate(self.model.rows) if r.errors), None)
        if first_bad is not None:
            self.view.selectRow(first_bad)
        s = result.value.summary
        self.summary.setText(_("{rows} dòng: {ok} hợp lệ, {error} lỗi, {repeat} trùng trong tệp, {imported} đã nhập "
                               "trước đây. Các ô màu đỏ có lỗi: đưa chuột vào ô để xem lý do.",
                               **{k: number_text(v) for k, v in s.items()}))

    def show_row_errors(self, row: int) -> None:
        """The reasons of the selected row's faulty cells, in words under the table."""
        if not 0 <= row < len(self.model.rows):
            self.row_errors.clear()
            return
        r = self.model.rows[row]
        labels = {f.key: _(f.label) for f in fields_of(self.preset.entity)} | {"row": _("Dòng")}
        cells = "; ".join(f"{labels.get(k, k)}: {v}" for k, v in r.errors.items())
        self.row_errors.setText(_("Dòng {n}: {errors}", n=r.row_no, errors=cells) if cells else "")

    def start_import(self):
        if not self.path:
            dialogs.warn(_("Hãy chọn tệp trước."), self)
            return None
        self.operation = operations.run_in_background(
            self.ctx, register_import.import_register, self.path, self.preset, skip_invalid=self.skip_box.isChecked(),
            parent=self, write=True, label=_("Đang nhập vào kho…"), on_done=self._imported)
        return self.operation

    def _imported(self, result) -> None:
        if not result.ok:
            return
        self.outcome = result.value
        self.model.show(result.value, fields_of(self.preset.entity))
        codes = result.value.item_codes if result.value.entity == "items" else []
        self.labels_button.setVisible(bool(codes))
        dialogs.info(_("Đã nhập {n} dòng từ tệp {name}.", n=number_text(result.value.imported),
                        name=result.value.file), self)
        from evidence_store.services.results import Changes
        self.ctx.signals.changes_applied.emit(Changes(item_codes=tuple(codes)))

    def save_preset(self) -> None:
        name = self.save_name.text().strip()
        p = self.preset
        result = operations.perform(self.ctx, register_import.save_preset, Preset(name, p.entity, p.columns, p.register_ref),
                                    parent=self)
        if result.ok:
            self.preset_box.addItem(f"{result.value.name} — {_(ENTITIES[p.entity][0])}", result.value)
            self.preset_box.setCurrentIndex(self.preset_box.count() - 1)
            dialogs.info(_("Đã lưu mẫu nhập «{name}».", name=result.value.name), self)

    def print_labels(self):
        """The new items' labels (printing them is recorded in each item's history)."""
        from evidence_store.services import printing
        from ..widgets.print_preview import PrintPreviewDialog
        result = operations.perform(self.ctx, printing.item_labels_pdf, list(self.outcome.item_codes), parent=self)
        if not result.ok:
            return None
        self.preview = PrintPreviewDialog(result.value, _("Nhãn vật chứng"), "nhan-vat-chung-nhap-tu-so.pdf", self)
        self.preview.open()
        return self.preview
