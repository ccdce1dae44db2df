"""Gửi tiết kiệm không kỳ hạn tiền không có người nhận (Luật THADS Điều 126; services.unclaimed): 15 days after the
notice of the QĐ trả lại, the chấp hành viên (or the clerk) records the storekeeper handing the cash to the bank's
receiving person — bank, branch, savings book number, the amount, the bank's person, the real times. Reached from the
overdue «Tiền không có người nhận (15 ngày)» in Việc cần làm and from the item page. A refusal goes under its field;
once saved, the dialog offers the record to sign and print and the phiếu xuất kho (ui.screens.act_done)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from evidence_store.error_texts import message
from evidence_store.i18n import N_, _
from evidence_store.services import unclaimed
from evidence_store.services.commands import DepositSavings, PersonInput

from .. import operations
from ..context import AppContext
from ..models.format import code_text
from ..widgets.form import Form, datetime_edit, field_errors
from ..widgets.submit_dialog import SubmitDialog
from .act_done import RecordDone
from .disposal_carry_out import EndTimeEdit, _aware

# a refusal's field → the field shown here
FIELDS = {"savings_receiver_required": "receiver", "savings_keeper_required": "keeper"}


def _money(n: int | None) -> str:
    from evidence_store.domain.money import group_digits
    return group_digits(n) if n else ""


class SavingsDialog(RecordDone, SubmitDialog):
    done_text = N_("Đã giao {n} vật chứng cho ngân hàng gửi tiết kiệm")

    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Gửi tiết kiệm không kỳ hạn (không có người nhận) — {code}", code=code_text(code)),
                         parent, ok_text=_("Ghi việc gửi tiết kiệm"))
        self.code = code
        self.setMinimumWidth(680)
        result = operations.query(ctx, unclaimed.savings_form, code, parent=self)
        self.info = result.value if result.ok else None
        layout = QVBoxLayout(self)
        self.form = Form()
        self.form.submitted.connect(self.submit)
        if self.info is not None:
            layout.addWidget(self._heading())
            self._fields()
        layout.addWidget(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        possible = self.info is not None and self.info.refusal is None
        self.ok_button.setEnabled(possible)
        if self.info is not None and self.info.refusal is not None:  # not yet (the day given), or not this item
            self.error_label.setText(message(self.info.refusal))

    def _heading(self) -> QLabel:
        f = self.info
        notice = "/".join(reversed(f.notice_on.split("-"))) if f.notice_on else _("chưa ghi")
        due = f.due_on.strftime("%d/%m/%Y") if f.due_on else _("chưa có")
        label = QLabel(_("<b>{code}</b> — {name}{amount}<br>Người được nhận: {owner} · thông báo ngày {notice} "
                         "(biên bản trả lại {number}) · hết 15 ngày: {due}", code=code_text(f.code), name=f.name,
                         amount=f" · {_money(f.amount)} {f.currency or _('đồng')}" if f.amount else "",
                         owner=f.owner or _("chưa ghi"), notice=notice, number=f.return_number or "—", due=due))
        label.setWordWrap(True)
        self.heading = label
        return label

    def _fields(self) -> None:
        from evidence_store.formatting import now_in_zone
        self.bank = QLineEdit()
        self.bank.setPlaceholderText(_("VD: Ngân hàng TMCP Ngoại thương Việt Nam"))
        self.branch = QLineEdit()
        self.branch.setPlaceholderText(_("VD: Chi nhánh Hà Nội"))
        self.account = QLineEdit()
        self.amount = QLineEdit(_money(self.info.amount))
        self.amount.setToolTip(_("Tổng mệnh giá của vật chứng: số tiền giao ngân hàng phải đúng số tiền trong kho"))
        self.receiver_name, self.receiver_position, self.receiver_id = QLineEdit(), QLineEdit(), QLineEdit()
        self.receiver_position.setPlaceholderText(_("VD: Giao dịch viên"))
        self.keeper = QComboBox()  # the warehouse's storekeepers: a person of the registry gives, not a name typed
        self.keeper.addItem(_("— chọn thủ kho —"), None)
        for person_id, name in self.info.storekeepers:
            self.keeper.addItem(name, person_id)
        self.place = QLineEdit()
        self.place.setPlaceholderText(_("Để trống: tại ngân hàng, chi nhánh đã ghi"))
        # to the minute: the end offered from it must not carry hidden seconds past "now" (end_in_future)
        self.started = datetime_edit(now_in_zone().replace(second=0, microsecond=0))
        self.ended = EndTimeEdit(self.started)
        amount = _("Số tiền gửi ({currency})", currency=self.info.currency or _("đồng"))
        for key, label, widget in (
                ("bank", _("Ngân hàng"), self.bank), ("branch", _("Chi nhánh / phòng giao dịch"), self.branch),
                ("account", _("Số sổ tiết kiệm / tài khoản"), self.account), ("amount", amount, self.amount),
                ("receiver", _("Người nhận của ngân hàng (họ tên)"), self.receiver_name),
                ("receiver_position", _("Chức vụ"), self.receiver_position),
                ("receiver_id", _("Số CCCD"), self.receiver_id)):
            self.form.add(key, label, widget)
        if "clerk" not in self.ctx.actor.roles:  # the enforcer records it: the storekeeper who gives is named
            self.form.add("keeper", _("Thủ kho giao tiền"), self.keeper)
        self.form.add("place", _("Địa điểm"), self.place)
        self.form.add("started_at", _("Bắt đầu hồi"), self.started)
        self.form.add("ended_at", _("Kết thúc hồi"), self.ended)

    def command(self) -> DepositSavings:
        digits = "".join(ch for ch in self.amount.text() if ch.isdigit())
        receiver = PersonInput(full_name=self.receiver_name.text().strip(),
                               position=self.receiver_position.text().strip(),
                               id_number=self.receiver_id.text().strip()) if self.receiver_name.text().strip() else None
        keeper = PersonInput(id=self.keeper.currentData()) if self.keeper.currentData() else None
        return DepositSavings(self.code, self.bank.text().strip(), self.branch.text().strip(),
                              self.account.text().strip(), int(digits) if digits else None, receiver,
                              _aware(self.started), _aware(self.ended) if self.ended.entered() else None,
                              keeper=keeper, place=self.place.text().strip())

    def on_error(self):
        return field_errors(self.form, FIELDS, self.error_label)

    def submit(self):
        if self.info is None or self.info.refusal is not None or getattr(self, "number", ""):
            return None
        self.form.clear_errors()
        self.error_label.clear()
        return self.result_changes if self.run(unclaimed.deposit_savings, self.command()) else None


def savings_action(view, item) -> None:
    """The item page's «Gửi tiết kiệm (không có người nhận)…»: for money in the warehouse whose 15 days from the
    return notice are running, to a user who records disposals — enabled from the day the law allows, greyed before
    it with the day (the service's own refusal)."""
    from datetime import date

    from evidence_store.domain.errors import TransitionRefused
    from evidence_store.domain.permissions import allowed
    from evidence_store.domain.unclaimed import MONEY
    roles = view.ctx.actor.roles if view.ctx.actor else ()
    due = next((d.due_on for d in item.deadlines if d.kind == "unclaimed_money" and not d.closed), None)
    if due is None or item.state != "in_storage" or item.category not in MONEY or not allowed(roles, "record_disposal"):
        return
    button = view._action_button("savings")
    button.setText(_("Gửi tiết kiệm (không có người nhận)…"))
    early = due > date.today()
    reason = message(TransitionRefused("savings_too_early", date=due.strftime("%d/%m/%Y"))) if early else ""
    button.setEnabled(not early)
    button.setToolTip(reason)
    button.setAccessibleDescription(reason)
    (view.unavailable_buttons if early else view.action_buttons)["savings"] = button
