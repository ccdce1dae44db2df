"""Duyệt xuất kho: the commander sees the act out of the warehouse a clerk prepared — a tạm xuất, a chuyển kho to
THADS, a deposit with a specialised keeper or an entrusting: the items with their seals, the order or decision, the
receiver (or keeper, custodian) with his papers, the purpose and due date of a release — and approves it (the items
leave now) or refuses it with the reason (they stay on their shelves); the person who prepared it may withdraw it
while it waits. ND 142/2024 Điều 4: no item leaves without the warehouse manager's consent. Opened from Việc cần làm
(the "Duyệt xuất kho" task) and from the item view of an item waiting for it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from evidence_store.describe import document_reference
from evidence_store.domain.lifecycle_rules import CUSTODIAN_KINDS, RELEASE_PURPOSES, SEAL_STATES
from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_, _
from evidence_store.services import handovers, release_approval
from evidence_store.services.commands import DecideRelease

from .. import operations
from ..models.format import code_text, date_text, datetime_text, quantity_text
from ..widgets.form import Form, field_errors
from ..widgets.submit_dialog import SubmitDialog
from .act_done import DONE_STYLE

REFUSAL_STYLE = "color: #c62828; font-weight: bold;"

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


class ReleaseApprovalDialog(SubmitDialog):
    """One prepared release. ``approve`` (the dialog's OK) / ``reject_release`` call the service as the signed-in
    commander, ``withdraw`` as the clerk who prepared it; a refusal (the same person, an item no longer in the
    warehouse) is shown above the buttons, a missing reason under the reason, and nothing is lost."""

    def __init__(self, ctx, number: str, parent: QWidget | None = None) -> None:
        result = operations.query(ctx, handovers.handover_detail, number, parent=parent)
        self.detail = result.value if result.ok else None
        self.act = _act(self.detail)
        super().__init__(ctx, _("Duyệt xuất kho — {record} {number}", record=_(RECORDS[self.act]), number=number),
                         parent, ok_text=_("Duyệt xuất kho"))
        self.number = number
        self.setMinimumWidth(720)
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
        self.error_label.setStyleSheet(REFUSAL_STYLE)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        # the reason, in the row of the buttons that need it; a missing one is said under it (field_errors)
        self.form = Form()
        self.form.grid.setContentsMargins(0, 0, 0, 0)
        self.form.grid.setColumnMinimumWidth(0, 0)
        self.reason = self.form.add("reason", "", QLineEdit())
        self.form.fields["reason"].label.hide()
        self.reason.setPlaceholderText(_("Lý do không duyệt (bắt buộc khi không duyệt)"))
        self.reject_button = QPushButton(_("Không duyệt…"))
        self.reject_button.clicked.connect(self.reject_release)
        self.approve_button = self.ok_button
        self.approve_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.withdraw_button = QPushButton(_("Rút phiếu xuất…"))
        self.withdraw_button.clicked.connect(self.withdraw)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setText(_("Đóng"))
        # one line, centred on the tallest button; a missing reason's text opens below the field, not the buttons
        buttons = QHBoxLayout()
        line = self.buttons.sizeHint().height()
        for widget, stretch in ((self.form, 1), (self.withdraw_button, 0), (self.reject_button, 0), (self.buttons, 0)):
            height = self.reason.sizeHint().height() if widget is self.form else widget.sizeHint().height()
            buttons.addWidget(_lowered(widget, max(0, (line - height) // 2)), stretch, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons)
        # the clerk who prepared it may withdraw it; a commander (another person) approves or refuses it
        actor = ctx.actor
        own = self.detail is not None and actor is not None and self.detail.created_by == actor.username
        may_decide = actor is not None and allowed(actor.roles, "approve_release") and not own
        for b in (self.reject_button, self.approve_button):
            b.setVisible(may_decide)
            b.setEnabled(self.detail is not None)
        self.withdraw_button.setVisible(own)
        self.form.setVisible(own or may_decide)
        if own:
            self.reason.setPlaceholderText(_("Lý do rút phiếu (bắt buộc khi rút)"))
        self.table.setFocus()  # opened on what leaves, as before; the reason is typed only to refuse or withdraw

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

    def on_error(self):
        """A missing reason under the reason; any other refusal (the same person, an item gone) above the buttons."""
        return field_errors(self.form, fallback=self.error_label)

    def submit(self):
        return self.approve()

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
            self.form.set_error("reason", missing)
            self.reason.setFocus()
            return None
        return self._decide(service, DecideRelease(self.number, reason=reason))

    def _decide(self, service, cmd: DecideRelease):
        self.form.clear_errors()
        self.error_label.hide()
        self._service = service
        return self.result_changes if self.run(service, cmd) else None

    def done_with(self, changes) -> None:
        """Decided: the dialog stays open on what was decided (``result_changes`` holds the changes)."""
        self._done(DONE_TEXTS[self._service.__name__])

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
        self.error_label.setStyleSheet(DONE_STYLE)
        self.error_label.setText(_(msgid, record=_(RECORDS[self.act]), number=self.number, n=n, codes=codes,
                                   receiver=who))
        self.error_label.show()
        for b in (self.approve_button, self.reject_button, self.withdraw_button, self.form):
            b.hide()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

def _lowered(widget: QWidget, by: int) -> QWidget:
    """``widget`` in a holder that keeps ``by`` pixels above it."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, by, 0, 0)
    column.addWidget(widget)
    return holder


def _act(detail) -> str:
    """release | transfer_out | deposit | entrust (services.release_approval.act_of, from the record's view)."""
    if detail is None or detail.kind == "release":
        return "release"
    if detail.kind == "transfer":
        return "transfer_out"
    return "entrust" if detail.details.get("mode") == "entrust" else "deposit"
