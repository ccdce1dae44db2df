"""Duyệt xuất kho: the commander sees the act out of the warehouse a clerk prepared — a tạm xuất, a chuyển kho to
THADS, a deposit with a specialised keeper or an entrusting: the items with their seals, the order or decision, the
receiver (or keeper, custodian) with his papers, the purpose and due date of a release — and approves it (the items
leave now) or refuses it with the reason (they stay on their shelves); the person who prepared it may withdraw it
while it waits. ND 142/2024 Điều 4: no item leaves without the warehouse manager's consent. Opened from Việc cần làm
(the "Duyệt xuất kho" task) and from the item view of an item waiting for it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from evidence_store.describe import document_reference
from evidence_store.domain.errors import DomainError
from evidence_store.domain.lifecycle_rules import CUSTODIAN_KINDS, RELEASE_PURPOSES, SEAL_STATES
from evidence_store.domain.permissions import allowed
from evidence_store.error_texts import message
from evidence_store.i18n import N_, _
from evidence_store.services import handovers, release_approval
from evidence_store.services.commands import DecideRelease

from .. import operations
from ..models.format import code_text, date_text, datetime_text, quantity_text
from .act_done import DONE_STYLE

COLUMNS = (N_("Mã vật chứng"), N_("Tên vật chứng"), N_("Số lượng"), N_("Niêm phong khi xuất"))
# what the record is, by the act it prepares (services.release_approval.act_of)
RECORDS = {"release": N_("phiếu tạm xuất"), "transfer_out": N_("biên bản chuyển giao, chuyển kho"),
           "deposit": N_("biên bản gửi bảo quản"), "entrust": N_("biên bản giao bảo quản")}
DONE_TEXTS = {  # what the dialog says once the decision is recorded, by service
    "approve_release": N_("Đã duyệt xuất kho {record} {number}: {n} vật chứng ({codes}) giao {receiver}. "
                          "Vật chứng được xuất khỏi kho."),
    "reject_release": N_("Đã không duyệt {record} {number}: {n} vật chứng ({codes}) vẫn ở trong kho."),
    "withdraw_release": N_("Đã rút {record} {number}: {n} vật chứng ({codes}) vẫn ở trong kho."),
}


class ReleaseApprovalDialog(QDialog):
    """One prepared release. ``approve`` / ``reject`` call the service as the signed-in commander; a refusal
    (the same person, an item no longer in the warehouse) is shown above the buttons and nothing is lost."""

    def __init__(self, ctx, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.number, self.changes = ctx, number, None
        self.setMinimumWidth(720)
        result = operations.query(ctx, handovers.handover_detail, number, parent=self)
        self.detail = result.value if result.ok else None
        self.act = _act(self.detail)
        self.setWindowTitle(_("Duyệt xuất kho — {record} {number}", record=_(RECORDS[self.act]), number=number))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self._summary())
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3):  # the code, the quantity and the seal read whole; the name takes the rest
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        lines = self.detail.lines if self.detail else ()
        self.table.setRowCount(len(lines))
        for i, ln in enumerate(lines):
            seal = _(SEAL_STATES.get(ln.seal_state or "none", ln.seal_state))
            if ln.seal_number:
                seal = f"{ln.seal_number} — {seal}"
            for col, text in enumerate((code_text(ln.item_code), ln.item_name, quantity_text(ln.quantity, ln.unit),
                                        seal)):
                self.table.setItem(i, col, QTableWidgetItem(text))
        layout.addWidget(self.table, 1)
        rule = QLabel(_("Theo Điều 4 Nghị định 142/2024/NĐ-CP, vật chứng chỉ được đưa ra khỏi kho khi có sự đồng ý "
                        "của người ra lệnh xuất và lãnh đạo quản lý kho. Người duyệt phải khác người đã lập phiếu."))
        rule.setWordWrap(True)
        rule.setStyleSheet("color: #555;")
        layout.addWidget(rule)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.error.hide()
        layout.addWidget(self.error)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Lý do không duyệt (bắt buộc khi không duyệt)"))
        self.reject_button = QPushButton(_("Không duyệt…"))
        self.reject_button.clicked.connect(self.reject_release)
        self.approve_button = QPushButton(_("Duyệt xuất kho"))
        self.approve_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.approve_button.setDefault(True)
        self.approve_button.clicked.connect(self.approve)
        self.withdraw_button = QPushButton(_("Rút phiếu xuất…"))
        self.withdraw_button.clicked.connect(self.withdraw)
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.close)
        self.close_button = close
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason, 1)
        for b in (self.withdraw_button, self.reject_button, self.approve_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        # the clerk who prepared it may withdraw it; a commander (another person) approves or refuses it
        actor = ctx.actor
        own = self.detail is not None and actor is not None and self.detail.created_by == actor.username
        may_decide = actor is not None and allowed(actor.roles, "approve_release") and not own
        for b in (self.reject_button, self.approve_button):
            b.setVisible(may_decide)
            b.setEnabled(self.detail is not None)
        self.withdraw_button.setVisible(own)
        self.reason.setVisible(own or may_decide)
        if own:
            self.reason.setPlaceholderText(_("Lý do rút phiếu (bắt buộc khi rút)"))

    def _summary(self) -> str:
        d = self.detail
        if d is None:
            return _("Không đọc được biên bản {number}.", number=self.number)
        receiver = next((p for p in d.participants if p.role == "receiver"), None)
        giver = next((p for p in d.participants if p.role == "giver"), None)
        letter = next((s.letter_number for s in d.signatures if s.role == "receiver" and s.letter_number), "")
        order = d.basis_documents[0] if d.basis_documents else None
        basis_label = {"release": _("Lệnh xuất kho"), "transfer_out": _("Quyết định chuyển giao")}.get(
            self.act, _("Quyết định"))
        who = {"deposit": _("Cơ quan, người nhận bảo quản"), "entrust": _("Người nhận bảo quản")}.get(
            self.act, _("Người nhận"))
        rows = [
            (_("Việc xuất kho"), _(RECORDS[self.act]).capitalize()),
            (_("Vụ án"), d.case_number or "—"),
            (basis_label, document_reference(order.kind, order.number, order.issued_on, order.issuer)
             if order else "—"),
            (who, ", ".join(x for x in (receiver.full_name if receiver else "", receiver.position
                                        if receiver else "", d.receiver_agency) if x) or "—"),
            (_("Giấy tờ người nhận"), ", ".join(x for x in (
                _("CCCD {number}", number=receiver.id_number) if receiver and receiver.id_number else "",
                _("giấy giới thiệu {number}", number=letter) if letter else "") if x) or _("không ghi")),
        ]
        rows += self._act_rows(d)
        rows.append((_("Người lập phiếu"), f"{giver.full_name if giver and self.act != 'transfer_out' else d.created_by}"
                                           f" — {datetime_text(d.started_at)}"))
        return "<table>" + "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows) + \
            "</table>"

    def _act_rows(self, d) -> list[tuple[str, str]]:
        """What only this act says: the purpose and due date of a release, the holding account of a deposit, the
        place an entrusted item is kept."""
        if self.act == "release":
            purpose = d.details.get("purpose", "")
            purpose = _(RELEASE_PURPOSES[purpose]) if purpose in RELEASE_PURPOSES else purpose
            due = d.details.get("due_on")
            return [(_("Mục đích, hạn trả"), f"{purpose}, {date_text(date.fromisoformat(due))}" if due else purpose)]
        if self.act == "deposit" and d.details.get("account"):
            return [(_("Tài khoản tạm giữ"), d.details["account"])]
        if self.act == "entrust":
            kind = d.details.get("custodian_kind", "")
            return [(_("Giao cho"), _(CUSTODIAN_KINDS[kind]) if kind in CUSTODIAN_KINDS else kind),
                    (_("Nơi bảo quản"), d.details.get("address") or "—")]
        return []

    def _refused(self, error: DomainError) -> bool:
        self.error.setText(message(error))
        self.error.show()
        return True

    def approve(self):
        return self._decide(release_approval.approve_release, DecideRelease(self.number))

    def withdraw(self):
        return self._with_reason(release_approval.withdraw_release, _("Cần ghi lý do rút phiếu xuất"))

    def reject_release(self):
        return self._with_reason(release_approval.reject_release, _("Cần ghi lý do không duyệt xuất"))

    def _with_reason(self, service, missing: str):
        """Withdrawing or refusing needs the reason: an empty field is marked and nothing is sent."""
        reason = self.reason.text().strip()
        if not reason:
            self.reason.setStyleSheet("border: 2px solid #c62828;")
            self.reason.setFocus()
            self.error.setText(missing)
            self.error.show()
            return None
        self.reason.setStyleSheet("")
        return self._decide(service, DecideRelease(self.number, reason=reason))

    def _decide(self, service, cmd: DecideRelease):
        result = operations.perform(self.ctx, service, cmd, parent=self, on_error=self._refused)
        if result.ok:
            self.changes = result.value
            self._done(DONE_TEXTS[service.__name__])
        return result.value if result.ok else None

    def _done(self, msgid: str) -> None:
        """The decision made: the dialog stays open on a green line naming what was decided — the release, its
        items, who takes them — as the other acts' dialogs do (ui.screens.act_done); the task leaving the inbox
        was the only sign before (issue 17). «Đóng» closes."""
        d = self.detail
        receiver = next((p.full_name for p in d.participants if p.role == "receiver"), "") if d else ""
        who = " — ".join(x for x in (receiver, d.receiver_agency if d else "") if x) or "—"
        codes = ", ".join(code_text(ln.item_code) for ln in (d.lines if d else ())[:3])
        n = len(d.lines) if d else 0
        if n > 3:
            codes += _(" và {n} vật chứng khác", n=n - 3)
        self.error.setStyleSheet(DONE_STYLE)
        self.error.setText(_(msgid, record=_(RECORDS[self.act]), number=self.number, n=n, codes=codes, receiver=who))
        self.error.show()
        for b in (self.approve_button, self.reject_button, self.withdraw_button, self.reason):
            b.hide()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

def _act(detail) -> str:
    """release | transfer_out | deposit | entrust (services.release_approval.act_of, from the record's view)."""
    if detail is None or detail.kind == "release":
        return "release"
    if detail.kind == "transfer":
        return "transfer_out"
    return "entrust" if detail.details.get("mode") == "entrust" else "deposit"
