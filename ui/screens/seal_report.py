"""«Báo niêm phong rách, mất»: a seal found torn or missing outside a hand-over — the clerk notices it on the shelf,
during a check or an audit (BLTTHS Điều 90.3; ND 142/2024 Điều 11). What was found, when, the person who witnessed
it (he signs the incident record: BLTTHS Điều 133); services.seals.report_broken_seal opens the incident record
(BB-SC), reported to the agency handling the case, and the item counts as unsealed until it is sealed again. After
the act the dialog stays open on the record: view and sign it, print it (ui.screens.act_done)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QComboBox, QDateTimeEdit

from evidence_store.formatting import from_wall_time, now_in_zone
from evidence_store.i18n import N_, _
from evidence_store.services import printing, seals
from evidence_store.services.commands import PersonInput

from ..models.format import code_text
from ..widgets.form import datetime_edit, line_edit
from .act_done import RecordDone
from .agency_pickers import load_agencies
from .lifecycle_forms import LifecycleDialog, item_details, lines_edit
from .person_fields import add_person, attach_person_picker, check_id_number, person_input

# where the seal was found torn (services.seals.WITNESSED_FINDINGS: both need a witness who signs)
FOUND_DURING = (("check", N_("Kiểm tra tại vị trí cất giữ")), ("audit", N_("Kiểm kê kho")))


def wall_time(edit: QDateTimeEdit) -> datetime:
    """The wall time typed (the warehouse's zone), as an aware time: the service stores UTC."""
    q = edit.dateTime()
    d, t = q.date(), q.time()
    return from_wall_time(datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()))


class SealReportDialog(RecordDone, LifecycleDialog):
    """One item (or a few) whose seal was found torn or missing: the incident record, then its paper."""

    done_text = N_("Đã lập biên bản sự cố niêm phong của {n} vật chứng")
    aliases = {"description_required": "description", "incident_witness_required": "witness_name",
               "unknown_found_during": "found_during"}

    def __init__(self, ctx, codes, parent=None) -> None:
        super().__init__(ctx, _("Báo niêm phong bị rách, mất"), codes, parent)
        self.items = item_details(ctx, self.codes)
        seals_text = "; ".join(_("{code}: niêm phong số {seal}", code=code_text(i.code), seal=i.seal_number or "—")
                               for i in self.items)
        agencies = sorted({i.responsible_agency for i in self.items if i.responsible_agency})
        self.note(_("Niêm phong phát hiện bị rách, mất hoặc có dấu hiệu bóc mở ngoài việc giao nhận phải lập biên bản "
                    "sự cố có người chứng kiến ký và báo cáo cơ quan đang thụ lý (Điều 90 BLTTHS; Điều 11 Nghị định "
                    "142/2024/NĐ-CP). Sau khi báo, vật chứng được coi là chưa niêm phong cho đến khi được niêm phong "
                    "lại."))
        self.note(_("Niêm phong: {seals}", seals=seals_text)
                  + ("<br>" + _("Báo cáo: {agency}", agency=", ".join(agencies)) if agencies else ""))
        f = self.form
        found = QComboBox()
        for key, label in FOUND_DURING:
            found.addItem(_(label), key)
        f.add("found_during", _("Phát hiện khi"), found)
        self.moment = f.add("occurred_at", _("Thời điểm phát hiện"),
                            datetime_edit(now_in_zone().replace(second=0, microsecond=0)))
        self.moment_offered = self.moment.dateTime()  # left as offered: "now", to the second, as the service takes it
        self.description = f.add("description", _("Tình trạng phát hiện"),
                                 lines_edit(_("VD: giấy niêm phong bị rách một góc, chữ ký không còn nguyên vẹn")))
        add_person(f, "witness", load_agencies(ctx), _("Người chứng kiến"), address=True)
        attach_person_picker(ctx, f, "witness")
        f.add("related", _("Biên bản kiểm kê số"), line_edit(_("Nếu phát hiện khi kiểm kê (không bắt buộc)")))
        found.currentIndexChanged.connect(self._found_changed)
        self._found_changed()

    def _found_changed(self, *_args) -> None:
        self.form.set_visible("related", self.form.value("found_during") == "audit")

    def validate(self) -> bool:
        ok = super().validate()
        if not self.description.toPlainText().strip():
            self.form.set_error("description", _("Cần mô tả tình trạng niêm phong khi phát hiện"))
            ok = False
        return ok and check_id_number(self.form, "witness", self.ctx)

    def command(self) -> seals.ReportBrokenSeal | None:
        """What the dialog sends, or None (with the field's error) when the form is not complete."""
        if not self.validate():
            return None
        witness: PersonInput | None = person_input(self.form, "witness")
        if witness is None:
            return None
        f = self.form
        related = f.value("related") if f.value("found_during") == "audit" else ""
        return seals.ReportBrokenSeal(self.codes, f.value("found_during"), self.description.toPlainText().strip(),
                                      witness=witness, related_handover=related,
                                      occurred_at=None if self.moment.dateTime() == self.moment_offered
                                      else wall_time(self.moment))

    def submit(self) -> None:
        cmd = self.command()
        if cmd is not None:
            self.run(seals.report_broken_seal, cmd)

    def done_with(self, changes) -> None:
        """The record's number and its paper: a biên bản sự cố, not a biên bản giao nhận."""
        super().done_with(changes)
        if not getattr(self, "number", ""):
            return
        self.description.setPlaceholderText("")
        self.error_label.setText(_(self.done_text, n=len(changes.item_codes)) + " — " + _(
            "biên bản sự cố số {number}. Người chứng kiến và người lập ký biên bản; niêm phong lại vật chứng bằng "
            "biên bản niêm phong.", number=self.number))
        self.print_button.setText(_("In biên bản sự cố"))

    def print_record(self):
        from .previews import preview
        return preview(self.ctx, printing.handover_pdf, self.number, _("Biên bản sự cố {number}", number=self.number),
                       f"{self.number.replace('/', '-')}.pdf", self)
