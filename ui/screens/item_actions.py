"""The in-warehouse actions of the item view: move to a location (scan the shelf) and seal,
unseal or reseal (ND 127/2017: every unsealing and resealing names its participants)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QCheckBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from evidence_store.domain.agencies import sector
from evidence_store.i18n import N_, _
from evidence_store.services import storage
from evidence_store.services.commands import DocumentInput, MoveItems, PersonInput, SealItems

from ..context import AppContext
from ..models.format import code_text
from ..scan_router import not_a_location
from ..scan_value import Scan, receives_scan
from ..widgets.form import date_edit
from ..widgets.submit_dialog import SubmitDialog
from .agency_pickers import agency_combo, load_agencies

SEAL_TITLES = {"seal": N_("Niêm phong vật chứng"), "unseal": N_("Mở niêm phong"), "reseal": N_("Niêm phong lại")}
# an example reason that fits each act (ND 127/2017): why one seals, opens, or seals again
SEAL_REASON_EXAMPLES = {
    "seal": N_("VD: niêm phong vật chứng mới thu giữ để bảo quản"),
    "unseal": N_("VD: mở niêm phong để giám định theo trưng cầu"),
    "reseal": N_("VD: niêm phong lại sau khi giám định xong"),
}


class _ActionDialog(SubmitDialog):
    """A small form that runs one service call on one item; a refusal naming a field is shown under the form. Each
    subclass defines ``submit`` (the OK button calls it), building its command and calling ``run``."""

    def __init__(self, ctx: AppContext, title: str, code: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent)
        self.code = code
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        heading = QLabel(_("Vật chứng {code}", code=code_text(code)))
        heading.setStyleSheet("font-weight: bold")
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)


class MoveDialog(_ActionDialog):
    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Chuyển vị trí"), code, parent)
        self.location = QLineEdit()
        self.location.setPlaceholderText(_("Quét hoặc gõ mã vị trí"))
        self.over_capacity = QCheckBox(_("Cho phép vượt sức chứa của vị trí"))
        self.form.addRow(_("Vị trí mới"), self.location)
        self.form.addRow("", self.over_capacity)

    @receives_scan
    def handle_scan(self, scan: Scan) -> bool:
        """A scanned shelf is the new location (saved at once); any other scan is refused here."""
        if not scan.is_location:
            self.error_label.setText(not_a_location(scan))
            return True
        self.location.setText(str(scan))
        self.submit()
        return True

    def submit(self) -> None:
        if not self.location.text().strip():
            self.error_label.setText(_("Cần nhập mã vị trí"))
            return
        self.run(storage.move_items, MoveItems((self.code,), self.location.text().strip(),
                                               allow_over_capacity=self.over_capacity.isChecked()))


class SealDialog(_ActionDialog):
    def __init__(self, ctx: AppContext, code: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _(SEAL_TITLES[action]), code, parent)
        self.action = action
        agencies = load_agencies(ctx)
        procedural = {a.kind for a in agencies if sector(a.kind) is not None}  # bodies conducting proceedings
        self.seal_number = QLineEdit()
        self.seal_number.setPlaceholderText(_("VD: 000124/NP-PC02"))
        self.request_number = QLineEdit()
        self.request_number.setPlaceholderText(_("VD: 12/YC-CSHS"))
        self.request_date = date_edit()
        self.request_issuer = agency_combo(agencies, _("— Cơ quan yêu cầu —"),
                                           procedural)
        self.organiser = QLineEdit()
        self.organiser_position = QLineEdit()
        self.organiser_position.setPlaceholderText(_("VD: Điều tra viên"))
        self.organiser_agency = agency_combo(agencies, _("— Đơn vị —"), procedural)
        self.witness = QLineEdit()
        self.witness.setPlaceholderText(_("Người chứng kiến hoặc đại diện chính quyền xã, phường"))
        self.participants = QPlainTextEdit()
        self.participants.setPlaceholderText(_("Mỗi dòng một người: họ tên, chức vụ"))
        self.participants.setFixedHeight(60)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_(SEAL_REASON_EXAMPLES[action]))
        if action != "unseal":
            self.form.addRow(_("Số niêm phong"), self.seal_number)
        self.form.addRow(_("Văn bản yêu cầu số"), self.request_number)
        self.form.addRow(_("Ngày văn bản"), self.request_date)
        self.form.addRow(_("Cơ quan yêu cầu"), self.request_issuer)
        self.form.addRow(_("Người tổ chức (người tiến hành tố tụng)"), self.organiser)
        self.form.addRow(_("Chức vụ người tổ chức"), self.organiser_position)
        self.form.addRow(_("Đơn vị người tổ chức"), self.organiser_agency)
        self.form.addRow(_("Người chứng kiến"), self.witness)
        self.form.addRow(_("Người tham gia khác"), self.participants)
        self.form.addRow(_("Lý do"), self.reason)

    def done_with(self, changes) -> None:
        """Sealed: the record's number, and its two papers to print — the biên bản niêm phong and the giấy niêm
        phong to stick on the package (ND 127/2017 Điều 3.3); "Đóng" closes. Unsealed: closes at once."""
        if self.action == "unseal" or not changes.handover_number:
            self.accept()
            return
        self.number = changes.handover_number
        for i in range(self.form.rowCount()):
            for role in (QFormLayout.ItemRole.FieldRole, QFormLayout.ItemRole.LabelRole):
                item = self.form.itemAt(i, role)
                if item is not None and item.widget() is not None:
                    item.widget().setEnabled(False)
        self.error_label.setStyleSheet("color: #1b5e20; font-weight: bold")
        self.error_label.setText(_("Đã niêm phong — biên bản niêm phong số {number}. In giấy niêm phong để dán lên "
                                   "kiện, rồi ký và đóng dấu.", number=self.number))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setVisible(False)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(_("Đóng"))  # closing after the act is not cancelling it: reject() accepts
        self.record_button = self.buttons.addButton(_("In biên bản niêm phong"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.record_button.clicked.connect(self.print_record)
        self.paper_button = self.buttons.addButton(_("In giấy niêm phong"), QDialogButtonBox.ButtonRole.ActionRole)
        self.paper_button.clicked.connect(self.print_seal_paper)
        self.paper_button.setDefault(True)

    def print_seal_paper(self):
        from evidence_store.services import printing
        from .previews import preview
        return preview(self.ctx, printing.seal_paper_pdf, self.number, _("Giấy niêm phong {number}",
                       number=self.number), f"giay-niem-phong-{self.number.replace('/', '-')}.pdf", self)

    def print_record(self):
        from evidence_store.services import printing
        from .previews import preview
        from evidence_store.domain.records import document_kind_name  # an unsealing is no «niêm phong» (issue #12)
        return preview(self.ctx, printing.handover_pdf, self.number,
                       f"{_(document_kind_name(self.number))} {self.number}", f"{self.number.replace('/', '-')}.pdf",
                       self)

    def reject(self) -> None:
        if getattr(self, "number", ""):  # sealed: closing is not cancelling
            self.accept()
            return
        super().reject()

    def submit(self) -> None:
        """ND 127/2017: the request of a procedural body, its officer organising, a witness; the service refuses
        anything less with its own sentence."""
        people = tuple(p.strip() for p in self.participants.toPlainText().splitlines() if p.strip())
        number = self.request_number.text().strip()
        d = self.request_date.date()
        request = DocumentInput("other", number, date(d.year(), d.month(), d.day()),
                                self.request_issuer.currentData()) if number else None
        organiser = PersonInput(full_name=self.organiser.text().strip(), position=self.organiser_position.text().strip(),
                                agency_id=self.organiser_agency.currentData()) if self.organiser.text().strip() else None
        witness = PersonInput(full_name=self.witness.text().strip()) if self.witness.text().strip() else None
        self.run(storage.seal_items, SealItems((self.code,), self.action, self.seal_number.text().strip(),
                                               participants=people, reason=self.reason.text().strip(),
                                               document=request, organiser=organiser, witness=witness))
