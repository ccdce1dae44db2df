"""Nhập kho wizard, steps 1–3: the case, the intake order (lệnh nhập kho) and seizure record,
and the person handing the items over."""

from __future__ import annotations


from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QVBoxLayout, QWidget

from evidence_store.domain.states import Doc
from evidence_store.i18n import N_, _
from evidence_store.services import browse
from evidence_store.services.commands import CaseInput, DocumentInput, PersonInput

from evidence_store.domain.identity import cccd_problem, id_number_problem

from .. import operations
from ..widgets.form import FORM_MAX_WIDTH, Form, date_edit, line_edit
from ..widgets.person_picker import PersonPicker
from .lifecycle_forms import number_example
from evidence_store.domain import chronology


ID_PROBLEMS = {
    "not_digits": N_("Số CCCD / CMND chỉ gồm chữ số (hộ chiếu: một chữ cái và 7–8 chữ số)"),
    "cccd_length": N_("Số CCCD phải có đủ 12 chữ số (CMND cũ: 9 chữ số)"),
    "id_required": N_("Cần nhập số căn cước"),
    "cccd_province": N_("Số CCCD không hợp lệ: 3 chữ số đầu không phải mã tỉnh, thành phố"),
}


def check_id_number(form, key: str, rule=id_number_problem) -> bool:
    """CCCD 12 digits with a province code, CMND 9 digits or a passport (domain.identity); ``rule``: a stricter one
    (the deliverer's căn cước: ``cccd_problem``)."""
    problem = rule(form.value(key))
    if problem is None:
        return True
    form.set_error(key, _(ID_PROBLEMS[problem]))
    form.widget(key).setFocus()
    return False


class Step(QWidget):
    """One page of the wizard. ``submitted`` (Enter on the last field) asks for the next step."""

    title = ""
    submitted = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 8, 0, 0)
        self.form = Form()
        self.form.setMaximumWidth(FORM_MAX_WIDTH)
        self.form.enter_submits_when_complete = False  # the wizard walks field by field (HANDS-ON 11, 37)
        self.form.submitted.connect(self.submitted.emit)
        self.layout_.addWidget(self.form)

    def enter(self) -> None:
        self.form.focus_first()

    def validate(self) -> bool:
        return self.form.check_required()

    def add_note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet("color: palette(dark); padding: 4px 0;")
        self.layout_.addWidget(label)
        return label


def agency_combo(agencies, placeholder: str) -> QComboBox:
    box = QComboBox()
    box.addItem(placeholder, None)
    for a in agencies:
        box.addItem(a.name, a.id)
    return box


def load_agencies(ctx) -> list:
    result = operations.query(ctx, browse.agencies)
    return result.value if result.ok else []


