"""Pieces the lifecycle dialogs and screens share: a basis-document section, multi-line name lists, and a
dialog that runs one service call and shows a refusal at its field (the service's message, word for word).
The person section is in person_fields, the agency pickers in agency_pickers."""

from __future__ import annotations


from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QScrollArea, QSplitter, QVBoxLayout, QWidget

from evidence_store.describe import document_label
from evidence_store.domain.document_words import NUMBER_EXAMPLES
from evidence_store.domain.errors import DomainError, NotFound
from evidence_store.i18n import N_, _
from evidence_store.error_texts import message
from evidence_store.services import queries
from evidence_store.services.commands import DocumentInput

from .. import operations
from ..context import AppContext
from ..models.format import code_text
from ..scan_router import not_a_location
from ..scan_value import receives_scan
from ..widgets.form import Form, date_edit, field_errors, line_edit
from ..widgets.submit_dialog import SubmitDialog
from .agency_pickers import agency_combo, select_data
from .person_fields import person_values, clear_person, fill_person_fields
from evidence_store.domain import chronology


def lines_edit(placeholder: str, height: int = 64) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(height)
    edit.setTabChangesFocus(True)
    return edit


def lines_of(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


def kind_combo(kinds) -> QComboBox:
    """The document kinds, their full names in the open list. Closed, the box is as wide as the form gives it: sized
    to its longest name (541 px) it pushed the disposal form past its pane at 1366×768, the fields and the refusal
    cut on the right (issue 17); the chosen name is in the tooltip too."""
    box = _NamedCombo()
    for kind in kinds:
        box.addItem(document_label(str(kind)), str(kind))
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(24)
    box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)  # the open list shows names whole
    return box


class _NamedCombo(QComboBox):
    """Its tooltip is the chosen item's whole name, read when the tooltip shows (forms refill the list with their
    signals blocked)."""

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            self.setToolTip(self.currentText())
        return super().event(event)


def add_document(form: Form, prefix: str, agencies, *, number_label: str, kinds=None, required: bool = True,
                 issuer_kinds=None, number_hint: str = "") -> None:
    """Fields ``<prefix>_kind`` (when several kinds fit), ``_number``, ``_date``, ``_issuer``, ``_signer``,
    ``_signer_title``."""
    if kinds and len(kinds) > 1:
        form.add(f"{prefix}_kind", _("Loại văn bản"), kind_combo(kinds))
    number = form.add(f"{prefix}_number", number_label, line_edit(number_hint), required=required)
    number.setProperty("fallback_hint", number_hint)
    if kinds and len(kinds) > 1:
        form.widget(f"{prefix}_kind").currentIndexChanged.connect(lambda *_a: show_number_example(form, prefix))
        show_number_example(form, prefix)
    elif kinds:
        number.setPlaceholderText(number_example(str(next(iter(kinds))), number_hint))
    form.add(f"{prefix}_date", _("Ngày ban hành"), date_edit())
    form.add(f"{prefix}_issuer", _("Cơ quan ban hành"), agency_combo(agencies, _("— Chọn cơ quan —"), issuer_kinds),
             required=required)
    form.add(f"{prefix}_signer", _("Người ký"), line_edit(), required=required)
    form.add(f"{prefix}_signer_title", _("Chức vụ người ký"), line_edit(_("VD: Thủ trưởng")))


def number_example(kind: str | None, fallback: str = "") -> str:
    """«VD: 12/2026/HS-ST» for a judgment, «VD: 15/QĐ-CTHADS» for a return decision… (domain.document_words)."""
    example = NUMBER_EXAMPLES.get(kind or "")
    return _("VD: {number}", number=example) if example else fallback


def show_number_example(form: Form, prefix: str) -> None:
    """The number field's example follows the document kind chosen: a judgment's number was hinted «VD: 20/QĐ-…»
    (issue 17). A form that refills its kinds with signals blocked calls this itself."""
    number = form.widget(f"{prefix}_number")
    kind = form.value(f"{prefix}_kind") if f"{prefix}_kind" in form.fields else None
    number.setPlaceholderText(number_example(kind, number.property("fallback_hint") or ""))


def set_document_visible(form: Form, prefix: str, visible: bool) -> None:
    for key in list(form.fields):
        if key.startswith(prefix + "_"):
            form.set_visible(key, visible)


