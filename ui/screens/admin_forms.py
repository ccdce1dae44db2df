"""The administrator's small forms: a dialog that runs one service call and shows a field
error under the form; the administration services under the names the screens use."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QCheckBox, QFormLayout, QVBoxLayout, QWidget

from evidence_store.describe import AGENCY_KIND_LABELS, agency_kind_label  # noqa: F401 (re-exported)
from evidence_store.domain.permissions import ROLE_LABELS, Role
from evidence_store.i18n import _
from evidence_store.services import administration
from evidence_store.services.results import Changes

from ..context import AppContext
from ..widgets.submit_dialog import SubmitDialog


# -- the administration services, under the names the screens use ------------------------------
create_user = administration.create_user_account
add_agency = administration.create_agency
add_location = administration.create_location


def announce(fn: Callable) -> Callable:
    """Wrap a service returning a view so that screens hear about the change."""
    def call(uow, *args):
        fn(uow, *args)
        return Changes(extra={"admin": fn.__name__})
    return call


# -- the dialog ---------------------------------------------------------------------------------
class FormDialog(SubmitDialog):
    """Rows of (label, widget); ``submit`` builds the arguments for ``fn`` from the widgets."""

    def __init__(self, ctx: AppContext, title: str, rows, fn: Callable, args: Callable[[], tuple],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent, ok_text=_("Lưu"))
        self.fn, self.args = fn, args
        self.setMinimumWidth(440)
        form = QFormLayout()
        for label, widget in rows:
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        self.run(self.fn, *self.args())


class RoleBoxes(QWidget):
    """One checkbox per role."""

    def __init__(self, checked=(), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = {}
        for role in Role:
            box = QCheckBox(_(ROLE_LABELS[role]))
            box.setChecked(role.value in checked)
            layout.addWidget(box)
            self.boxes[role.value] = box

    def roles(self) -> list[str]:
        return [r for r, box in self.boxes.items() if box.isChecked()]
