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
from ..widgets.seal_check import SealCheck
from ..widgets.submit_dialog import SubmitDialog
from .act_done import RecordDone
from .disposal_carry_out import EndTimeEdit, _aware
from evidence_store.domain import chronology

# a refusal's field → the field shown here
FIELDS = {"savings_receiver_required": "receiver", "savings_keeper_required": "keeper"}


def _money(n: int | None) -> str:
    from evidence_store.domain.money import group_digits
    return group_digits(n) if n else ""


def unclaimed_form(dialog, ctx: AppContext, query, code: str, fields) -> None:
    """Both unclaimed dialogs (savings, sale): the service's facts on top (``dialog._heading``), the fields, and the
    refusal that stands now — not yet, with the day it becomes possible, or not this item — under them."""
    dialog.code = code
    dialog.setMinimumWidth(680)
    result = operations.query(ctx, query, code, parent=dialog)
    dialog.info = result.value if result.ok else None
    layout = QVBoxLayout(dialog)
    dialog.form = Form()
    dialog.form.submitted.connect(dialog.submit)
    if dialog.info is not None:
        layout.addWidget(dialog._heading())
        fields()
    for widget in (dialog.form, dialog.error_label, dialog.buttons):
        layout.addWidget(widget)
    dialog.ok_button.setEnabled(dialog.info is not None and dialog.info.refusal is None)
    if dialog.info is not None and dialog.info.refusal is not None:
        dialog.error_label.setText(message(dialog.info.refusal))


class SavingsDialog(RecordDone, SubmitDialog):
    done_text = N_("Đã giao {n} vật chứng cho ngân hàng gửi tiết kiệm")

    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Gửi tiết kiệm không kỳ hạn (không có người nhận) — {code}", code=code_text(code)),
                         parent, ok_text=_("Ghi việc gửi tiết kiệm"))
        unclaimed_form(self, ctx, unclaimed.savings_form, code, self._fields)

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
        # the seal looked at as the money leaves for the bank, stated, never assumed (ND 142/2024 Điều 11)
        self.seals = SealCheck(((self.info.code, self.info.name, self.info.seal_number),)
                               if self.info.seal_number else ())
        if self.info.seal_number:
            self.form.add("seal_states", _("Niêm phong"), self.seals)

    def command(self) -> DepositSavings:
        digits = "".join(ch for ch in self.amount.text() if ch.isdigit())
        receiver = PersonInput(full_name=self.receiver_name.text().strip(),
                               position=self.receiver_position.text().strip(),
                               id_number=self.receiver_id.text().strip()) if self.receiver_name.text().strip() else None
        keeper = PersonInput(id=self.keeper.currentData()) if self.keeper.currentData() else None
        return DepositSavings(self.code, self.bank.text().strip(), self.branch.text().strip(),
                              self.account.text().strip(), int(digits) if digits else None, receiver,
                              _aware(self.started), _aware(self.ended) if self.ended.entered() else None,
                              keeper=keeper, place=self.place.text().strip(), seal_states=self.seals.states())

    def on_error(self):
        return field_errors(self.form, FIELDS, self.error_label)

    def submit(self):
        if self.info is None or self.info.refusal is not None or getattr(self, "number", ""):
            return None
        self.form.clear_errors()
        self.error_label.clear()
        return self.result_changes if self.run(unclaimed.deposit_savings, self.command()) else None


def unclaimed_action(view, item, key: str, deadline: str, money: bool, label: str, too_early: str) -> None:
    """An item page's act of Luật THADS Điều 126 (``key``: «Gửi tiết kiệm…» for money, «Bán tài sản…» for property)
    while its limit from the return notice (``deadline``) runs, to a user who records disposals — enabled from the
    day the law allows, greyed before it with the day (the service's own refusal ``too_early``)."""

    from evidence_store.domain.errors import TransitionRefused
    from evidence_store.domain.permissions import allowed
    from evidence_store.domain.unclaimed import MONEY
    roles = view.ctx.actor.roles if view.ctx.actor else ()
    due = next((d.due_on for d in item.deadlines if d.kind == deadline and not d.closed), None)
    if due is None or item.state != "in_storage" or (item.category in MONEY) != money or \
            not allowed(roles, "record_disposal"):
        return
    button = view._action_button(key)
    button.setText(label)
    early = due > chronology.today()
    reason = message(TransitionRefused(too_early, date=due.strftime("%d/%m/%Y"))) if early else ""
    button.setEnabled(not early)
    button.setToolTip(reason)
    button.setAccessibleDescription(reason)
    (view.unavailable_buttons if early else view.action_buttons)[key] = button


def savings_action(view, item) -> None:
    """«Gửi tiết kiệm (không có người nhận)…»: money whose 15 days from the return notice are running."""
    unclaimed_action(view, item, "savings", "unclaimed_money", True, _("Gửi tiết kiệm (không có người nhận)…"),
                     "savings_too_early")
