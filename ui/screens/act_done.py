"""After a lifecycle act made in a dialog (chuyển giao, gửi / giao bảo quản, nhập lại, kiểm tra): the dialog stays
open on what was saved — the record's number, whether the other side must still accept it — with the ways to its
paper: view and sign the record, print it, print the stock slip when one is due (services.slip_rule). It used to
close with no word at all (HANDS-ON 40, 51). «Đóng» closes: the act is done, closing does not cancel it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPushButton

from evidence_store.i18n import N_, _
from evidence_store.services import handovers, printing
from evidence_store.services.slip_rule import slip_direction

from .. import operations
from .result_bar import seal_incident_text

DONE_STYLE = "color: #1b5e20; font-weight: bold;"


class RecordDone:
    """Mixin for a LifecycleDialog: ``done_text`` (a msgid with {n}, the number of items) says what was done;
    ``pending_text`` what was prepared when the act waits for the commander's approval (services.release_approval)."""

    done_text = ""
    pending_text = N_("Đã lập biên bản xuất kho {n} vật chứng")

    def done_with(self, changes) -> None:
        number = getattr(changes, "handover_number", "") or ""
        if not self.done_text or not number:
            self.accept()
            return
        self.number = number
        self.form.setEnabled(False)
        for edit in self.form.findChildren(QLineEdit):  # an example in an empty, greyed field read as a value
            if not edit.text():
                edit.setPlaceholderText("")
        pending = (changes.extra or {}).get("approval") == "pending"
        text = _(self.pending_text if pending else self.done_text, n=len(changes.item_codes)) + \
            _(" — biên bản giao nhận số {number}", number=number)
        if pending:  # ND 142/2024 Điều 4: prepared, nothing leaves until the commander approves
            text += ". " + _("Chờ lãnh đạo kho duyệt xuất; vật chứng chưa rời khỏi kho, ký và in phiếu xuất sau khi "
                             "được duyệt.")
        elif (changes.extra or {}).get("acceptance") == "pending":
            text += ". " + _("Biên bản chờ cơ quan nhận tiếp nhận trong phần mềm; ký và in khi bàn giao.")
        text += seal_incident_text(changes)
        self.error_label.setStyleSheet(DONE_STYLE)
        self.error_label.setText(text)
        self.error_label.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setVisible(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Đóng"))
        self.sign_button = self._action(_("Xem và ký biên bản"), self.open_record)
        self.print_button = self._action(_("In biên bản giao nhận"), self.print_record)
        self.slip = self._slip_due(number)
        self.slip_button = None
        if self.slip:
            self.slip_button = self._action(_("In phiếu xuất kho") if self.slip == "out" else _("In phiếu nhập kho"),
                                            self.print_slip)
        self.sign_button.setVisible(not pending)  # nobody signs a record of an act not approved yet
        (self.print_button if pending else self.sign_button).setDefault(True)
        (self.print_button if pending else self.sign_button).setFocus()

    def _action(self, text: str, slot) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(slot)
        return button

    def _slip_due(self, number: str) -> str:
        result = operations.query(self.ctx, handovers.handover_detail, number, parent=self)
        if not result.ok:
            return ""
        d = result.value
        return slip_direction(d.kind, d.status, d.approval, d.ended_at is not None, d.details, d.acceptance)

    def open_record(self):
        from .result_bar import open_handover
        self.record_dialog = open_handover(self.ctx, self.number, self)
        return self.record_dialog

    def print_record(self):
        from .previews import preview
        return preview(self.ctx, printing.handover_pdf, self.number,
                       _("Biên bản giao nhận {number}", number=self.number), f"{self.number}.pdf", self)

    def print_slip(self):
        from .previews import preview
        title = _("Phiếu xuất kho") if self.slip == "out" else _("Phiếu nhập kho")
        return preview(self.ctx, printing.stock_slip_pdf, self.number, title, f"phieu-{self.number}.pdf", self,
                       self.slip)

    def reject(self) -> None:
        if getattr(self, "number", ""):  # the act is saved: closing is not cancelling
            self.accept()
            return
        super().reject()