def document_input(form: Form, prefix: str, kind: str | None = None) -> DocumentInput | None:
    """The document as typed, or None when its number is empty."""
    number = form.value(f"{prefix}_number")
    if not number:
        return None
    if f"{prefix}_kind" in form.fields:
        kind = form.value(f"{prefix}_kind")
    return DocumentInput(kind, number, form.value(f"{prefix}_date"), form.value(f"{prefix}_issuer"),
                         form.value(f"{prefix}_signer"), form.value(f"{prefix}_signer_title"))


def check_document_date(form: Form, prefix: str) -> bool:
    if form.fields[f"{prefix}_date"].widget.isVisibleTo(form) and form.value(f"{prefix}_date") > chronology.today():
        form.set_error(f"{prefix}_date", _("Ngày văn bản không được ở tương lai"))
        return False
    return True


AGENCY_KINDS = {"police": N_("Cơ quan điều tra (Công an)"), "procuracy": N_("Viện kiểm sát"), "court": N_("Tòa án"),
                "enforcement": N_("Cơ quan thi hành án dân sự"), "treasury": N_("Kho bạc Nhà nước"),
                "military": N_("Bộ Chỉ huy quân sự"), "finance": N_("Cơ quan tài chính"), "other": N_("Cơ quan khác")}
MOVES = {"release_temporary": N_("tạm xuất"), "return": N_("nhận lại"), "deposit": N_("gửi bảo quản"),
         "entrust": N_("giao bảo quản"), "recall": N_("nhập lại kho"), "transfer_out": N_("chuyển kho"),
         "dispose": N_("xử lý vật chứng"), "incident": N_("ghi nhận sự cố"), "found": N_("tìm thấy lại"),
         "transfer_responsibility": N_("chuyển giao trách nhiệm"), "entrusted_check": N_("kiểm tra định kỳ")}


def readable(error: DomainError) -> str:
    """The service's sentence, with the codes it carries (state, category, kind…) in words."""
    from evidence_store.describe import category_label, location_kind_label, state_label
    from evidence_store.domain.categories import LOCATION_KIND_LABELS
    from ..models.format import stage_label
    p = dict(error.params)
    for key in ("state", "outcome"):
        if key in p:
            p[key] = state_label(str(p[key]))
    if "category" in p:
        p["category"] = category_label(str(p["category"]))
    if "stage" in p:
        p["stage"] = stage_label(str(p["stage"]))
    if p.get("move") in MOVES:
        p["move"] = _(MOVES[p["move"]])
    if "basis" in p:
        p["basis"] = document_label(str(p["basis"]))
    for key in ("kind", "agency"):
        value = str(p.get(key, ""))
        if value in {str(k) for k in LOCATION_KIND_LABELS} and key == "kind":
            p[key] = location_kind_label(value)
        elif value in AGENCY_KINDS:
            p[key] = _(AGENCY_KINDS[value])
    return message(type(error)(error.code, **p))


def field_hook(form: Form, aliases: dict | None = None, fallback: QLabel | None = None):
    """The lifecycle forms' ``on_error``: ui.widgets.form.field_errors with the codes a refusal carries in words."""
    return field_errors(form, aliases, fallback, text=readable)


def scroll_form(form: Form) -> QScrollArea:
    """The form at the top of a scroll area (its rows keep their height when there is room left)."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 6, 0)
    column.addWidget(form)
    column.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    # a pane narrower than the form scrolls sideways; the fields' right side was cut before (HANDS-ON 39)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    scroll.setWidget(holder)
    return scroll


def form_pane_width(scroll: QScrollArea) -> int:
    """The width at which the scrolled form shows whole, without a sideways scroll bar."""
    return (scroll.widget().minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
            + 2 * scroll.frameWidth())


def split_table_and_form(table: QWidget, form_pane: QWidget, scroll: QScrollArea) -> QSplitter:
    """The scan table beside its form: the form keeps the width it needs, the table takes the rest."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(table)
    splitter.addWidget(form_pane)
    splitter.setStretchFactor(0, 1)
    splitter.setStretchFactor(1, 0)
    splitter.setChildrenCollapsible(False)
    need = form_pane_width(scroll)
    splitter.setSizes([max(400, 1180 - need), need])
    return splitter


