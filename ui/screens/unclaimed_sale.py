"""Bán tài sản không có người nhận (Luật THADS Điều 126; Điều 98–101: by auction): 3 months after the notice of the QĐ
trả lại, the chấp hành viên proposes the sale on the QĐ bán — price, buyer or auction organisation, and the savings
deposit the proceeds go to (bank and branch, book number: required on this path). Reached from the overdue «Tài sản
không có người nhận (3 tháng)» in Việc cần làm and from the item page. The proposal waits for the commander's
approval; the sale is then carried out (the buyer's representative named) from Xử lý, as every disposal."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from evidence_store.domain.states import Doc
from evidence_store.i18n import _
from evidence_store.services import disposal, unclaimed
from evidence_store.services.commands import ProposeDisposal

from ..context import AppContext
from ..models.format import code_text
from ..widgets.form import field_errors
from ..widgets.submit_dialog import SubmitDialog
from .agency_pickers import load_agencies, select_data
from .lifecycle_forms import add_document, check_document_date, document_input
from .unclaimed_savings import unclaimed_action, unclaimed_form

# a refusal's field → the field shown here
FIELDS = {"holding_account": "account", "proceeds": "price", "buyer": "buyer", "decision": "decision_number",
          "savings_bank": "bank"}


class UnclaimedSaleDialog(SubmitDialog):
    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Bán tài sản không có người nhận — {code}", code=code_text(code)), parent,
                         ok_text=_("Lập đề xuất bán"))
        unclaimed_form(self, ctx, unclaimed.sale_form, code, lambda: self._fields(ctx))

    def _heading(self) -> QLabel:
        f = self.info
        notice = "/".join(reversed(f.notice_on.split("-"))) if f.notice_on else _("chưa ghi")
        label = QLabel(_("<b>{code}</b> — {name}<br>Người được nhận: {owner} · thông báo ngày {notice} (biên bản trả "
                         "lại {number}) · hết 3 tháng: {due}", code=code_text(f.code), name=f.name,
                         owner=f.owner or _("chưa ghi"), notice=notice, number=f.return_number or "—",
                         due=f.due_on.strftime("%d/%m/%Y") if f.due_on else _("chưa có")))
        label.setWordWrap(True)
        self.heading = label
        return label

    def _fields(self, ctx) -> None:
        add_document(self.form, "decision", load_agencies(ctx), number_label=_("Quyết định bán số"),
                     kinds={Doc.SALE_DECISION}, issuer_kinds={"enforcement"})
        if ctx.actor is not None and ctx.actor.agency_id:  # the chấp hành viên's own THADS decides the sale
            select_data(self.form.widget("decision_issuer"), ctx.actor.agency_id)
        self.price, self.buyer, self.bank, self.account = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.buyer.setPlaceholderText(_("VD: Công ty Đấu giá hợp danh Hà Nội"))
        self.bank.setPlaceholderText(_("VD: Ngân hàng TMCP Ngoại thương Việt Nam – Chi nhánh Hà Nội"))
        for key, label, widget in ((("price"), _("Giá bán (đồng)"), self.price),
                                   ("buyer", _("Người mua / tổ chức đấu giá"), self.buyer),
                                   ("bank", _("Ngân hàng gửi tiết kiệm tiền bán"), self.bank),
                                   ("account", _("Số sổ tiết kiệm / tài khoản"), self.account)):
            self.form.add(key, label, widget)

    def command(self) -> ProposeDisposal:
        digits = "".join(ch for ch in self.price.text() if ch.isdigit())
        return ProposeDisposal((self.code,), "sold", document_input(self.form, "decision", Doc.SALE_DECISION.value),
                               proceeds=float(digits) if digits else None, buyer=self.buyer.text().strip(),
                               holding_account=self.account.text().strip(), unclaimed=True,
                               savings_bank=self.bank.text().strip())

    def on_error(self):
        return field_errors(self.form, FIELDS, self.error_label)

    def submit(self):
        if self.info is None or self.info.refusal is not None or self.result_changes is not None:
            return None
        self.form.clear_errors()
        self.error_label.clear()
        if not check_document_date(self.form, "decision"):
            return None
        return self.result_changes if self.run(disposal.propose_disposal, self.command()) else None

    def done_with(self, changes) -> None:
        """Proposed: it waits for the commander; the dialog says so and closes on «Đóng»."""
        self.form.setEnabled(False)
        for edit in self.form.findChildren(QLineEdit):  # an example in an empty, greyed field read as a value
            if not edit.text():
                edit.setPlaceholderText("")
        self.error_label.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.error_label.setText(_("Đã lập đề xuất bán {number}: chờ lãnh đạo phê duyệt, rồi thực hiện việc bán (Xử "
                                   "lý vật chứng)", number=changes.handover_number))
        self.ok_button.setVisible(False)
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(_("Đóng"))


def sale_action(view, item) -> None:
    """«Bán tài sản không có người nhận…»: property whose 3 months from the return notice are running."""
    unclaimed_action(view, item, "unclaimed_sale", "unclaimed_property", False,
                     _("Bán tài sản không có người nhận…"), "unclaimed_sale_too_early")


UNCLAIMED_KEYS = ("savings", "unclaimed_sale")


def unclaimed_actions(view, item) -> None:
    """The item page's acts of Luật THADS Điều 126: money → savings, property → sale."""
    from .unclaimed_savings import savings_action
    savings_action(view, item)
    sale_action(view, item)


def unclaimed_dialog(ctx, key: str, code: str, parent=None):
    from .unclaimed_savings import SavingsDialog
    return SavingsDialog(ctx, code, parent) if key == "savings" else UnclaimedSaleDialog(ctx, code, parent)
