"""Sổ biên bản: every biên bản and slip in one register — filter by kind, case, agency, status and the other
side's answer; the "chưa hoàn tất" queue; open any record to sign (pad, signed paper with its scan, refusal with
a witness), accept or refuse it for one's agency, complete, print or reprint (issue 13)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from evidence_store.domain.records import APPROVAL_LABELS, Approval
from evidence_store.i18n import N_, _
from evidence_store.services import browse, register
from evidence_store.services.acceptance import ACCEPTANCE_LABELS

from .. import operations
from ..models.format import datetime_text, number_text
from ..models.paged import Column
from ..widgets.row_table import RowTable
from .base import Screen
from .handover import KIND_LABELS, STATUS_LABELS

APPROVAL_VALUES = {str(a) for a in APPROVAL_LABELS}
ACCEPTANCE_COLOURS = {"pending": "#ef6c00", "refused": "#c62828", "accepted": "#2e7d32", "paper": "#2e7d32"}
RED = "#c62828"


def _status(r) -> str:
    approval = f" · {_(APPROVAL_LABELS[Approval(r.approval)])}" if r.approval in APPROVAL_VALUES else ""
    return _(STATUS_LABELS.get(r.status, r.status)) + approval


def _party(name: str | None, agency: str | None) -> str:
    return " — ".join(x for x in (name, agency) if x)


COLUMNS = (
    Column(N_("Số biên bản"), lambda r: r.number),
    Column(N_("Loại"), lambda r: _(KIND_LABELS.get(r.kind, r.kind))),
    Column(N_("Thời gian"), lambda r: datetime_text(r.started_at)),
    Column(N_("Vụ án"), lambda r: r.case_number),
    Column(N_("Bên giao"), lambda r: _party(r.giver, r.giver_agency)),
    Column(N_("Bên nhận"), lambda r: _party(r.receiver, r.receiver_agency)),
    Column(N_("Số vật chứng"), lambda r: number_text(r.items)),
    Column(N_("Trạng thái"), _status),
    Column(N_("Tiếp nhận"), lambda r: _(ACCEPTANCE_LABELS[r.acceptance]) if r.acceptance != "none" else "",
           foreground=lambda r: QColor(ACCEPTANCE_COLOURS[r.acceptance]) if r.acceptance in ACCEPTANCE_COLOURS
           else None),
    Column(N_("Chưa ký"), lambda r: number_text(r.unsigned) if r.unsigned else "",
           foreground=lambda r: QColor(RED) if r.unsigned else None),
)


class RegisterScreen(Screen):
    nav_title = N_("Biên bản")
    required_action = "verify_ledger"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[register.RegisterRow] = []
        self.kind = QComboBox()
        self.kind.addItem(_("Mọi loại biên bản"), None)
        for key, label in KIND_LABELS.items():
            self.kind.addItem(_(label), key)
        self.status = QComboBox()
        self.status.addItem(_("Mọi trạng thái"), None)
        for key, label in STATUS_LABELS.items():
            self.status.addItem(_(label), key)
        self.acceptance = QComboBox()
        self.acceptance.addItem(_("Mọi trạng thái tiếp nhận"), None)
        for key in ("pending", "accepted", "refused", "paper"):
            self.acceptance.addItem(_(ACCEPTANCE_LABELS[key]), key)
        self.agency = QComboBox()
        self.agency.addItem(_("Mọi cơ quan"), None)
        with ctx.reader() as uow:
            for a in browse.agencies(uow):
                self.agency.addItem(a.short_name or a.name, a.id)
        self.case = QLineEdit()
        self.case.setPlaceholderText(_("Số vụ án"))
        self.case.setClearButtonEnabled(True)
        self.unfinished = QCheckBox(_("Chỉ biên bản chưa hoàn tất"))
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.reload)
        self.case.textChanged.connect(lambda _t: self.timer.start())
        for box in (self.kind, self.status, self.acceptance, self.agency):
            box.currentIndexChanged.connect(self.reload)
        self.unfinished.toggled.connect(self.reload)
        self.table = RowTable(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in (4, 5):  # the parties take the room left, so the status columns stay in view at 1366 px
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.open_button = QPushButton(_("Mở biên bản (ký, hoàn tất, in)…"))
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        self.count = QLabel()
        layout = QVBoxLayout(self)
        title = QLabel(_("Sổ biên bản"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        filters = QHBoxLayout()
        filters.addWidget(self.case, 1)
        for w in (self.kind, self.status, self.acceptance, self.agency, self.unfinished):
            filters.addWidget(w)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)
        self.reload()

    def query(self) -> register.RegisterQuery:
        return register.RegisterQuery(self.kind.currentData(), self.case.text(), self.agency.currentData(),
                                      self.status.currentData(), self.acceptance.currentData(),
                                      self.unfinished.isChecked())

    def show_unfinished(self) -> None:
        """The "unfinished" queue (from the home screen and the inbox)."""
        self.unfinished.setChecked(True)
        self.reload()

    def reload(self) -> None:
        q = self.query()
        result = operations.query(self.ctx, register.record_page, q, 0, 500, parent=self)
        total = operations.query(self.ctx, register.count_records, q, parent=self)
        self.rows = result.value if result.ok else []
        self.table.show_rows(self.rows)
        n = total.value if total.ok else len(self.rows)
        self.count.setText(_("{n} biên bản", n=number_text(n)) + (
            " · " + _("hiển thị {k} mới nhất", k=number_text(len(self.rows))) if n > len(self.rows) else ""))

    def select_number(self, number: str) -> bool:
        for i, r in enumerate(self.rows):
            if r.number == number:
                self.table.selectRow(i)
                return True
        return False

    def open_row(self, row: int):
        if not 0 <= row < len(self.rows):
            return None
        return self.open_record(self.rows[row].number)

    def open_record(self, number: str, *, modal: bool = True):
        from .handover import HandoverDialog
        dialog = HandoverDialog(self.ctx, number, self)
        self.last_dialog = dialog
        if modal:
            dialog.exec()
            self.reload()
        return dialog

    def refresh(self, changes=None) -> None:
        self.reload()

