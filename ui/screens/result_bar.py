"""After a lifecycle movement: what was saved, and the way to its handover record — view and sign it,
print it, print the stock slip (phiếu xuất / nhập kho) — plus the print-preview helper they share."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from evidence_store.i18n import _
from evidence_store.services import printing

from .handover import HandoverDialog
from .previews import keep_open, preview  # noqa: F401  (preview re-exported for the screens)

def open_handover(ctx, number: str, parent: QWidget | None = None):
    dialog = HandoverDialog(ctx, number, parent)
    keep_open(dialog)
    dialog.show()
    return dialog



def seal_incident_text(changes) -> str:
    """«. Niêm phong …: đã lập biên bản sự cố …» when the act found a seal torn or missing (ND 142/2024 Điều 11)."""
    number = (getattr(changes, "extra", None) or {}).get("seal_incident")
    return ". " + _("Niêm phong rách, mất hoặc có dấu hiệu bóc mở: đã lập biên bản sự cố số {number} và báo cáo cơ "
                    "quan thụ lý", number=number) if number else ""

class ResultBar(QFrame):
    """A green line under a batch screen once something was saved."""

    def __init__(self, ctx, direction: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.direction, self.number = ctx, direction, None
        self.setObjectName("result")
        self.setStyleSheet("QFrame#result { background: #e8f5e9; border: 1px solid #66bb6a; border-radius: 4px; }")
        row = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setStyleSheet("font-weight: bold; color: #1b5e20; border: none;")
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.sign_button = QPushButton(_("Xem và ký biên bản"))
        self.sign_button.clicked.connect(self.open_record)
        self.print_button = QPushButton(_("In biên bản giao nhận"))
        self.print_button.clicked.connect(self.print_record)
        self.slip_button = QPushButton(_("In phiếu xuất kho") if direction == "out" else _("In phiếu nhập kho"))
        self.slip_button.clicked.connect(self.print_slip)
        for button in (self.sign_button, self.print_button, self.slip_button):
            row.addWidget(button)
        self.hide()

    def show_result(self, changes, text: str) -> None:
        self.number = getattr(changes, "handover_number", None)
        suffix = _(" — biên bản giao nhận số {number}", number=self.number) if self.number else ""
        self.label.setText(text + suffix + seal_incident_text(changes))  # a torn seal reported (ND 142 Điều 11)
        # a release waiting for the commander's approval is neither signed nor slipped yet (ND 142/2024 Điều 4)
        pending = (getattr(changes, "extra", None) or {}).get("approval") == "pending"
        for button in (self.sign_button, self.print_button, self.slip_button):
            button.setVisible(bool(self.number) and (button is self.print_button or not pending))
        self.show()

    def open_record(self):
        return open_handover(self.ctx, self.number, self) if self.number else None

    def print_record(self):
        return preview(self.ctx, printing.handover_pdf, self.number, _("Biên bản giao nhận {number}",
                       number=self.number), f"{self.number}.pdf", self) if self.number else None

    def print_slip(self):
        if not self.number:
            return None
        title = _("Phiếu xuất kho") if self.direction == "out" else _("Phiếu nhập kho")
        return preview(self.ctx, printing.stock_slip_pdf, self.number, title, f"phieu-{self.number}.pdf", self,
                       self.direction)
