"""One field-error path for the dialogs (issue #18): ui.widgets.form.field_errors puts a refusal under the field it
names (directly or through an alias), else in the dialog's red line, else leaves it to the error boundary."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from evidence_store.domain.errors import TransitionRefused, ValidationError
from ui.widgets.form import Form, field_errors, line_edit


def test_a_refusal_goes_to_its_field_then_to_the_red_line(qtbot):
    form = Form()
    qtbot.addWidget(form)
    form.add("location", "Vị trí", line_edit())
    line = QLabel()
    hook = field_errors(form, {"wrong_location_kind": "location"}, line)
    assert hook(ValidationError("location_not_found", field="location", code="VT01000005X"))
    assert "VT-01-000005-X" in form.error("location") and line.text() == ""  # as the label prints it (issue #18)
    form.set_error("location", "")
    assert hook(TransitionRefused("wrong_location_kind", category="motorbike", kind="bin"))  # by its code
    assert form.error("location")
    assert hook(TransitionRefused("disposal_awaiting_carry_out", code="VC26000001B", handover="3/BB-GN")) and "3/BB-GN" in line.text()
    only_fields = field_errors(None, fallback=QLabel(), fallback_fields_only=True)
    assert not only_fields(TransitionRefused("disposal_awaiting_carry_out", code="VC26000001B", handover="3/BB-GN"))  # the boundary's message box
    assert only_fields(ValidationError("case_number_required", field="case_number"))


def test_the_dialogs_that_run_one_service_call_share_one_base():
    from ui.screens.admin_authority import _Dialog
    from ui.screens.admin_forms import FormDialog
    from ui.screens.disposal_carry_out import CarryOutDialog
    from ui.screens.disposal_form import ProposalDialog
    from ui.screens.item_actions import MoveDialog, SealDialog
    from ui.screens.lifecycle_forms import LifecycleDialog
    from ui.screens.login import ChangePasswordDialog, LoginDialog
    from ui.screens.setup import SetupDialog
    from ui.print_actions import PeriodDialog
    from ui.screens.case_milestones import AddMilestoneDialog
    from ui.widgets.submit_dialog import SubmitDialog
    for cls in (_Dialog, FormDialog, MoveDialog, SealDialog, LifecycleDialog, CarryOutDialog, LoginDialog,
                ChangePasswordDialog, SetupDialog, ProposalDialog, AddMilestoneDialog, PeriodDialog):
        assert issubclass(cls, SubmitDialog), cls
        assert "run" not in vars(cls) or cls is LifecycleDialog  # one way to call the service
