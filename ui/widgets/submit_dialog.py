"""The one base of the dialogs that run one service call (issue #18): a red line for refusals, OK («Thực hiện» or
«Lưu») and «Hủy», and ``run`` — the call through ui.operations with the one field-error path
(ui.widgets.form.field_errors). A subclass lays out its own body and puts ``error_label`` and ``buttons`` where it
wants them; ``submit`` (the OK button) builds the command and calls ``run``."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QLabel, QWidget

from evidence_store.i18n import _

from .. import operations
from .form import field_errors

ERROR_STYLE = "color: #b00020"


class SubmitDialog(QDialog):
    def __init__(self, ctx, title: str, parent: QWidget | None = None, *, ok_text: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_changes = None
        self.setWindowTitle(title)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text or _("Thực hiện"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Hủy"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._focus_placed = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        """Opened, the dialog's first field has the keyboard, not «Thực hiện»: Qt gave the default button the focus,
        so the first keys typed went nowhere and Enter submitted an empty form (issue 17). A subclass that put the
        focus on a field of its choice keeps it."""
        super().showEvent(event)
        if self._focus_placed:
            return
        self._focus_placed = True
        form = getattr(self, "form", None)
        focus = self.focusWidget()
        if form is not None and hasattr(form, "focus_first") and (focus is None or isinstance(focus, QAbstractButton)):
            form.focus_first()

    def on_error(self):
        """Where a refusal goes: by default the red line, when it names a field; else the error boundary."""
        return field_errors(None, fallback=self.error_label, fallback_fields_only=True)

    def run(self, fn, *args, read: bool = False) -> bool:
        """Call ``fn`` with ``args`` in one transaction (``read``: a read-only one — a dialog that asks what to
        print); on success ``done_with`` its result (default: close)."""
        call = operations.query if read else operations.perform
        result = call(self.ctx, fn, *args, parent=self, on_error=self.on_error())
        if result.ok:
            self.result_changes = result.value
            self.done_with(result.value)
        return result.ok

    def done_with(self, changes) -> None:
        self.accept()

    def handle_scan(self, scan) -> bool:
        return False