class CaseStep(Step):
    title = N_("Vụ án")

    def __init__(self, ctx, agencies, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.existing = None
        f = self.form
        self.number = f.add("case_number", _("Số vụ án"), line_edit(_("VD: 125/2026/CSHS")), required=True)
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(completer.caseSensitivity().CaseInsensitive)
        self.number.setCompleter(completer)
        self.number.textEdited.connect(self._suggest)
        self.number.editingFinished.connect(self._match)
        self.found = QLabel()
        self.found.setStyleSheet("color: #2e7d32; font-weight: bold;")
        self.found.setWordWrap(True)  # name, offence and agency ran off the right edge at 1366 px
        f.add_row(self.found)
        f.add("case_title", _("Tên vụ án"), line_edit())
        f.add("offence", _("Tội danh"), line_edit(_("VD: Trộm cắp tài sản (Điều 173 BLHS)")), required=True)
        agency_box = f.add("handling_agency", _("Cơ quan thụ lý"), agency_combo(agencies, _("— Chọn cơ quan —")),
                           required=True)
        # the responsible officer of the case (issue 13): the investigator who sees and acts on it
        self.officer = f.add("officer", _("Cán bộ thụ lý"), QComboBox())
        agency_box.currentIndexChanged.connect(lambda _i: self._fill_officers(agency_box.currentData()))
        self._fill_officers(None)
        f.add("opened_on", _("Ngày khởi tố"), date_edit())
        self.add_note(_("Nhập số vụ án đã có để chọn, hoặc số mới để tạo vụ án."))
        self.layout_.addStretch(1)
        self._show_new(True)

    def _fill_officers(self, agency_id) -> None:
        from evidence_store.services import responsibility
        self.officer.clear()
        self.officer.addItem(_("— Chưa phân công —"), None)
        if agency_id:
            result = operations.query(self.ctx, responsibility.officers_of, agency_id)
            for person_id, label in (result.value if result.ok else []):
                self.officer.addItem(label, person_id)

    def _cases(self, text: str):
        result = operations.query(self.ctx, browse.case_page, browse.CaseQuery(text=text), 0, 20)
        return result.value if result.ok else []

    def _suggest(self, text: str) -> None:
        self.completions.setStringList([c.number for c in self._cases(text.strip())] if len(text) >= 1 else [])

    def _match(self) -> None:
        number = self.number.text().strip()
        self.existing = next((c for c in self._cases(number) if c.number == number), None) if number else None
        self._show_new(self.existing is None)
        if self.existing:
            c = self.existing
            self.found.setText(_("Vụ án đã có: {title} — {offence} ({agency})", title=c.title or c.number,
                                 offence=c.offence, agency=c.handling_agency))

    def _show_new(self, new: bool) -> None:
        self.found.setVisible(not new)
        for key in ("case_title", "offence", "handling_agency", "officer", "opened_on"):
            self.form.set_visible(key, new)

    def validate(self) -> bool:
        self._match()
        return self.form.check_required()

    def case_input(self) -> tuple[int | None, CaseInput | None]:
        if self.existing is not None:
            return self.existing.id, None
        v = self.form.values()
        return None, CaseInput(v["case_number"], title=v["case_title"], offence=v["offence"],
                               handling_agency_id=v["handling_agency"], officer_id=v.get("officer"),
                               opened_on=v["opened_on"])

    def summary(self) -> str:
        return self.number.text().strip()


class OrderStep(Step):
    title = N_("Lệnh nhập kho")

    def __init__(self, ctx, agencies, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        f = self.form
        f.add("order_number", _("Số lệnh nhập kho"), line_edit(number_example(Doc.INTAKE_ORDER.value)), required=True)
        f.add("order_date", _("Ngày lệnh"), date_edit())
        f.add("issuing_agency", _("Cơ quan ra lệnh"), agency_combo(agencies, _("— Chọn cơ quan —")), required=True)
        f.add("signer_name", _("Người ký lệnh"), line_edit(), required=True)
        f.add("signer_title", _("Chức vụ người ký"), line_edit(_("VD: Phó Thủ trưởng")))
        # the initial seizure record the order comes with (ND 142/2024 Điều 14: required, printed on the record)
        f.add("seizure_number", _("Số biên bản thu giữ ban đầu"), line_edit(number_example(Doc.SEIZURE_RECORD.value)),
              required=True)
        f.add("seizure_date", _("Ngày lập biên bản thu giữ"), date_edit())
        f.add("seizure_issuer", _("Cơ quan lập biên bản thu giữ"), agency_combo(agencies, _("— Chọn cơ quan —")),
              required=True)
        self.layout_.addStretch(1)

    def validate(self) -> bool:
        if not self.form.check_required():
            return False
        for key, text in (("order_date", _("Ngày lệnh không được ở tương lai")),
                          ("seizure_date", _("Ngày lập biên bản thu giữ không được ở tương lai"))):
            if self.form.value(key) > chronology.today():
                self.form.set_error(key, text)
                return False
        return True

    def document(self) -> DocumentInput:
        v = self.form.values()
        return DocumentInput(Doc.INTAKE_ORDER.value, v["order_number"], v["order_date"], v["issuing_agency"],
                             v["signer_name"], v["signer_title"])

    def seizure_record(self) -> DocumentInput:
        v = self.form.values()
        return DocumentInput(Doc.SEIZURE_RECORD.value, v["seizure_number"], v["seizure_date"], v["seizure_issuer"])


class GiverStep(Step):
    title = N_("Người giao")

    def __init__(self, ctx, agencies, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        f = self.form
        f.add("giver_name", _("Họ tên người giao"), line_edit(), required=True)
        f.add("rank", _("Cấp bậc"), line_edit(_("VD: Đại úy")))
        f.add("position", _("Chức vụ"), line_edit(_("VD: Điều tra viên")))
        f.add("giver_agency", _("Đơn vị"), agency_combo(agencies, _("— Chọn đơn vị —")), required=True)
        # ND 142/2024 Điều 14: the deliverer's căn cước and his unit's giấy giới thiệu (required, printed)
        f.add("id_number", _("Số căn cước (CCCD)"), line_edit(_("12 chữ số")), required=True)
        f.add("letter_number", _("Số giấy giới thiệu"), line_edit(_("VD: 15/GGT-PC02")), required=True)
        f.add("letter_date", _("Ngày giấy giới thiệu"), date_edit())
        f.add("phone", _("Điện thoại"), line_edit())
        self.add_note(_("Gõ vài chữ của họ tên (có dấu hay không dấu) để chọn người đã có trong danh bạ."))
        self.layout_.addStretch(1)
        self.picker = PersonPicker(ctx, self.form.widget("giver_name"), self.fill_person)

    def fill_person(self, p) -> None:
        """A known person picked from the registry: his rank, position, unit, ID and phone."""
        f = self.form
        f.widget("rank").setText(p.rank)
        f.widget("position").setText(p.position)
        f.widget("id_number").setText(p.id_number)
        f.widget("phone").setText(getattr(p, "phone", ""))
        box = f.widget("giver_agency")
        index = box.findData(p.agency_id)
        if index >= 0:
            box.setCurrentIndex(index)

    def validate(self) -> bool:
        if not self.form.check_required():
            return False
        if self.form.value("letter_date") > chronology.today():
            self.form.set_error("letter_date", _("Ngày giấy giới thiệu không được ở tương lai"))
            return False
        return check_id_number(self.form, "id_number", cccd_problem)

    def person(self) -> PersonInput:
        v = self.form.values()
        return PersonInput(full_name=v["giver_name"], rank=v["rank"], position=v["position"],
                           agency_id=v["giver_agency"], id_number=v["id_number"], phone=v["phone"],
                           letter_number=v["letter_number"], letter_on=v["letter_date"])