class LifecycleDialog(SubmitDialog):
    """One lifecycle action on some items: a form, Thực hiện / Hủy. ``submit`` builds the command
    and calls ``run``; a refusal stays in the dialog, at its field or in the red line above the buttons."""

    aliases: dict = {}

    def __init__(self, ctx: AppContext, title: str, codes, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent)
        self.codes = tuple(codes)
        self.form = Form()
        self.form.submitted.connect(self.submit)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.hide()
        self.heading = QLabel(self._heading_text())
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setWordWrap(True)
        scroll = scroll_form(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        self.intro_layout = QVBoxLayout()
        layout.addLayout(self.intro_layout)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.resize(720, 640)

    def _heading_text(self) -> str:
        shown = ", ".join(code_text(c) for c in self.codes[:6])
        more = _(" và {n} vật chứng khác", n=len(self.codes) - 6) if len(self.codes) > 6 else ""
        return _("Vật chứng: {codes}", codes=shown + more) if self.codes else ""

    def note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setStyleSheet("color: #37474f; padding: 4px 0;")
        self.intro_layout.addWidget(label)
        return label

    def on_error(self):
        return field_hook(self.form, self.aliases, self.error_label)

    def run(self, fn, command) -> bool:
        self.error_label.hide()
        return super().run(fn, command)

    def validate(self) -> bool:
        return self.form.check_required()

    @receives_scan
    def take_location(self, scan, key: str = "location") -> bool:
        """A scanned shelf fills the location field; any other scan is refused at the field (it is kept out of
        the field: a wrong code there would only be refused again when saving)."""
        if scan.is_location:
            self.form.set_error(key, "")
            self.form.widget(key).setText(str(scan))
        else:
            self.form.set_error(key, not_a_location(scan))
        return True


def item_details(ctx: AppContext, codes) -> list:
    out = []
    for code in codes:
        result = operations.query(ctx, queries.item_by_code, code, events=0,
                                  on_error=lambda e: isinstance(e, NotFound))
        if result.ok:
            out.append(result.value)
    return out


def case_line(form: Form) -> QLabel:
    """A line at the top of an act's form naming the case of the scanned items: its number, its name (Tên vụ
    án, HANDS-ON 14) and its officer. Hidden while the batch is empty or spans several cases."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #333; padding: 2px 0 6px 0;")
    label.setObjectName("case_line")
    label.hide()
    form.add_row(label)
    return label


class Prefiller:
    """Fills a person section with what the records already know about the scanned batch (HANDS-ON 14, 38)
    without ever overwriting what the clerk typed: a section is refilled only while it is empty or still
    shows the previous prefill."""

    def __init__(self, ctx, form: Form, prefix: str, case_label: QLabel | None = None) -> None:
        from evidence_store.services.lookups import ActPrefill
        self.ctx, self.form, self.prefix, self.case_label = ctx, form, prefix, case_label
        self.known = ActPrefill()
        self._codes: tuple = ()
        self._filled = None  # the section's values right after our last prefill

    def load(self, codes) -> None:
        from evidence_store.services import lookups
        codes = tuple(codes)
        if codes != self._codes:
            result = operations.query(self.ctx, lookups.act_prefill, codes)
            self.known = result.value if result.ok else lookups.ActPrefill()
            self._codes = codes
        if self.case_label is not None:
            k = self.known
            text = _("Vụ án {number}", number=k.case_number) + (f" — {k.case_title}" if k.case_title else "")
            if k.officer is not None:
                text += " · " + _("cán bộ thụ lý: {name}", name=k.officer.full_name)
            self.case_label.setText(text)
            self.case_label.setVisible(bool(k.case_number))

    def untouched(self) -> bool:
        values = person_values(self.form, self.prefix)
        return all(v in ("", None) for v in values) or values == self._filled

    def apply(self, known: dict | None) -> None:
        """``known``: {"row": PersonRow, "agency": id} for a registry person, {"name", "id", "address"} for
        one known only by the item (the owner), {"agency": id} alone, or None (nothing known)."""
        if not self.untouched():
            return
        agency_key = f"{self.prefix}_agency"
        if self._filled is not None or not known:
            clear_person(self.form, self.prefix)
        if known and known.get("row") is not None:
            fill_person_fields(self.form, self.prefix, known["row"])
        elif known and known.get("name"):
            for suffix in ("name", "id", "address"):
                key = f"{self.prefix}_{suffix}"
                if key in self.form.fields:
                    self.form.widget(key).setText(known.get(suffix) or "")
        if known and known.get("agency") is not None and agency_key in self.form.fields:
            select_data(self.form.widget(agency_key), known["agency"])
        if known and known.get("row") is not None:  # the agency chosen now is part of the pick
            picked = self.form.__dict__.get("picked_persons", {}).get(self.prefix)
            if picked:
                self.form.picked_persons[self.prefix] = (picked[0], person_values(self.form, self.prefix))
        self._filled = person_values(self.form, self.prefix) if known else None
