"""Biên bản giao nhận: the record, its lines and its signature slots — sign on screen (signature pad),
mark signed on paper with the scanned copy attached, refuse with reason and witness (BLTTHS Điều 133),
complete (refused by the service while a slot is empty), print."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from evidence_store.describe import document_reference, state_label
from evidence_store.domain import lifecycle_rules
from evidence_store.domain.records import APPROVAL_LABELS, RECORD_STATUS_LABELS, SIGNABLE, document_kind_name
from evidence_store.i18n import N_, _
from evidence_store.formatting import from_wall_time, now_in_zone
from evidence_store.services import handovers, printing
from evidence_store.services.acceptance import ACCEPTANCE_LABELS
from evidence_store.services.printing_data import derived_number
from evidence_store.services.scope import warehouse_wide

from .. import operations
from ..models.format import code_text, date_text, datetime_text, local, quantity_text
from ..widgets.form import datetime_edit
from ..widgets.signature_pad import SignaturePad
from .previews import preview
from .handover_acceptance import HandoverAcceptance
from .handover_signing import HandoverSigning, ROLE_LABELS

KIND_LABELS = {"intake": N_("Nhập kho"), "release": N_("Xuất kho"), "return": N_("Nhận lại"),
               "transfer": N_("Chuyển giao"), "deposit": N_("Gửi / giao bảo quản"), "disposal": N_("Xử lý vật chứng"),
               "seal": N_("Niêm phong"), "unseal": N_("Mở niêm phong"), "incident": N_("Sự cố"),
               "check": N_("Kiểm tra định kỳ")}
SAVINGS_LABEL = N_("Gửi tiết kiệm (tiền không có người nhận)")  # Luật THADS Điều 126 (services.unclaimed)


def kind_label(d) -> str:
    """The act's kind as the header names it (a msgid): a savings deposit is not a custody deposit."""
    return SAVINGS_LABEL if d.kind == "deposit" and (d.details or {}).get("mode") == "savings" else \
        KIND_LABELS.get(d.kind, d.kind)


SIGN_LABELS = {"pending": N_("Chưa ký"), "signed_screen": N_("Đã ký trên màn hình"),
               "signed_paper": N_("Đã ký trên giấy"), "refused": N_("Từ chối ký"),
               "fingerprint": N_("Điểm chỉ (đã đọc trước người chứng kiến)")}
STATUS_LABELS = {str(k): v for k, v in RECORD_STATUS_LABELS.items()}
SIGN_COLOURS = {"pending": "#c62828", "refused": "#ef6c00"}


