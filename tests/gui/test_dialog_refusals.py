"""The dialogs moved onto the one dialog base (issue #18) keep what was typed when a refusal comes back, and show
it in Vietnamese under the field it concerns — not in a message box, not after closing. The tests drive the
dialogs through their widgets and buttons, as a person does, so they run the same on the code before the move."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QDateEdit, QDialogButtonBox, QLabel

from .lifecycle_helpers import TODAY, ctx_for, detail, qdate, received, select

PERIOD_REFUSED = "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc"


def _shown(dialog) -> list[str]:
    """The texts of the dialog's labels that are not hidden (a refusal shown under a field or above the buttons)."""
    return [label.text() for label in dialog.findChildren(QLabel) if label.text() and not label.isHidden()]


def _ok(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_a_period_ending_before_it_starts_is_refused_under_its_date(qtbot, shell_world, recorder, monkeypatch):
    """The sổ theo dõi's period: «Đến ngày» before «Từ ngày» closed the dialog and showed a message box; the dialog
    now stays open with the dates as typed and the refusal under «Đến ngày»."""
    from ui import print_actions
    from ui.screens.items import ItemsScreen
    from ui.widgets.print_preview import PrintPreviewDialog
    db, world = shell_world
    screen = ItemsScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(screen)
    seen = {}

    def answered(dialog):
        dialog.show()
        first, last = dialog.findChildren(QDateEdit)
        first.setDate(qdate(TODAY))
        last.setDate(qdate(TODAY - timedelta(days=40)))
        _ok(dialog).click()
        seen.update(dialog=dialog, shown=_shown(dialog), dates=(first.date().toPython(), last.date().toPython()))
        return dialog.result()
    monkeypatch.setattr(print_actions.PeriodDialog, "exec", answered)
    screen.book_button.click()
    assert recorder.messages == []  # no message box
    assert PERIOD_REFUSED in seen["shown"]
    assert seen["dates"] == (TODAY, TODAY - timedelta(days=40))  # kept as typed
    assert screen.findChild(PrintPreviewDialog) is None
    dialog = seen["dialog"]
    assert dialog.form.error("date_to") == PERIOD_REFUSED and dialog.focusWidget() is dialog.form.widget("date_to")


def test_a_milestone_refused_keeps_its_document_and_says_why_under_the_date(qtbot, shell_world, recorder):
    from ui.screens.cases import CasesScreen
    db, world = shell_world
    case_id = detail(db, world, received(db, world)[0]).case_id
    screen = CasesScreen(ctx_for(db, world, "canbo"))
    qtbot.addWidget(screen)
    screen.show_case(case_id)
    screen.milestones.open_add()
    dialog = screen.milestones.dialog
    qtbot.addWidget(dialog)
    select(dialog.kind, "opening")
    dialog.form.widget("number").setText("12/QĐ-KTVA")
    dialog.form.widget("date").setDate(qdate(TODAY + timedelta(days=2)))  # a paper dated the day after tomorrow
    select(dialog.issuer, world.agencies["pc02"])
    dialog.form.widget("signer").setText("Phạm Quang Dũng")
    _ok(dialog).click()
    assert recorder.messages == [] and dialog.result_changes is None and not dialog.result()
    assert "tương lai" in dialog.form.error("date"), (_shown(dialog), dialog.form.values())
    assert dialog.form.value("number") == "12/QĐ-KTVA" and dialog.form.value("signer") == "Phạm Quang Dũng"
    assert dialog.issuer.currentData() == world.agencies["pc02"]
    dialog.form.widget("date").setDate(qdate(TODAY - timedelta(days=1)))
    _ok(dialog).click()
    assert dialog.result_changes is not None and dialog.result(), recorder.messages
