"""Chờ nhập kho (issue 13, HANDS-ON 10): items registered ahead of their arrival are received from their
announcement — choose the intake order, scan each item as it is handed over (an item of another order is
refused), name the person delivering, optionally scan the shelf, then receive: the biên bản giao nhận opens for
signatures. Every seal scanned in is looked at: the clerk confirms them intact with the right number, or marks one
broken / missing (an incident, reported); the record prints what was stated (ND 127/2017; ND 142/2024 Điều 11, 14)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from evidence_store.i18n import N_, _
from evidence_store.services import announce, browse
from evidence_store.services.commands import PersonInput

from .. import operations
from ..models.format import code_text, date_text
from ..widgets.form import date_edit
from ..scan_value import Scan, ScanKind, receives_scan
from .base import Screen
from .intake_finish import PAPERS_CONFIRMATION


class AnnouncedScreen(Screen):
    nav_title = N_("Chờ nhập kho")
    required_action = "receive_items"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.orders: list[announce.Announcement] = []
        self.current: announce.Announcement | None = None
        self.scanned: list[str] = []
        self.broken: set[str] = set()  # scanned items whose seal the clerk found broken or missing
        self.list = QListWidget()
        self.list.setWordWrap(True)  # «14/LNK-PC02 (PC02, 07/11/2026) — vụ án 8/2026/CSHS: 13 v…» ran off the pane
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self.choose)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Mã vật chứng"), _("Tên vật chứng"), _("Số niêm phong"),
                                              _("Tình trạng niêm phong"), _("Đã quét")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.feedback = QLabel(_("Chọn lệnh nhập kho, rồi quét từng vật chứng khi được bàn giao."))
        self.feedback.setWordWrap(True)
        self.giver_name, self.giver_position, self.giver_id = QLineEdit(), QLineEdit(), QLineEdit()
        self.giver_agency = QComboBox()
        self.giver_agency.addItem(_("— Chọn cơ quan —"), None)
        with ctx.reader() as uow:
            for a in browse.agencies(uow):
                self.giver_agency.addItem(a.name, a.id)
        self.location = QLineEdit()
        self.location.setPlaceholderText(_("Quét mã vị trí (có thể để trống)"))
        self.receive_button = QPushButton(_("Nhận vào kho và lập biên bản"))
        self.receive_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.receive_button.clicked.connect(self.receive)
        form = QFormLayout()
        form.addRow(_("Người giao"), self.giver_name)
        form.addRow(_("Chức vụ"), self.giver_position)
        form.addRow(_("Cơ quan"), self.giver_agency)
        form.addRow(_("Số CCCD"), self.giver_id)
        # ND 142/2024 Điều 14: the deliverer's giấy giới thiệu (number, date), printed on the record
        self.giver_letter, self.giver_letter_date = QLineEdit(), date_edit()
        form.addRow(_("Số giấy giới thiệu"), self.giver_letter)
        form.addRow(_("Ngày giấy giới thiệu"), self.giver_letter_date)
        form.addRow(_("Vị trí"), self.location)
        # ND 142/2024 Điều 15 (LEGAL-RULES R24): papers are received once confirmed not to be case-file documents
        self.papers_check = QCheckBox(_(PAPERS_CONFIRMATION))
        self.papers_check.hide()
        form.addRow(self.papers_check)
        # ND 127/2017; ND 142/2024 Điều 11, 14: the seals are checked at the hand-over and the record says how
        # they were found — stated by the clerk, never printed «nguyên vẹn» by default (issue #12)
        self.seals_check = QCheckBox(_("Đã kiểm tra niêm phong: nguyên vẹn, đúng số"))
        self.seals_check.toggled.connect(lambda _on: self._show())
        self.broken_button = QPushButton(_("Niêm phong rách / mất"))
        self.broken_button.setToolTip(_("Đánh dấu (hoặc bỏ đánh dấu) niêm phong của vật chứng đang chọn là bị rách, "
                                        "mất: lập biên bản sự cố và báo cáo cơ quan thụ lý"))
        self.broken_button.clicked.connect(self.toggle_broken)
        self.seal_error = QLabel()
        self.seal_error.setWordWrap(True)
        self.seal_error.setStyleSheet("color: #c62828; font-weight: bold;")
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seals_check, 1)
        seal_row.addWidget(self.broken_button)
        self.seal_box = QWidget()
        seal_box = QVBoxLayout(self.seal_box)
        seal_box.setContentsMargins(0, 0, 0, 0)
        seal_box.addLayout(seal_row)
        seal_box.addWidget(self.seal_error)
        form.addRow(self.seal_box)
        right = QWidget()
        box = QVBoxLayout(right)
        box.addWidget(self.table, 1)
        box.addWidget(self.feedback)
        box.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.receive_button)
        box.addLayout(row)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([380, 800])
        layout = QVBoxLayout(self)
        title = QLabel(_("Vật chứng chờ nhập kho"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(split, 1)
        self.reload()

    def reload(self) -> None:
        result = operations.query(self.ctx, announce.announcements, parent=self)
        self.orders = result.value if result.ok else []
        self.list.clear()
        for a in self.orders:
            QListWidgetItem(_("{order} ({issuer}, {day}) — vụ án {case}: {n} vật chứng", order=a.order_number,
                              issuer=a.issuer, day=date_text(a.issued_on), case=a.case_number, n=len(a.codes)),
                            self.list)
        self.current = None
        self._show()

    def select_order(self, order_number: str) -> bool:
        for i, a in enumerate(self.orders):
            if a.order_number == order_number:
                self.list.setCurrentRow(i)
                return True
        return False

    def choose(self, row: int) -> None:
        self.current = self.orders[row] if 0 <= row < len(self.orders) else None
        self.scanned = []
        self.broken = set()
        self.seals_check.setChecked(False)
        self._show()

    def _show(self) -> None:
        a = self.current
        codes = a.codes if a else ()
        self.table.setRowCount(len(codes))
        for i, code in enumerate(codes):
            seal = a.seals[i] if i < len(a.seals) else ""
            for col, text in enumerate((code_text(code), a.names[i], seal, self._seal_state_text(code, seal),
                                        "✔" if code in self.scanned else "")):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.receive_button.setEnabled(bool(self.scanned))
        sealed = bool(self._sealed_scanned())
        self.seal_box.setVisible(sealed)
        if not sealed:
            self.seals_check.setChecked(False)
            self.seal_error.clear()
        self.papers_check.setVisible(self._papers_scanned())
        if not self.papers_check.isVisible():
            self.papers_check.setChecked(False)

    def _sealed_scanned(self) -> list[str]:
        a = self.current
        return [code for code, seal in zip(a.codes, a.seals) if seal and code in self.scanned] if a else []

    def _seal_state_text(self, code: str, seal: str) -> str:
        if not seal or code not in self.scanned:
            return ""
        if code in self.broken:
            return _("rách, mất")
        return _("nguyên vẹn, đúng số") if self.seals_check.isChecked() else _("chưa kiểm tra")

    def seal_states(self) -> dict[str, str]:
        """What the clerk stated of each scanned seal: broken where marked, intact once confirmed; nothing else."""
        states = {code: "broken" for code in self._sealed_scanned() if code in self.broken}
        if self.seals_check.isChecked():
            states |= {code: "intact" for code in self._sealed_scanned() if code not in self.broken}
        return states

    def toggle_broken(self) -> None:
        """The selected row's seal (the last scanned by default) is found broken or missing — or not, after all."""
        row = self.table.currentRow()
        code = self.current.codes[row] if self.current is not None and 0 <= row < len(self.current.codes) else ""
        if code not in self._sealed_scanned():
            self._say(_("Chọn một vật chứng có niêm phong đã quét để ghi niêm phong rách, mất"), False)
            return
        self.broken ^= {code}
        self._say(_("{code}: niêm phong rách, mất — sẽ lập biên bản sự cố và báo cáo cơ quan thụ lý", code=code_text(code))
                  if code in self.broken else _("{code}: bỏ đánh dấu niêm phong rách, mất", code=code_text(code)),
                  code not in self.broken)
        self.seal_error.clear()
        self._show()
        self.table.selectRow(row)

    def _papers_scanned(self) -> bool:
        a = self.current
        return a is not None and any(cat == "papers" and code in self.scanned
                                     for code, cat in zip(a.codes, a.categories))

    def _say(self, text: str, ok: bool) -> None:
        colour = "#2e7d32" if ok else "#c62828"
        self.feedback.setText(text)
        self.feedback.setStyleSheet(f"color: white; background: {colour}; padding: 4px; font-weight: bold;")

    @receives_scan
    def handle_scan(self, scan: Scan) -> bool:
        if scan.kind in (ScanKind.RECORD, ScanKind.RECORD_QR):
            return False  # a record: the main window opens it
        if not scan.is_valid:
            self._say(_("Mã không hợp lệ: {code}", code=scan.raw or str(scan)), False)
            return True
        compact = str(scan)
        if scan.is_location:
            self.location.setText(compact)
            self._say(_("Vị trí: {code}", code=code_text(compact)), True)
            return True
        if self.current is None:
            match = next((a for a in self.orders if compact in a.codes), None)
            if match is None:
                self._say(_("{code} không có trong lệnh nhập kho nào đang chờ", code=code_text(compact)), False)
                return True
            self.select_order(match.order_number)
        if compact not in self.current.codes:
            self._say(_("{code} không thuộc lệnh {order}: không nhận", code=code_text(compact),
                        order=self.current.order_number), False)
            return True
        if compact not in self.scanned:
            self.scanned.append(compact)
            if self.current.seals[self.current.codes.index(compact)]:  # a seal nobody has looked at yet: the
                self.seals_check.setChecked(False)  # confirmation is given again, after the last one scanned
        self._say(_("Đã quét {code} ({n}/{total})", code=code_text(compact), n=len(self.scanned),
                    total=len(self.current.codes)), True)
        self._show()
        self.table.selectRow(self.current.codes.index(compact))  # «Niêm phong rách / mất» acts on the item just scanned
        return True

    def receive(self):
        if self.current is None or not self.scanned:
            return None
        giver = PersonInput(full_name=self.giver_name.text().strip(), position=self.giver_position.text().strip(),
                            agency_id=self.giver_agency.currentData(), id_number=self.giver_id.text().strip(),
                            letter_number=self.giver_letter.text().strip(),
                            letter_on=self.giver_letter_date.date().toPython())
        cmd = announce.ReceiveAnnounced(tuple(self.scanned), giver, self.location.text().strip(),
                                        papers_not_case_file=self._papers_scanned() and self.papers_check.isChecked(),
                                        seal_states=self.seal_states())
        result = operations.perform(self.ctx, announce.receive_announced, cmd, parent=self, on_error=self._seal_refused)
        if not result.ok:
            return None
        self.changes = result.value
        from .result_bar import open_handover
        self.record_dialog = open_handover(self.ctx, result.value.handover_number, self)
        self.reload()
        if result.value.extra.get("seal_incident"):  # ND 142/2024 Điều 11: reported, and the record says so
            self._say(_("Niêm phong rách, mất: đã lập biên bản sự cố số {number} và báo cáo cơ quan thụ lý; vật chứng "
                        "để tại khu vực tiếp nhận chờ niêm phong lại", number=result.value.extra["seal_incident"]), False)
        return result.value

    def _seal_refused(self, error) -> bool:
        """The seals not stated: said under the confirmation, where the clerk answers it; nothing was recorded."""
        if getattr(error, "code", "") != "seal_condition_required":
            return False
        from evidence_store.error_texts import message
        self.seal_error.setText(message(error))
        self.seals_check.setFocus()
        return True

    def refresh(self, changes=None) -> None:
        self.reload()