def _table(headers, stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels([_(h) for h in headers])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class HandoverDialog(HandoverAcceptance, HandoverSigning, QDialog):
    def __init__(self, ctx, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.number, self.detail = ctx, number, None
        # named by its kind (issue #12): a sealing record is no «Biên bản giao nhận»
        self.setWindowTitle(f"{_(document_kind_name(number))} {number}")
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.lines = _table((N_("STT"), N_("Mã vật chứng"), N_("Tên vật chứng"), N_("Số lượng"), N_("Niêm phong"),
                             N_("Tình trạng niêm phong")), 2)
        self.slots = _table((N_("Vai trò"), N_("Họ tên"), N_("Chữ ký"), N_("Thời gian"), N_("Ghi chú")), 4)
        self.slots.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.slots.itemSelectionChanged.connect(self._slot_changed)
        self.pad = SignaturePad()
        self.signer = QLineEdit()
        self.signer.setPlaceholderText(_("Họ tên người ký"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Lý do từ chối ký"))
        self.witness = QLineEdit()
        self.witness.setPlaceholderText(_("Người chứng kiến (họ tên, chức vụ)"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.lines, 1)
        layout.addWidget(QLabel(_("Chữ ký")))
        layout.addWidget(self.slots, 1)
        layout.addLayout(self._signing())
        layout.addWidget(self._signers())
        layout.addLayout(self._buttons())
        self._fit_screen()
        self.reload()
        ctx.signals.changes_applied.connect(self._changed_here)

    def _fit_screen(self) -> None:
        """1040×860 at most, never taller or wider than the screen: at 1366×768 the signing buttons were below the
        bottom edge (issue 17)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 1040, 860
        if room is not None:
            width, height = min(width, room.width() - 24), min(height, room.height() - 48)
        self.resize(max(width, self.minimumSizeHint().width()), max(height, 200))

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status = QLabel()
        self.status.setStyleSheet("font-weight: bold;")
        row.addWidget(self.status, 1)
        self._acceptance_row(row)
        row.addWidget(QLabel(_("Kết thúc hồi:")))
        self.end_time = datetime_edit()
        self.end_time.setToolTip(_("Thời điểm kết thúc thực tế của việc giao nhận (Điều 133 BLTTHS): "
                                   "nhập hoặc xác nhận khi kết thúc, không lấy theo giờ bắt đầu"))
        row.addWidget(self.end_time)
        self.complete_button = QPushButton(_("Hoàn tất biên bản"))
        self.complete_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.complete_button.clicked.connect(self.complete)
        print_button = QPushButton(_("In biên bản…"))
        print_button.clicked.connect(self.print_record)
        self.seal_paper_button = QPushButton(_("In giấy niêm phong…"))  # ND 127/2017 Điều 3.3
        self.seal_paper_button.clicked.connect(self.print_seal_paper)
        self.seal_paper_button.hide()
        row.addWidget(self.seal_paper_button)
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.accept)
        for button in (self.complete_button, print_button, close):
            row.addWidget(button)
        return row

    # -- showing --------------------------------------------------------------------------------------
    def reload(self) -> bool:
        result = operations.query(self.ctx, handovers.handover_detail, self.number, parent=self)
        if not result.ok:
            return False
        self._show(result.value)
        return True

    def refresh_if_changed(self) -> bool:
        """The record as it is now, when it changed since shown: signed, accepted, approved or completed on another
        screen or workstation while this dialog stayed open (issue 17: it kept «Chưa ký» and an enabled «Hoàn tất»
        until closed). Called when the dialog is shown again or activated; what the user typed or drew here stays
        (the signer's name, the end time, the pad). Returns whether it changed."""
        if self.detail is None:
            return False
        result = operations.query(self.ctx, handovers.handover_detail, self.number, parent=self,
                                  on_error=lambda _error: True)  # no box on every activation; the next act says why
        if not result.ok or result.value == self.detail:
            return False
        self._show(result.value)
        return True

    def _changed_here(self, changes) -> None:
        """A change made on another screen or dialog of this window to this record: shown at once."""
        if self.isVisible() and (changes is None or changes.handover_number == self.number):
            self.refresh_if_changed()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_if_changed()

    def _show(self, d) -> None:
        self.detail = d
        self.setWindowTitle(f"{_(document_kind_name(d.number, d.kind))} {d.number}")
        docs = "; ".join(document_reference(doc.kind, doc.number, doc.issued_on, doc.issuer)
                         for doc in d.basis_documents)
        facts = []
        if d.details.get("purpose") in lifecycle_rules.RELEASE_PURPOSES:
            facts.append(_("Mục đích: {purpose}", purpose=_(lifecycle_rules.RELEASE_PURPOSES[d.details["purpose"]])))
        if d.details.get("due_on"):
            facts.append(_("Hạn trả: {date}", date=date_text(_iso(d.details["due_on"]))))
        if d.details.get("outcome"):
            facts.append(_("Hình thức: {outcome}", outcome=state_label(d.details["outcome"])))
        agencies = " → ".join(x for x in (d.giver_agency, d.receiver_agency) if x)
        if d.acceptance != "none":
            answer = _(ACCEPTANCE_LABELS.get(d.acceptance, d.acceptance))
            if d.accepted_by:
                answer += f" — {d.accepted_by_name or d.accepted_by} {datetime_text(d.accepted_at)}"
            if d.acceptance_note:
                answer += f" ({d.acceptance_note})"
            facts.append(_("Tiếp nhận: {answer}", answer=answer))
        self._show_acceptance(d)
        self.header.setText(
            f"<span style='font-size:14pt;font-weight:bold'>{_(document_kind_name(d.number, d.kind))} {d.number}"
            "</span> · "
            f"{_(kind_label(d))} · <b>{_(STATUS_LABELS.get(d.status, d.status))}</b>"
            + (f" · {_(APPROVAL_LABELS[d.approval])}" if d.approval in APPROVAL_LABELS else "") + "<br>"
            f"{_('Vụ án')}: {d.case_number} — {d.case_offence} · {datetime_text(d.started_at)}"
            + (f"<br>{agencies}" if agencies else "") + f"<br>{_('Căn cứ')}: {docs or '—'}"
            + (f"<br>{' · '.join(facts)}" if facts else ""))
        self.lines.setRowCount(len(d.lines))
        for i, ln in enumerate(d.lines):
            seal = _(lifecycle_rules.SEAL_STATES[ln.seal_state]) if ln.seal_state in lifecycle_rules.SEAL_STATES else ""
            cells = (str(ln.line_no), code_text(ln.item_code), ln.item_name, quantity_text(ln.quantity, ln.unit),
                     ln.seal_number if ln.sealed else _("Không"), seal)
            for col, text in enumerate(cells):
                self.lines.setItem(i, col, QTableWidgetItem(text))
        self._fill_slots(d)

    def _fill_slots(self, d) -> None:
        current = self.selected_slot()
        self.slots.setRowCount(len(d.signatures))
        for i, s in enumerate(d.signatures):
            note = ""
            if s.status == "refused":
                note = _("Lý do: {reason}; người chứng kiến: {witness}", reason=s.refusal_reason,
                         witness=s.refusal_witness)
            elif s.attachment_sha256:
                note = f"SHA-256 {s.attachment_sha256[:16]}…"
            cells = (_(ROLE_LABELS.get(s.role, s.role)), s.person_name, _(SIGN_LABELS.get(s.status, s.status)),
                     datetime_text(s.signed_at), note)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2 and s.status in SIGN_COLOURS:
                    item.setForeground(Qt.GlobalColor.white)
                    item.setBackground(_colour(SIGN_COLOURS[s.status]))
                self.slots.setItem(i, col, item)
        pending = [i for i, s in enumerate(d.signatures) if s.status == "pending"]
        keep = next((i for i, s in enumerate(d.signatures) if current and s.id == current.id), None)
        if keep is not None and d.signatures[keep].status == "pending":
            self.slots.selectRow(keep)
        elif pending:
            self.slots.selectRow(self._first_to_sign(d))
        closed = self._closed(d)
        for button in (self.complete_button, self.add_button):
            button.setEnabled(not closed)
        self.seal_paper_button.setVisible(d.kind == "seal" and d.status != "void")
        self._fill_end(d, closed)
        self.status.setText(_("{signed}/{total} ô đã ký hoặc ghi nhận từ chối",
                              signed=len(d.signatures) - len(pending), total=len(d.signatures)))
        self._slot_changed()

    @staticmethod
    def _closed(d) -> bool:
        return d.status not in SIGNABLE or d.approval == "pending"

    @staticmethod
    def sign_state_label(status: str) -> str:
        return SIGN_LABELS.get(status, status)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        """Opened, the keyboard is on the first unsigned slot and Enter signs it; it was on «Xóa chữ ký», the
        first button, so Enter wiped the signature just drawn (issue 17). All signed: on «Hoàn tất biên bản»."""
        super().showEvent(event)
        if getattr(self, "_focus_placed", False):
            self.refresh_if_changed()  # shown again: as the record is now
            return
        if self.detail is None:
            return
        self._focus_placed = True
        row = self._first_to_sign(self.detail)
        if row is not None and not self._closed(self.detail):
            self.slots.setCurrentCell(row, 0)
            self.slots.selectRow(row)
            self.slots.setFocus()
        elif self.complete_button.isEnabled():
            self.complete_button.setFocus()
        self._update_actions()

    def _first_to_sign(self, d) -> int | None:
        """The first unsigned slot; at an agency's seat the user's own (he signs only his own: seen in the app,
        the giver's slot was chosen after the procurator accepted, and «Ký» refused him at the other's name)."""
        pending = [i for i, s in enumerate(d.signatures) if s.status == "pending"]
        actor = self.ctx.actor
        if actor is not None and not warehouse_wide(actor):
            pending = [i for i in pending if d.signatures[i].person_id == actor.person_id] or pending
        return pending[0] if pending else None

    def selected_slot(self):
        if self.detail is None:
            return None
        rows = {i.row() for i in self.slots.selectedIndexes()}
        return self.detail.signatures[min(rows)] if rows else None

    def select_slot(self, role: str) -> bool:
        for i, s in enumerate(self.detail.signatures):
            if s.role == role and s.status == "pending":
                self.slots.selectRow(i)
                return True
        return False

    def _slot_changed(self) -> None:
        slot = self.selected_slot()
        if slot is not None and slot.status == "pending" and slot.id != getattr(self, "_signer_slot", None):
            self.signer.setText(slot.person_name)  # another slot chosen; the same one keeps the name typed
        self._signer_slot = slot.id if slot is not None else None
        self._update_actions()

    def show_paper_check(self, check) -> None:
        """The scanned paper against the database: "khớp", or what differs (issue 13)."""
        self.paper_check = check
        colour = "#2e7d32" if check.matches else "#c62828"
        self.status.setText(check.name)
        self.status.setStyleSheet(f"font-weight: bold; color: {colour};")
        self.status.setWordWrap(True)

    # -- actions --------------------------------------------------------------------------------------
    def _perform(self, fn, *args) -> bool:
        result = operations.perform(self.ctx, fn, *args, parent=self)
        if result.ok:
            self.pad.clear()
            self.reload()
        return result.ok

    def _fill_end(self, d, closed: bool) -> None:
        """A stored end time is shown, fixed; otherwise the clock now, for the user to correct or confirm."""
        if d.ended_at is not None:
            shown = local(d.ended_at)
        else:
            shown = now_in_zone()
        before = getattr(self, "_prefilled", None)
        typed = self.end_time.dateTime() if before is not None and self.end_time.dateTime() != before else None
        self._prefilled = QDateTime(shown.year, shown.month, shown.day, shown.hour, shown.minute, shown.second)
        self.end_time.setDateTime(typed if typed is not None and d.ended_at is None else self._prefilled)
        self.end_time.setEnabled(d.ended_at is None and not closed)

    def chosen_end(self):
        """The end time in the editor, as an aware time (the service stores it in UTC)."""
        if self.detail is not None and self.detail.ended_at is not None:
            return None
        q = self.end_time.dateTime()
        if q == getattr(self, "_prefilled", None):  # left as proposed: the user confirms the end now
            return now_in_zone()
        d, t = q.date(), q.time()
        return from_wall_time(datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second()))

    def complete(self) -> bool:
        return self._perform(handovers.complete_handover, self.number, self.chosen_end())

    def print_record(self):
        d = self.detail
        if d is not None and d.kind == "disposal" and (d.details or {}).get("outcome") == "destroyed":
            # a destruction's paper is the council's «Biên bản tiêu hủy», as the disposal screen prints it; from the
            # register it printed as a «Biên bản giao nhận» with a giver and no receiver (issue 17)
            return preview(self.ctx, printing.destruction_pdf, self.number,
                           _("Biên bản tiêu hủy {number}", number=derived_number(self.number, "BB-TH")),
                           f"tieu-huy-{self.number}.pdf", self)
        name = _(document_kind_name(self.number, d.kind if d is not None else None))  # by its kind (issue #12)
        return preview(self.ctx, printing.handover_pdf, self.number, f"{name} {self.number}", f"{self.number}.pdf",
                       self)

    def print_seal_paper(self):
        return preview(self.ctx, printing.seal_paper_pdf, self.number, _("Giấy niêm phong {number}",
                       number=self.number), f"giay-niem-phong-{self.number.replace('/', '-')}.pdf", self)

    def handle_scan(self, scan) -> bool:
        return False


def _iso(text: str):
    from datetime import date
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _colour(name: str):
    from PySide6.QtGui import QColor
    return QColor(name)
