"""Biện pháp thí điểm NQ 164/2024/QH15 on one item (LEGAL-RULES R36; services.pilot): each measure offered only
when the domain allows it now, the others listed with the domain's reason; the decision of the body handling the
case is entered with its issuer from the agency registry, and the measure runs through the act it reuses (a
disposal proposal for refund, guarantee and sale; a deposit; an entrustment; a recorded suspension)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox

from evidence_store.domain.lifecycle_rules import CUSTODIAN_KINDS
from evidence_store.domain.pilot import Measure
from evidence_store.error_texts import message
from evidence_store.i18n import N_, _
from evidence_store.services import custody, disposal, pilot
from evidence_store.services.commands import DepositItems, EntrustItems, PersonInput, ProposeDisposal

from .. import operations
from ..widgets.form import line_edit
from ..widgets.seal_check import SealCheck, sealed_of
from .agency_pickers import agency_combo, load_agencies
from .lifecycle_forms import LifecycleDialog, add_document, check_document_date, document_input
from .person_fields import add_person, person_input, set_person_visible

TITLE = N_("Biện pháp thí điểm NQ 164/2024/QH15")
# the fields each measure shows (besides the decision)
FIELDS = {
    Measure.REFUND: ("victim",),
    Measure.GUARANTEE: ("owner", "guarantee_amount", "holding_account", "guarantee_receipt"),
    Measure.SALE: ("proceeds", "holding_account", "buyer"),
    Measure.BANK_DEPOSIT: ("keeper", "receiver", "account", "seal_states"),
    Measure.USE: ("custodian", "custodian_kind", "address", "seal_states"),  # handed over: its seal looked at
    Measure.SUSPEND: ("registry", "note"),
    pilot.LIFT: ("note",),
}
PERSONS = ("victim", "owner", "receiver", "custodian")


def load_options(ctx, code: str, parent=None) -> list:
    result = operations.query(ctx, pilot.options, code, parent=parent)
    return list(result.value) if result.ok else []


def options_text(options) -> str:
    """One line per measure: possible now, or the domain's reason."""
    lines = []
    for o in options:
        lines.append(_("• {measure}: có thể áp dụng khi có quyết định của cơ quan đang thụ lý vụ án",
                       measure=_(o.label)) if o.refusal is None
                     else _("• {measure}: {reason}", measure=_(o.label), reason=message(o.refusal)))
    return "<br>".join(lines)


def _money() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0, 1e13)
    box.setDecimals(0)
    box.setGroupSeparatorShown(True)
    box.setSuffix(" đ")
    return box


