"""Yêu cầu vật chứng (issue 13): an agency asks for items of its case (giám định, định giá, xét xử, thi hành án)
with purpose, dates and recipient; the warehouse prepares them from a pick list sorted by location, scanning each
item (one not asked for is refused), and releases them against the lệnh xuất kho — the release follows from the
request and the recipient accepts it in his inbox."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from evidence_store.domain import chronology, lifecycle_rules
from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_, _
from evidence_store.services import browse, queries, release, requests
from evidence_store.services import commands
from evidence_store.services.commands import DocumentInput, PersonInput

from .. import dialogs, operations
from ..models.format import code_text, date_text, number_text
from ..scan_value import Scan, ScanKind, receives_scan
from ..widgets.form import Form, date_edit, field_errors, line_edit
from ..widgets.seal_check import SealCheck
from ..widgets.submit_dialog import SubmitDialog
from .base import Screen

HEADERS = (N_("Số yêu cầu"), N_("Vụ án"), N_("Cơ quan yêu cầu"), N_("Mục đích"), N_("Ngày cần"), N_("Người nhận"),
           N_("Số vật chứng"), N_("Trạng thái"), N_("Biên bản"))


def _table(headers) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels([_(h) for h in headers])
    t.verticalHeader().hide()
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class RequestsScreen(Screen):
    nav_title = N_("Yêu cầu vật chứng")
    required_action = "read_tasks"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[requests.RequestView] = []
        self.table = _table(HEADERS)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.open_row(row))
        layout = QVBoxLayout(self)
        title = QLabel(_("Yêu cầu vật chứng"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.count = QLabel()
        buttons.addWidget(self.count, 1)
        if allowed(ctx.actor.roles, "request_items"):
            new = QPushButton(_("Yêu cầu mới…"))
            new.clicked.connect(lambda: self.new_request())
            buttons.addWidget(new)
        if allowed(ctx.actor.roles, "prepare_request"):
            prep = QPushButton(_("Chuẩn bị và xuất kho…"))
            prep.clicked.connect(lambda: self.open_row(self.table.currentRow()))
            buttons.addWidget(prep)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        result = operations.query(self.ctx, requests.list_requests, parent=self)
        self.rows = result.value if result.ok else []
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            cells = (r.number, r.case_number, r.agency, _(lifecycle_rules.RELEASE_PURPOSES.get(r.purpose, r.purpose)),
                     date_text(r.needed_on), r.recipient, f"{r.picked}/{len(r.lines)}",
                     _(requests.REQUEST_STATUS_LABELS.get(r.status, r.status)), r.handover_number)
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.count.setText(_("{n} yêu cầu", n=number_text(len(self.rows))))

    def new_request(self, *, modal: bool = True):
        dialog = NewRequestDialog(self.ctx, self)
        self.last_dialog = dialog
        if modal:
            dialog.exec()
            self.reload()
        return dialog

    def open_row(self, row: int, *, modal: bool = True):
        if not 0 <= row < len(self.rows) or not allowed(self.ctx.actor.roles, "prepare_request"):
            return None
        dialog = PickDialog(self.ctx, self.rows[row].number, self)
        self.last_dialog = dialog
        if modal:
            dialog.exec()
            self.reload()
        return dialog

    def refresh(self, changes=None) -> None:
        self.reload()


class NewRequestDialog(SubmitDialog):
    """Case → its items in the warehouse (tick those wanted) → purpose, dates, note. A refusal goes under the field
    it concerns (the case, the items, a date) with everything chosen kept; it was one red line beside the buttons."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Yêu cầu vật chứng"), parent, ok_text=_("Gửi yêu cầu"))
        self.case_id, self.loaded_number = None, ""
        self.form = f = Form()
        self.case = f.add("case", _("Vụ án"), line_edit(_("Số vụ án")), required=True)
        self.case.editingFinished.connect(self.load_case)
        load = QPushButton(_("Tìm vụ án"))
        load.clicked.connect(self.load_case)
        f.grid.addWidget(load, f.grid.getItemPosition(f.grid.indexOf(self.case))[0], 2)
        self.items = f.add("codes", _("Vật chứng cần"), QListWidget())
        self.items.itemChanged.connect(lambda _item: f.set_error("codes", ""))  # a tick answers «chưa có vật chứng»
        self.purpose = f.add("purpose", _("Mục đích"), QComboBox())
        for key in requests.REQUEST_PURPOSES:
            self.purpose.addItem(_(lifecycle_rules.RELEASE_PURPOSES[key]), key)
        self.needed = f.add("needed_on", _("Ngày cần"), date_edit(chronology.today()))
        self.due = f.add("due_on", _("Hạn trả lại kho"), date_edit(chronology.today() + timedelta(days=10)))
        self.note = f.add("note", _("Ghi chú"), line_edit(_("Nội dung cần giám định / định giá, nơi nhận…")))
        f.enter_hook = self._enter
        f.submitted.connect(self.submit)
        f.grid.setContentsMargins(0, 0, 0, 0)
        f.grid.setColumnMinimumWidth(0, 0)  # short labels: the items' list keeps the width (lines of code — name)
        for key, field in f.fields.items():  # every field but the case spans the column of «Tìm vụ án»
            for widget in (field.widget, field.error) if key != "case" else ():
                row = f.grid.getItemPosition(f.grid.indexOf(widget))[0]
                f.grid.addWidget(widget, row, 1, 1, 2)
        f.fields["codes"].label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(f, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(720, 560)

    def _enter(self, widget) -> bool:
        """Enter in the case number finds the case and goes on to its items, it does not send the request."""
        if widget is not self.case:
            return False
        if self.load_case():
            self.items.setFocus()
        return True

    def load_case(self) -> bool:
        """The case's items in the warehouse, unticked. The same case again (leaving its field, «Tìm vụ án» once
        more) keeps the items ticked: they were cleared each time the field lost the focus."""
        if self.case_id and self.case.text().strip() == self.loaded_number:
            return True
        self.items.clear()
        self.loaded_number = self.case.text().strip()
        if not self.loaded_number:  # «Tìm vụ án» on an empty field: not "case  not found"
            self.case_id = None
            self.form.set_error("case", _("Cần nhập {field}", field=_("số vụ án")))
            return False
        found = operations.query(self.ctx, browse.case_id_by_number, self.case.text(), parent=self)
        self.case_id = found.value if found.ok else None
        if not self.case_id:
            self.form.set_error("case", _("Không tìm thấy vụ án {number} trong phạm vi của tài khoản",
                                          number=self.case.text().strip()))
            return False
        self.form.set_error("case", "")
        page = operations.query(self.ctx, queries.item_page, queries.ItemQuery(case_id=self.case_id,
                                                                               state="in_storage"), 0, 500,
                                parent=self)
        for r in page.value if page.ok else []:
            item = QListWidgetItem(f"{code_text(r.code)} — {r.name} ({code_text(r.location_code)})")
            item.setData(Qt.ItemDataRole.UserRole, r.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.items.addItem(item)
        return True

    def tick(self, codes) -> None:
        for i in range(self.items.count()):
            it = self.items.item(i)
            if it.data(Qt.ItemDataRole.UserRole) in codes:
                it.setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> tuple[str, ...]:
        return tuple(self.items.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.items.count())
                     if self.items.item(i).checkState() == Qt.CheckState.Checked)

    def on_error(self):
        """Under the field the refusal names (the form's keys are the service's: codes, needed_on, due_on…)."""
        return field_errors(self.form, fallback=self.error_label)

    def submit(self):
        self.form.clear_errors()
        self.error_label.clear()
        if not self.form.check_required() or (not self.case_id and not self.load_case()):
            return None
        cmd = requests.CreateRequest(self.case_id, self.chosen(), self.purpose.currentData(),
                                     self.needed.date().toPython(), self.due.date().toPython(),
                                     note=self.note.text())
        return self.result_changes if self.run(requests.create_request, cmd) else None

    def done_with(self, changes) -> None:
        dialogs.info(_("Đã gửi yêu cầu {number} cho kho vật chứng", number=changes.extra["request"]), self)
        self.accept()


class PickDialog(SubmitDialog):
    """The warehouse's side: the pick list by location, scanning each item, then the release against the lệnh xuất
    kho (the dialog's OK). A refusal of the release goes under the order's field it concerns, else above the
    buttons — it was a message box — and the order typed stays."""

    # the document's fields in the service's refusals → the order's fields here (services.persistence, authority)
    ORDER_FIELDS = {"document_number": "order_number", "document_date": "order_date",
                    "issuer_required": "order_issuer", "issuer_not_competent": "order_issuer",
                    "act_before_basis": "order_date", "document_date_future": "order_date"}

    def __init__(self, ctx, number: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Chuẩn bị vật chứng theo yêu cầu {number}", number=number), parent,
                         ok_text=_("Xuất kho theo yêu cầu"))
        self.number, self.view, self.handover_number = number, None, None
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.lines = _table((N_("Vị trí"), N_("Mã vật chứng"), N_("Tên vật chứng"), N_("Đã quét")))
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(_("Quét mã vật chứng (Enter)"))
        self.scan.installEventFilter(self)  # Enter after a code is the scan's, never «Xuất kho theo yêu cầu»
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.form = form = Form()
        form.grid.setContentsMargins(0, 0, 0, 0)
        form.grid.setColumnMinimumWidth(0, 0)
        self.order_number = form.add("order_number", _("Lệnh xuất kho"), line_edit(_("Số lệnh xuất kho")),
                                     required=True)
        self.order_date = form.add("order_date", _("Ngày lệnh"), date_edit())
        self.order_issuer = form.add("order_issuer", _("Cơ quan ra lệnh"), QComboBox())
        with ctx.reader() as uow:
            for a in browse.agencies(uow):
                self.order_issuer.addItem(a.short_name or a.name, a.id)
        self.order_signer = form.add("order_signer", _("Người ký"), line_edit(_("Người ký lệnh")))
        self.seals: SealCheck | None = None  # the seals of the items asked for, looked at as they are handed over
        form.submitted.connect(self.submit)
        for label in (f.label for f in form.fields.values()):  # as the pick list's form read: labels on the left
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.release_button = self.ok_button
        self.release_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Đóng"))
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.scan)
        layout.addWidget(self.feedback)
        layout.addWidget(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(860, 620)
        self.scan.setFocus()  # the first step is scanning: a code typed goes there (the table had the keyboard)
        self.reload()

    def reload(self) -> bool:
        result = operations.query(self.ctx, requests.request_view, self.number, parent=self)
        if not result.ok:
            return False
        v = self.view = result.value
        self.header.setText(
            f"<b>{_('Yêu cầu')} {v.number}</b> · {_('Vụ án')} {v.case_number} · {v.agency}<br>"
            f"{_('Mục đích')}: {_(lifecycle_rules.RELEASE_PURPOSES.get(v.purpose, v.purpose))} · {_('Ngày cần')}: "
            f"{date_text(v.needed_on)} · {_('Hạn trả')}: {date_text(v.due_back_on)} · {_('Người nhận')}: "
            f"{v.recipient}<br>{_(requests.REQUEST_STATUS_LABELS.get(v.status, v.status))}"
            + (f" · {v.purpose_note}" if v.purpose_note else ""))
        self.lines.setRowCount(len(v.lines))
        for i, ln in enumerate(v.lines):
            cells = (ln.location_name or ln.location_code, code_text(ln.item_code), ln.item_name,
                     "✔" if ln.picked else "")
            for col, text in enumerate(cells):
                self.lines.setItem(i, col, QTableWidgetItem(text))
        ready = v.status == "open" and v.picked == len(v.lines)
        self.release_button.setEnabled(ready)
        sealed = tuple((ln.item_code, ln.item_name, ln.seal_number) for ln in v.lines if ln.sealed)
        if self.seals is None and sealed:  # ND 127/2017; ND 142/2024 Điều 11, 14: each seal looked at as it leaves
            self.seals = SealCheck(sealed)
            self.form.add("seal_states", _("Niêm phong"), self.seals)
        return True

    @receives_scan
    def handle_scan(self, scan: Scan) -> bool:
        """An item (its barcode or its label's QR) is picked for the request; a record goes to the main window."""
        self.scan.clear()
        if scan.kind in (ScanKind.RECORD, ScanKind.RECORD_QR):
            return False

        def refused(error) -> bool:
            from evidence_store.error_texts import message
            self._refused(message(error))
            return True
        if not scan.is_item:
            self._refused(_("{code} không phải mã vật chứng", code=scan.raw or str(scan)))
            return True
        result = operations.perform(self.ctx, requests.pick_item, self.number, str(scan), parent=self,
                                    on_error=refused)
        if not result.ok:
            return False
        if self.seals is not None:  # a new item in hand: the statement is made again once all are looked at
            self.seals.confirm.setChecked(False)
        self.feedback.setText(_("Đã quét {code}", code=code_text(str(scan))))
        self.feedback.setStyleSheet("color: white; background: #2e7d32; padding: 4px; font-weight: bold;")
        self.reload()
        return True

    def _refused(self, text: str) -> None:
        self.feedback.setText(text)
        self.feedback.setStyleSheet("color: white; background: #c62828; padding: 4px; font-weight: bold;")

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if obj is self.scan and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.handle_scan(self.scan.text())
            return True
        return super().eventFilter(obj, event)

    def on_error(self):
        return field_errors(self.form, self.ORDER_FIELDS, self.error_label)

    def submit(self):
        return self.release()

    def release(self):
        v = self.view
        if v is None or not self.release_button.isEnabled():  # Enter in the order before every item is scanned
            return None
        self.form.clear_errors()
        self.error_label.hide()
        if not self.form.check_required():
            return None
        f = self.form
        order = DocumentInput("release_order", f.value("order_number"), f.value("order_date"),
                              f.value("order_issuer"), f.value("order_signer"))
        cmd = commands.ReleaseItems(tuple(ln.item_code for ln in v.lines), order, v.purpose,
                                    PersonInput(id=v.recipient_person_id), v.due_back_on or v.needed_on,
                                    receiver_agency_id=v.recipient_agency_id, purpose_note=v.purpose_note,
                                    request_number=v.number,
                                    seal_states=self.seals.states() if self.seals is not None else {})
        return self.result_changes if self.run(release.release_items, cmd) else None

    def done_with(self, changes) -> None:
        """Released: the dialog stays on the request (its state now) and the record opens for signature."""
        self.handover_number = changes.handover_number
        self.reload()
        from .handover import HandoverDialog
        self.record_dialog = HandoverDialog(self.ctx, self.handover_number, self)
        self.record_dialog.show()
