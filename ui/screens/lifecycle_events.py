"""Sự cố (mất / hư hỏng, ND 142/2024 Art 11), tìm thấy lại, and đính chính — a correction points at
an event of the timeline and never edits it (DESIGN §4)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from evidence_store.describe import describe_event
from evidence_store.domain import lifecycle_rules
from evidence_store.domain.errors import NotFound
from evidence_store.domain.moves import authorising_documents
from evidence_store.domain.states import Doc, Move
from evidence_store.i18n import N_, _
from evidence_store.services import corrections, incidents, queries
from evidence_store.services.commands import RecordCorrection, RecordFound, RecordIncident

from .. import operations
from ..models.format import datetime_text, number_text
from ..widgets.form import line_edit
from .lifecycle_forms import LifecycleDialog, add_document, check_document_date, document_input
from .agency_pickers import load_agencies

CORRECTABLE_LABELS = lifecycle_rules.CORRECTABLE_LABELS


class IncidentDialog(LifecycleDialog):
    aliases = {"wrong_basis": "report_number"}

    def __init__(self, ctx, codes, parent=None) -> None:
        super().__init__(ctx, _("Ghi nhận sự cố vật chứng"), codes, parent)
        self.note(_("Mất hoặc hư hỏng vật chứng phải lập biên bản và báo cáo (Nghị định 142/2024 Điều 11)."))
        f = self.form
        kind = QComboBox()
        for key, label in lifecycle_rules.INCIDENT_KINDS.items():
            kind.addItem(_(label), key)
        f.add("kind", _("Sự cố"), kind)
        f.add("description", _("Mô tả sự việc"), line_edit(), required=True)
        add_document(f, "report", load_agencies(ctx), number_label=_("Số biên bản sự cố"))

    def submit(self) -> None:
        f = self.form
        if not (self.validate() and check_document_date(f, "report")):
            return
        self.run(incidents.record_incident, RecordIncident(self.codes, f.value("kind"),
                                                           document_input(f, "report", Doc.INCIDENT_REPORT.value),
                                                           f.value("description")))


class FoundDialog(LifecycleDialog):
    aliases = {"wrong_location_kind": "location", "location_not_found": "location"}

    def __init__(self, ctx, codes, parent=None) -> None:
        super().__init__(ctx, _("Tìm thấy lại vật chứng"), codes, parent)
        f = self.form
        f.add("location", _("Vị trí"), line_edit(_("Quét hoặc gõ mã vị trí")), required=True)
        f.add("condition", _("Tình trạng"), line_edit(_("Để trống nếu không thay đổi")))
        add_document(f, "report", load_agencies(ctx), number_label=_("Số biên bản"),
                     kinds=sorted(authorising_documents(Move.FOUND)))

    def handle_scan(self, scan) -> bool:
        return self.take_location(scan)

    def submit(self) -> None:
        f = self.form
        if not (self.validate() and check_document_date(f, "report")):
            return
        self.run(incidents.record_found, RecordFound(self.codes, document_input(f, "report"), f.value("location"),
                                                     f.value("condition")))


class CorrectionDialog(LifecycleDialog):
    """Pick the event to correct, the field and its corrected value, and the reason."""

    aliases = {"event_not_found": "event", "no_corrections": "value", "field_required": "value",
               "invalid_quantity": "value"}

    def __init__(self, ctx, codes, parent=None) -> None:
        super().__init__(ctx, _("Đính chính thông tin vật chứng"), codes[:1], parent)
        result = operations.query(ctx, queries.item_by_code, self.codes[0], events=500, parent=self,
                                  on_error=lambda e: isinstance(e, NotFound))
        self.item = result.value if result.ok else None
        self.note(_("Đính chính không sửa lịch sử: một sự kiện mới ghi giá trị đúng và trỏ về sự kiện bị đính "
                    "chính; sự kiện gốc vẫn hiển thị."))
        f = self.form
        self.event = f.add("event", _("Sự kiện cần đính chính"), QComboBox())
        for e in reversed(self.item.events if self.item else ()):
            if e.kind != "correction":
                self.event.addItem(f"#{e.seq} · {datetime_text(e.occurred_at)} · {describe_event(e)}", e.seq)
        self.field_box = f.add("field", _("Thông tin đính chính"), QComboBox())
        for key, label in CORRECTABLE_LABELS.items():
            self.field_box.addItem(_(label), key)
        self.current = QLabel()
        self.current.setStyleSheet("color: #555;")
        f.add_row(self.current)
        f.add("value", _("Giá trị đúng"), line_edit(), required=True)
        f.add("reason", _("Lý do đính chính"), line_edit(), required=True)
        add_document(f, "doc", load_agencies(ctx), number_label=_("Số văn bản đính chính"), required=False,
                     kinds=(Doc.CORRECTION_NOTE.value, Doc.OTHER.value))
        self.field_box.currentIndexChanged.connect(self._show_current)
        self._show_current()

    def _show_current(self) -> None:
        key = self.field_box.currentData()
        value = getattr(self.item, key, "") if self.item else ""
        if key == "quantity":
            value = number_text(value)
        self.current.setText(_("Giá trị hiện tại: {value}", value=value or "—"))

    def select_event(self, seq: int) -> None:
        index = self.event.findData(seq)
        if index >= 0:
            self.event.setCurrentIndex(index)

    def submit(self) -> None:
        f = self.form
        if not self.validate():
            return
        if self.event.currentData() is None:
            f.set_error("event", _("Chưa chọn sự kiện"))
            return
        value = f.value("value")
        if f.value("field") == "quantity":
            value = value.replace(".", "").replace(",", ".")
        doc = document_input(f, "doc")
        self.run(corrections.record_correction, RecordCorrection(self.event.currentData(), {f.value("field"): value},
                                                                 f.value("reason"), document=doc))