class PilotMeasureDialog(LifecycleDialog):
    aliases = {"decision": "decision_number", "recipient": "victim_name", "custodian": "custodian_name",
               "receiver": "receiver_name", "keeper": "keeper"}

    def __init__(self, ctx, item, options, parent=None) -> None:
        super().__init__(ctx, _(TITLE), [item.code], parent)
        self.item = item
        self.options = list(options)
        self.note(options_text(self.options))
        agencies = load_agencies(ctx)
        f = self.form
        measure = QComboBox()
        for o in self.options:
            if o.refusal is None:
                measure.addItem(_(o.label), o.measure)
        f.add("measure", _("Biện pháp"), measure, required=True)
        add_document(f, "decision", agencies, number_label=_("Số quyết định áp dụng biện pháp"),
                     number_hint=_("VD: 12/QĐ-ADBP"))
        add_person(f, "victim", agencies, _("Bị hại nhận tiền"), agency=False, id_required=True, address=True)
        add_person(f, "owner", agencies, _("Chủ sở hữu nhận lại tài sản"), agency=False, id_required=True)
        f.widget("owner_name").setText(item.owner_name or "")
        f.widget("owner_id").setText(item.owner_id_number or "")
        f.add("guarantee_amount", _("Số tiền chủ sở hữu đã nộp"), _money(), required=True)
        f.add("holding_account", _("Tài khoản tạm giữ"), line_edit(), required=True)
        f.add("guarantee_receipt", _("Chứng từ nộp tiền"), line_edit(_("VD: Giấy nộp tiền số 15")), required=True)
        f.add("proceeds", _("Số tiền bán được"), _money(), required=True)
        f.add("buyer", _("Người mua / nhận chuyển nhượng"), line_edit())
        f.add("keeper", _("Kho bạc nhận tiền"), agency_combo(agencies, _("— Chọn Kho bạc —"), {"treasury"}),
              required=True)
        add_person(f, "receiver", agencies, _("Người nhận thay mặt Kho bạc"), agency=False, letter=True)
        f.add("account", _("Tài khoản tạm giữ"), line_edit())
        # the seal looked at as the item is handed to the Kho bạc or to the one who will manage and use it (ND 142/2024
        # Điều 11; TT 135/2018/TT-BTC; NQ 164/2024/QH15)
        self.seals = SealCheck(sealed_of([item]))
        f.add("seal_states", _("Niêm phong"), self.seals)
        add_person(f, "custodian", agencies, _("Người, cơ quan nhận quản lý, sử dụng"), agency=False)
        kinds = QComboBox()
        for key, label in CUSTODIAN_KINDS.items():
            kinds.addItem(_(label), key)
        f.add("custodian_kind", _("Bên nhận là"), kinds)
        f.add("address", _("Nơi quản lý, sử dụng"), line_edit())
        f.add("registry", _("Cơ quan đăng ký được thông báo"), line_edit(_("VD: Phòng CSGT Công an TP Hà Nội")),
              required=True)
        f.add("note", _("Ghi chú"), line_edit())
        measure.currentIndexChanged.connect(self._measure_changed)
        self._measure_changed()

    def measure(self) -> str | None:
        return self.form.value("measure") or None

    def _measure_changed(self) -> None:
        shown = set(FIELDS.get(self.measure(), ()))
        for key in ("guarantee_amount", "holding_account", "guarantee_receipt", "proceeds", "buyer", "keeper",
                    "account", "custodian_kind", "address", "registry", "note", "seal_states"):
            self.form.set_visible(key, key in shown and (key != "seal_states" or bool(self.seals.broken)))
        for prefix in PERSONS:
            set_person_visible(self.form, prefix, prefix in shown)

    def validate(self) -> bool:
        return super().validate() and check_document_date(self.form, "decision")

    def submit(self) -> None:
        measure = self.measure()
        if measure is None or not self.validate():
            return
        f, codes = self.form, self.codes
        decision = document_input(f, "decision", "pilot_decision")
        if measure == Measure.REFUND:
            self.run(disposal.propose_disposal, ProposeDisposal(codes, "returned", decision,
                                                                recipient=person_input(f, "victim"),
                                                                pilot_measure=measure))
        elif measure == Measure.GUARANTEE:
            self.run(disposal.propose_disposal, ProposeDisposal(
                codes, "returned", decision, recipient=person_input(f, "owner"), pilot_measure=measure,
                guarantee_amount=f.value("guarantee_amount") or None, holding_account=f.value("holding_account"),
                guarantee_receipt=f.value("guarantee_receipt")))
        elif measure == Measure.SALE:
            self.run(disposal.propose_disposal, ProposeDisposal(
                codes, "sold", decision, proceeds=f.value("proceeds") or None,
                holding_account=f.value("holding_account"), buyer=f.value("buyer"), pilot_measure=measure))
        elif measure == Measure.BANK_DEPOSIT:
            self.run(custody.deposit_items, DepositItems(codes, f.value("keeper"), decision,
                                                         receiver=person_input(f, "receiver"),
                                                         account=f.value("account"),
                                                         seal_states=self.seals.states()))
        elif measure == Measure.USE:
            custodian = person_input(f, "custodian") or PersonInput(full_name="")
            self.run(custody.entrust_items, EntrustItems(codes, custodian, f.value("custodian_kind"), decision,
                                                         address=f.value("address"),
                                                         seal_states=self.seals.states()))
        elif measure == Measure.SUSPEND:
            self.run(pilot.suspend_transactions, pilot.SuspendTransactions(codes, decision, f.value("registry"),
                                                                           note=f.value("note")))
        else:  # cancel the suspension in force
            self.run(pilot.lift_suspension, pilot.LiftSuspension(codes, decision, note=f.value("note")))
