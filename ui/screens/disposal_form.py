"""Đề xuất xử lý vật chứng: the outcome with what the law wants recorded for it (BLTTHS Điều 106;
Luật THADS Điều 124–126; ND 62/2015 Điều 33), on a decision whose issuing agency must fit the case's
stage. Outcomes that do not fit the items' category (cash cannot be destroyed) are offered greyed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QVBoxLayout, QWidget

from evidence_store.describe import agency_kinds_text, category_label, document_label
from evidence_store.domain.authority import disposal_documents
from evidence_store.domain.categories import CATEGORIES
from evidence_store.domain.states import DISPOSAL_OUTCOMES, Doc, State
from evidence_store.i18n import N_, _
from evidence_store.services import case_authority, disposal
from evidence_store.services.commands import DocumentInput, PersonInput
from evidence_store.services.commands import ProposeDisposal

from .. import operations
from ..models.format import context_label
from ..widgets.form import FORM_MAX_WIDTH, Form, date_edit, line_edit
from ..widgets.submit_dialog import SubmitDialog
from .lifecycle_forms import item_details, show_number_example
from .lifecycle_forms import (scroll_form, add_document, check_document_date, document_input, field_hook, lines_edit,
                              lines_of)
from .agency_pickers import agency_combo, fill_agencies, load_agencies, select_data

OUTCOME_TITLES = {
    State.RETURNED: N_("Trả lại chủ sở hữu / người quản lý hợp pháp"),
    State.CONFISCATED: N_("Tịch thu sung công (giao cơ quan tài chính)"),
    State.DESTROYED: N_("Tiêu hủy (Hội đồng tiêu hủy)"),
    State.SOLD: N_("Bán (tiền nộp tài khoản tạm giữ)"),
    State.HANDED_TO_SPECIALIST: N_("Giao cơ quan chuyên ngành"),
}
AGENCY_KIND_LABELS = {"police": N_("Cơ quan điều tra"), "procuracy": N_("Viện kiểm sát"), "court": N_("Tòa án"),
                      "enforcement": N_("Cơ quan thi hành án dân sự")}
ALIASES = {"wrong_authority": "decision_issuer", "wrong_basis": "decision_kind", "outcome_not_for_category": "outcome",
           "invalid_outcome": "outcome", "recipient": "recipient_name", "recipient_identity_required": "recipient_id",
           "wrong_receiving_agency": "receiving_agency", "council_decision": "council_number",
           "decision": "decision_issuer",
           # issue #11: who may decide what
           "issuer_not_competent": "decision_issuer", "issuer_required": "decision_issuer",
           "disposal_not_dismissing_body": "decision_issuer", "disposal_needs_enforcement_decision": "decision_kind",
           "disposal_wrong_document": "decision_kind", "sale_not_perishable": "outcome",
           "disposal_needs_dismissal_or_judgment": "outcome", "specialist_not_for_category": "outcome",
           "specialist_needs_examination": "exam_number", "specialist_wrong_receiver": "receiving_agency",
           "confiscation_wrong_receiver": "receiving_agency", "return_not_owner": "recipient_name",
           "council_required": "council_number", "council_chair_required": "council_chair",
           "council_finance_required": "council_finance_agency", "council_supervisor_required": "supervisor_agency",
           "act_before_basis": "decision_date"}
# outcome → the form keys shown for it
OUTCOME_FIELDS = {
    State.RETURNED: ("recipient_name", "recipient_id", "recipient_address", "notice", "notice_on", "receipt",
                     "authorisation_number", "authorisation_date"),
    State.CONFISCATED: ("receiving_agency",),
    State.HANDED_TO_SPECIALIST: ("receiving_agency", "exam_number", "exam_date", "exam_issuer", "exam_signer",
                                 "exam_signer_title"),
    State.DESTROYED: ("council_number", "council_date", "council_issuer", "council_signer",
                      "council_signer_title", "council_chair", "council_finance_agency", "council_finance_member",
                      "council_members", "supervisor", "supervisor_agency", "method", "witnesses"),
    State.SOLD: ("proceeds", "holding_account", "buyer"),
}


class ProposalForm(QWidget):
    """The proposal's fields; ``propose(codes)`` runs disposal.propose_disposal."""

    proposed = Signal(object)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.items = ctx, []
        self.agencies = load_agencies(ctx)
        self.form = f = Form()
        f.setMaximumWidth(FORM_MAX_WIDTH)
        self.outcome = f.add("outcome", _("Hình thức xử lý"), QComboBox())
        for state in DISPOSAL_OUTCOMES:
            self.outcome.addItem(_(OUTCOME_TITLES[state]), state.value)
        self.unfit = QLabel()
        self.unfit.setWordWrap(True)
        self.unfit.setStyleSheet("color: #8a6d00;")
        f.add_row(self.unfit)
        self.not_now = QLabel()
        self.not_now.setWordWrap(True)
        self.not_now.setStyleSheet("color: #b00020;")
        self.not_now.hide()
        self.authority = QLabel()
        self.authority.setWordWrap(True)
        self.authority.setStyleSheet("background: #e3f2fd; border-left: 4px solid #1565c0; padding: 6px;")
        f.add_row(self.authority)
        f.add_row(self.not_now)
        add_document(f, "decision", self.agencies, number_label=_("Số quyết định / bản án"),
                     kinds=sorted(disposal.DISPOSAL_DOCS))
        f.add("recipient_name", _("Người nhận lại *"), line_edit())
        f.add("recipient_id", _("Số CCCD người nhận *"), line_edit(_("12 chữ số")))
        f.add("recipient_address", _("Địa chỉ"), line_edit())
        f.add("notice", _("Thông báo"), QCheckBox(_("Đã gửi thông báo trả lại")))
        f.add("notice_on", _("Ngày thông báo"), date_edit())
        f.add("receipt", _("Biên nhận / phiếu chi"), line_edit(_("VD: Đã nhận đủ, ký nhận")))
        f.add("authorisation_number", _("Giấy ủy quyền số"),
              line_edit(_("Khi người nhận không phải chủ sở hữu đã ghi (Điều 106.3 BLTTHS)")))
        f.add("authorisation_date", _("Ngày giấy ủy quyền"), date_edit())
        f.add("receiving_agency", _("Cơ quan nhận *"), agency_combo(self.agencies, _("— Chọn cơ quan —")))
        add_document(f, "exam", self.agencies, number_label=_("Số kết luận giám định *"),
                     kinds=(Doc.EXAMINATION_CONCLUSION.value,), required=False)
        add_document(f, "council", self.agencies, number_label=_("Số QĐ thành lập Hội đồng tiêu hủy *"),
                     kinds=(Doc.COUNCIL_DECISION.value,), required=False)
        f.add("council_chair", _("Chấp hành viên — Chủ tịch Hội đồng"), line_edit())
        f.add("council_finance_agency", _("Cơ quan tài chính cùng cấp"),
              agency_combo(self.agencies, _("— Chọn cơ quan —"), {"finance"}))
        f.add("council_finance_member", _("Đại diện cơ quan tài chính"), line_edit())
        f.add("council_members", _("Thành viên Hội đồng *"),
              lines_edit(_("Mỗi dòng một người; người đầu tiên là Chủ tịch Hội đồng"), 80))
        f.add("supervisor", _("Kiểm sát viên kiểm sát *"), line_edit())
        f.add("supervisor_agency", _("Viện kiểm sát kiểm sát"),
              agency_combo(self.agencies, _("— Chọn cơ quan —"), {"procuracy"}))
        for key in ("council_finance_agency", "supervisor_agency"):
            box = f.widget(key)
            if box.count() == 2:  # one agency of that kind: chosen (it was refused at «Gửi» left unchosen; issue 17)
                box.setCurrentIndex(1)
        f.add("method", _("Phương pháp tiêu hủy *"), line_edit(_("VD: đập vỡ, đốt")))
        f.add("witnesses", _("Người chứng kiến"), lines_edit(_("Mỗi dòng một người")))
        proceeds = QDoubleSpinBox()
        proceeds.setRange(0, 1e13)
        proceeds.setDecimals(0)
        proceeds.setGroupSeparatorShown(True)
        proceeds.setSuffix(" đ")
        f.add("proceeds", _("Số tiền bán được *"), proceeds)
        f.add("holding_account", _("Tài khoản tạm giữ *"), line_edit())
        f.add("buyer", _("Người mua"), line_edit())
        f.add("note", _("Ghi chú"), line_edit())
        f.add("place", _("Địa điểm"), line_edit())
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll_form(f), 1)
        layout.addWidget(self.error_label)
        # the decision kinds follow the outcome (domain.authority.disposal_documents, HANDS-ON 48); a kind the user
        # picked stays while it still fits
        self.kind_chosen = False
        f.widget("decision_kind").activated.connect(lambda *_a: setattr(self, "kind_chosen", True))
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self.outcome_chosen = False  # set once the user picks an outcome: a later scan does not change it
        self.outcome.activated.connect(lambda *_a: setattr(self, "outcome_chosen", True))
        f.widget("notice").toggled.connect(self._outcome_changed)
        self.set_items([])

    # -- the items decide what is offered -----------------------------------------------------------
    def set_items(self, items) -> None:
        self.items = list(items)
        model = self.outcome.model()
        self.unfit_for: dict[str, str] = {}  # outcome → the scanned categories it does not apply to
        for i in range(self.outcome.count()):
            state = State(self.outcome.itemData(i))
            unfit = sorted({category_label(d.category) for d in self.items
                            if d.category in CATEGORIES and state not in CATEGORIES[d.category].outcomes})
            if unfit:
                self.unfit_for[state.value] = ", ".join(unfit)
            row = model.item(i)
            row.setEnabled(not unfit)
            row.setToolTip(_("Không áp dụng cho: {categories}", categories=", ".join(unfit)) if unfit else "")
        refused = [self.outcome.itemText(i) for i in range(self.outcome.count()) if not model.item(i).isEnabled()]
        self.unfit.setText(_("Không áp dụng cho loại vật chứng đã quét (Điều 106 BLTTHS): {outcomes}",
                             outcomes="; ".join(refused)) if refused else "")
        self.unfit.setVisible(bool(refused))
        current = model.item(self.outcome.currentIndex())
        if current.isEnabled():
            self.form.set_error("outcome", "")
        elif self.outcome_chosen:  # the user's own choice stays, with the reason it cannot be used (HANDS-ON 48)
            self.form.set_error("outcome", self._unfit_reason())
        else:
            first = next((i for i in range(self.outcome.count()) if model.item(i).isEnabled()), 0)
            self.outcome.setCurrentIndex(first)
        self._show_authority()
        self._outcome_changed()

    def _unfit_reason(self) -> str:
        """Why the chosen outcome cannot be used for the scanned items (Điều 106 BLTTHS), or ""."""
        categories = getattr(self, "unfit_for", {}).get(self.outcome.currentData(), "")
        if not categories:
            return ""
        return _("«{outcome}» không áp dụng cho loại vật chứng đã quét: {categories} — hãy chọn hình thức khác",
                 outcome=self.outcome.currentText(), categories=categories)

    def offered(self) -> list[str]:
        model = self.outcome.model()
        return [self.outcome.itemData(i) for i in range(self.outcome.count()) if model.item(i).isEnabled()]

    def _show_authority(self) -> None:
        """Who decides now, from the case's milestones and the competence table (Điều 106 BLTTHS), and for the
        chosen outcome the reason it is not possible now, in the domain's words."""
        self.case_info = None
        if not self.items:
            self.authority.setText(_("Quét vật chứng để biết cơ quan có thẩm quyền quyết định xử lý."))
            return
        first = self.items[0]
        result = operations.query(self.ctx, case_authority.case_authority, first.case_id, parent=self)
        if not result.ok:
            return
        info = self.case_info = result.value
        kind = Doc.ENFORCEMENT_DECISION.value if info.stage == "enforcement" else Doc.DISPOSAL_DECISION.value
        kinds = info.issuers.get(kind, ())
        self.authority.setText(_("Thẩm quyền (Điều 106 BLTTHS) — giai đoạn <b>{stage}</b>: {document} của <b>{agency}</b>",
                                 stage=context_label(info.context), document=document_label(kind),
                                 agency=agency_kinds_text(kinds)))
        issuer = first.responsible_agency_id if any(a.id == first.responsible_agency_id and a.kind in kinds
                                                    for a in self.agencies) else None
        issuer = issuer or next((a.id for a in self.agencies if a.kind in kinds and a.parent_id is None), None)
        issuer = issuer or next((a.id for a in self.agencies if a.kind in kinds), None)
        if info.dismissed_by:
            issuer = info.dismissed_by
        if issuer is not None:
            select_data(self.form.widget("decision_issuer"), issuer)
            select_data(self.form.widget("council_issuer"), issuer)

    def _outcome_changed(self) -> None:
        state = State(self.outcome.currentData())
        for fields in OUTCOME_FIELDS.values():
            for key in fields:
                self.form.set_visible(key, False)
        for key in OUTCOME_FIELDS[state]:
            self.form.set_visible(key, True)
        self.form.set_visible("notice_on", state is State.RETURNED and self.form.value("notice"))
        info = getattr(self, "case_info", None)
        kinds = None
        if state is State.CONFISCATED:  # the receiver the category requires (Luật THADS Điều 124)
            kinds = {info.receivers.get(d.category, info.receivers.get("*", "finance")) for d in self.items} \
                if info is not None and self.items else {"finance"}
        elif state is State.HANDED_TO_SPECIALIST:
            kinds = {"specialised"}
        fill_agencies(self.form.widget("receiving_agency"), self.agencies, _("— Chọn cơ quan —"), kinds)
        self._offer_documents(state, info)
        reason = info.disposal.get(state.value, "") if info is not None else ""
        self.not_now.setText(_("Chưa thể thực hiện: {reason}", reason=reason) if reason else "")
        self.not_now.setVisible(bool(reason))

    def _offer_documents(self, state: State, info) -> None:
        """Only the decisions that authorise this outcome at the case's stage, the one made for it first: a return
        in enforcement defaults to the QĐ trả lại tài sản, a sale to the QĐ bán, never to the council's decision,
        which is asked for on its own (domain.authority.disposal_documents)."""
        box = self.form.widget("decision_kind")
        kinds = disposal_documents(state, info.stage if info is not None else None,
                                   judgment_effective=info is not None and info.judgment_effective_on is not None)
        previous = box.currentData()
        box.blockSignals(True)
        box.clear()
        for kind in kinds:
            box.addItem(document_label(kind), kind)
        box.blockSignals(False)
        if self.kind_chosen and previous in kinds:
            select_data(box, previous)
        else:
            self.kind_chosen = False
            box.setCurrentIndex(0)
        show_number_example(self.form, "decision")

    # -- the command ----------------------------------------------------------------------------------
    def validate(self) -> bool:
        f = self.form
        ok = f.check_required()
        state = State(self.outcome.currentData())
        if self._unfit_reason():
            f.set_error("outcome", self._unfit_reason())
            ok = False
        needed = {State.RETURNED: ("recipient_name", "recipient_id"), State.CONFISCATED: ("receiving_agency",),
                  State.HANDED_TO_SPECIALIST: ("receiving_agency",), State.SOLD: ("holding_account",),
                  State.DESTROYED: ("council_number", "council_issuer", "supervisor", "method")}[state]
        for key in needed:
            if f.value(key) in ("", None):
                f.set_error(key, _("Cần nhập {field}", field=f.fields[key].label.text().rstrip(" *").lower()))
                ok = False
        if state is State.DESTROYED and not lines_of(f.widget("council_members")):
            f.set_error("council_members", _("Cần ghi thành viên Hội đồng tiêu hủy"))
            ok = False
        if state is State.SOLD and not f.value("proceeds"):
            f.set_error("proceeds", _("Cần nhập số tiền bán được"))
            ok = False
        if state is State.RETURNED and f.value("recipient_id") and not f.value("recipient_id").isdigit():
            f.set_error("recipient_id", _("Số giấy tờ tùy thân chỉ gồm chữ số"))
            ok = False
        return check_document_date(f, "decision") and ok

    def command(self, codes) -> ProposeDisposal:
        f, state = self.form, State(self.outcome.currentData())
        v = lambda key: f.value(key) if f.fields[key].widget.isVisibleTo(f) else None  # noqa: E731
        recipient = PersonInput(full_name=f.value("recipient_name"), id_number=f.value("recipient_id"),
                                address=f.value("recipient_address")) if state is State.RETURNED else None
        authorisation = DocumentInput(Doc.AUTHORISATION.value, v("authorisation_number"), f.value("authorisation_date")) \
            if state is State.RETURNED and v("authorisation_number") else None
        destroyed = state is State.DESTROYED
        return ProposeDisposal(
            tuple(codes), state.value, document_input(f, "decision"), recipient=recipient,
            notice_on=f.value("notice_on") if v("notice") else None, receipt=v("receipt") or "",
            receiving_agency_id=v("receiving_agency"),
            council_decision=document_input(f, "council", Doc.COUNCIL_DECISION.value) if v("council_number") else None,
            council_members=lines_of(f.widget("council_members")) if state is State.DESTROYED else (),
            supervisor=v("supervisor") or "", method=v("method") or "",
            witnesses=tuple(PersonInput(full_name=n) for n in lines_of(f.widget("witnesses")))
            if state is State.DESTROYED else (),
            proceeds=v("proceeds") or None, holding_account=v("holding_account") or "", buyer=v("buyer") or "",
            note=f.value("note"), place=f.value("place"), authorisation=authorisation,
            examination_conclusion=document_input(f, "exam", Doc.EXAMINATION_CONCLUSION.value)
            if state is State.HANDED_TO_SPECIALIST else None,
            council_chair=(v("council_chair") or "") if destroyed else "",
            council_finance_agency_id=v("council_finance_agency") if destroyed else None,
            council_finance_member=(v("council_finance_member") or "") if destroyed else "",
            supervisor_agency_id=v("supervisor_agency") if destroyed else None)

    def reset(self) -> None:
        """After a proposal is sent: every typed field, the council's lines and the picks emptied, so the next
        proposal does not silently reuse this one's decision, recipient or items (issue 17, as HANDS-ON 36)."""
        from PySide6.QtWidgets import QPlainTextEdit
        f = self.form
        f.clear_texts()
        for field in f.fields.values():
            if isinstance(field.widget, QPlainTextEdit):
                field.widget.clear()
            elif isinstance(field.widget, QCheckBox):
                field.widget.setChecked(False)
            elif isinstance(field.widget, QDoubleSpinBox):
                field.widget.setValue(0)
        self.outcome_chosen = self.kind_chosen = False
        self.error_label.hide()
        self.set_items([])

    def propose(self, codes):
        """Run the proposal; returns the Changes, or None (the refusal is shown at its field or above
        the buttons, in the service's words)."""
        self.error_label.hide()
        if not self.validate():
            return None
        result = operations.perform(self.ctx, disposal.propose_disposal, self.command(codes), parent=self,
                                    on_error=field_hook(self.form, ALIASES, self.error_label))
        if result.ok:
            self.proposed.emit(result.value)
        return result.value if result.ok else None


class ProposalDialog(SubmitDialog):
    """From the item view: propose the disposal of these items. The proposal form (shared with the Xử lý screen)
    makes the call and shows its refusals; this dialog gives it the base's buttons."""

    def __init__(self, ctx, codes, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Đề xuất xử lý vật chứng"), parent, ok_text=_("Gửi đề xuất"))
        self.codes = tuple(codes)
        self.proposal = ProposalForm(ctx, self)
        self.proposal.set_items(item_details(ctx, self.codes))
        heading = QLabel(_("Vật chứng: {codes}", codes=", ".join(self.codes)))
        heading.setStyleSheet("font-weight: bold;")
        note = QLabel(_("Đề xuất cần Lãnh đạo (người khác người đề xuất) phê duyệt trước khi vật chứng được xử lý."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (heading, note):
            layout.addWidget(widget)
        layout.addWidget(self.proposal, 1)
        layout.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(760, 720)

    def submit(self) -> None:
        self.result_changes = self.proposal.propose(self.codes)
        if self.result_changes is not None:
            self.done_with(self.result_changes)
