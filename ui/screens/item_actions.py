"""The in-warehouse actions of the item view: move to a location (scan the shelf) and seal,
unseal or reseal (ND 127/2017: every unsealing and resealing names its participants)."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from evidence_store.domain.errors import DomainError
from evidence_store.i18n import N_, _
from evidence_store.messages import message
from evidence_store.services import storage
from evidence_store.services.commands import MoveItems, SealItems

from .. import operations
from ..context import AppContext
from ..models.format import code_text

SEAL_TITLES = {"seal": N_("Niêm phong vật chứng"), "unseal": N_("Mở niêm phong"), "reseal": N_("Niêm phong lại")}


class _ActionDialog(QDialog):
    """A small form that runs one service call; a field error is shown under the form. Each
    subclass defines ``submit`` (the OK button calls it), building its command and calling ``run``."""

    def __init__(self, ctx: AppContext, title: str, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.code = ctx, code
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Thực hiện"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        heading = QLabel(_("Vật chứng {code}", code=code_text(code)))
        heading.setStyleSheet("font-weight: bold")
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def _field_error(self, error: DomainError) -> bool:
        if "field" in error.params:
            self.error_label.setText(message(error))
            return True
        return False

    def run(self, fn, command) -> None:
        result = operations.perform(self.ctx, fn, command, parent=self, on_error=self._field_error)
        if result.ok:
            self.accept()

    def handle_scan(self, code: str) -> bool:
        return False


class MoveDialog(_ActionDialog):
    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Chuyển vị trí"), code, parent)
        self.location = QLineEdit()
        self.location.setPlaceholderText(_("Quét hoặc gõ mã vị trí"))
        self.over_capacity = QCheckBox(_("Cho phép vượt sức chứa của vị trí"))
        self.form.addRow(_("Vị trí mới"), self.location)
        self.form.addRow("", self.over_capacity)

    def handle_scan(self, code: str) -> bool:
        self.location.setText(code)
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
        self.seal_number = QLineEdit()
        self.participants = QPlainTextEdit()
        self.participants.setPlaceholderText(_("Mỗi dòng một người: họ tên, chức vụ"))
        self.participants.setFixedHeight(80)
        self.reason = QLineEdit()
        if action != "unseal":
            self.form.addRow(_("Số niêm phong"), self.seal_number)
        self.form.addRow(_("Người tham gia"), self.participants)
        self.form.addRow(_("Lý do"), self.reason)

    def submit(self) -> None:
        people = tuple(p.strip() for p in self.participants.toPlainText().splitlines() if p.strip())
        self.run(storage.seal_items, SealItems((self.code,), self.action, self.seal_number.text().strip(),
                                               participants=people, reason=self.reason.text().strip()))
