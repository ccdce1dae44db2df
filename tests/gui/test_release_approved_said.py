"""Issue 17: the commander who approves a prepared release in Duyệt xuất kho is told what he approved — the release,
its item, who takes it — in the dialog's green line, as the other acts' dialogs say what was done. Before, the dialog
closed and the task simply left his inbox."""

from __future__ import annotations

from ui.screens.act_done import DONE_STYLE

from .agency_desks import Desk, prepared_release


def test_approving_a_release_says_what_was_approved(qtbot, shell_world, recorder):
    db, world = shell_world
    desk = Desk(qtbot, db, world)
    code, _, number = prepared_release(desk, recorder)
    dialog = desk.open("lanhdao", "approve_release", number)
    dialog.show()
    assert dialog.approve() is not None, recorder.messages
    # still open, on a confirmation that names the release, the item and the receiver
    assert dialog.isVisible()
    said = dialog.error_label.text()
    assert dialog.error_label.isVisibleTo(dialog) and dialog.error_label.styleSheet() == DONE_STYLE
    assert f"Đã duyệt xuất kho phiếu tạm xuất {number}" in said
    assert f"{code[:2]}-{code[2:4]}-{code[4:10]}-{code[10:]}" in said and "Đỗ Minh An" in said
    # nothing left to decide: approve and refuse are gone, «Đóng» is the default and has the focus
    assert not dialog.approve_button.isVisibleTo(dialog) and not dialog.reject_button.isVisibleTo(dialog)
    assert dialog.close_button.isDefault()
    assert ("approve_release", number) not in desk.tasks("lanhdao")
    dialog.close_button.click()
    assert not dialog.isVisible()
