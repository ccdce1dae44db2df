"""Issue 17, found driving the case journey by keyboard at 1366×768 (court accepts → THADS accepts → disposal): the
first field of a dialog has the keyboard; the wheel scrolls a long form instead of changing the list under the
pointer; the inbox opens a task with Enter; the case view's tabs keep their names; the milestone dialog offers the
judgment that takes effect and the one competent issuer."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from tests.integration.lifecycle_builders import milestone

from .lifecycle_helpers import TODAY, ctx_for, detail, qdate, received, release_for_examination, select


def _wheel(widget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def _transfer_dialog(qtbot, db, world):
    from ui.screens.lifecycle import TransferDialog
    code = received(db, world)[0]
    dialog = TransferDialog(ctx_for(db, world, "thukho"), [code])
    qtbot.addWidget(dialog)
    return dialog


def test_a_lifecycle_dialog_opens_with_the_keyboard_in_its_first_field(qtbot, shell_world, recorder):
    """It opened on «Thực hiện»: the first keys typed went nowhere, Enter submitted the empty form."""
    db, world = shell_world
    dialog = _transfer_dialog(qtbot, db, world)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.form.widget("scope")


def test_the_wheel_over_a_list_in_a_long_form_does_not_change_it(qtbot, shell_world, recorder):
    """Scrolling the transfer form with the wheel turned the receiver's agency (THADS) into another agency."""
    db, world = shell_world
    dialog = _transfer_dialog(qtbot, db, world)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.form.widget("receiver_agency")
    box.setCurrentIndex(2)
    _wheel(box)
    _wheel(box, 2)
    assert box.currentIndex() == 2
    date_box = dialog.form.widget("decision_date")
    day = date_box.date()
    _wheel(date_box)
    assert date_box.date() == day


def test_the_inbox_opens_from_home_on_its_first_task_and_enter_opens_it(qtbot, shell_world, recorder, monkeypatch):
    from ui.screens.inbox import InboxScreen
    from ui.screens.release import ReleaseScreen
    db, world = shell_world
    code = received(db, world)[0]
    releases = ReleaseScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(releases)
    assert release_for_examination(releases.release_panel, world, code, approve=False), recorder.messages
    inbox = InboxScreen(ctx_for(db, world, "lanhdao"))
    qtbot.addWidget(inbox)
    inbox.show()
    inbox.what.setFocus()
    opened = []
    monkeypatch.setattr(inbox, "open_task", lambda row, **_kw: opened.append(row))
    inbox.show_only(None)  # what the home screen's «Việc cần làm» line does
    assert inbox.focusWidget() is inbox.table and inbox.table.currentRow() == 0
    kind_filter = inbox.what.currentIndex()
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        QApplication.sendEvent(inbox.table, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))
    assert opened == [0, 0] and inbox.what.currentIndex() == kind_filter


def _case_view(qtbot, db, world, user, case_id):
    from ui.screens.cases import CasesScreen
    screen = CasesScreen(ctx_for(db, world, user))
    qtbot.addWidget(screen)
    screen.show_case(case_id)
    return screen


def _to_first_instance_judgment(db, world, case_id, day=TODAY - timedelta(days=9)):
    """Milestones up to a bản án sơ thẩm pronounced on ``day`` (its appeal period has run by today by default)."""
    a = world.agencies
    for kind, doc_kind, number, agency in (
            ("opening", "case_opening", "10/QĐ-KTVA", "pc02"),
            ("investigation_conclusion", "investigation_conclusion", "8/KLĐT", "pc02"),
            ("indictment", "indictment", "45/CT-VKS", "vks"),
            ("first_instance_judgment", "judgment", "25/2026/HS-ST", "ta")):
        milestone(db, case_id, kind, doc_kind, number, a[agency], day)


def _next_milestone_dialog(qtbot, db, world):
    """The clerk opens «Ghi mốc» on a case whose first-instance judgment is recorded: (the panel, its dialog)."""
    case_id = detail(db, world, received(db, world)[0]).case_id
    _to_first_instance_judgment(db, world, case_id)
    panel = _case_view(qtbot, db, world, "thukho", case_id).milestones
    panel.open_add()
    qtbot.addWidget(panel.dialog)
    return panel, panel.dialog


def test_the_case_view_keeps_the_name_of_each_tab(qtbot, shell_world, recorder):
    """The milestones' count was written on the third tab, «Thụ lý qua các giai đoạn»: two tabs read «Mốc tố tụng»."""
    db, world = shell_world
    case_id = detail(db, world, received(db, world)[0]).case_id
    _to_first_instance_judgment(db, world, case_id)
    screen = _case_view(qtbot, db, world, "thukho", case_id)
    names = [screen.tabs.tabText(i) for i in range(screen.tabs.count())]
    assert names[2] == "Thụ lý qua các giai đoạn" and names[3] == "Mốc tố tụng (4)"
    assert sum(name.startswith("Mốc tố tụng") for name in names) == 1


def test_the_effective_judgment_defaults_to_the_judgment_recorded(qtbot, shell_world, recorder):
    """No appeal was recorded: the judgment taking effect is the first-instance one (BLTTHS Điều 343) — the dialog
    offered «Bản án / Quyết định phúc thẩm» first and left the issuer to choose though only the court may issue it."""
    db, world = shell_world
    a = world.agencies
    panel, dialog = _next_milestone_dialog(qtbot, db, world)
    assert dialog.focusWidget() is dialog.kind  # the keyboard starts at the first field, not at «Ghi mốc»
    assert dialog.kind.currentData() == "judgment_effective"  # the main line's next step, not «Tạm đình chỉ»
    assert dialog.doc_kind.currentData() == "judgment"
    assert dialog.form.widget("number").text() == "25/2026/HS-ST"
    assert dialog.issuer.currentData() == a["ta"]
    dialog.form.widget("signer").setText("Trần Văn Dũng")
    dialog.submit()
    assert dialog.result_changes is not None, (dialog.error_label.text(), recorder.messages)
    assert panel.table.texts()[-1][1] == "Bản án có hiệu lực pháp luật"
    panel.open_add()
    qtbot.addWidget(panel.dialog)
    assert panel.dialog.kind.currentData() == "enforcement_decision"


def test_the_judgment_takes_no_effect_on_the_day_it_was_pronounced(qtbot, shell_world, recorder):
    """25/2026/HS-ST recorded as legally effective the day it was pronounced was accepted. Not appealed, a
    first-instance judgment takes effect once the periods for appeal and protest have run (BLTTHS Điều 333, 337,
    343): the day is refused under «Ngày của mốc» with the earliest possible one, and nothing typed is lost."""
    db, world = shell_world
    case_id = detail(db, world, received(db, world)[0]).case_id
    pronounced = TODAY - timedelta(days=3)
    _to_first_instance_judgment(db, world, case_id, pronounced)
    panel = _case_view(qtbot, db, world, "thukho", case_id).milestones
    panel.open_add()
    dialog = panel.dialog
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "judgment_effective"
    dialog.form.widget("signer").setText("Trần Văn Dũng")
    dialog.form.widget("occurred_on").setDate(qdate(pronounced))
    dialog.submit()
    assert dialog.result_changes is None
    earliest = (pronounced + timedelta(days=7)).strftime("%d/%m/%Y")
    assert earliest in dialog.form.error("occurred_on") and "kháng cáo" in dialog.form.error("occurred_on")
    assert dialog.form.widget("signer").text() == "Trần Văn Dũng"
    assert panel.table.texts()[-1][1] == "Bản án / quyết định sơ thẩm"


def test_the_issuer_hint_wraps_within_the_fields(qtbot, shell_world, recorder):
    """«Cơ quan có thẩm quyền ban hành … ở giai đoạn «Xét xử»: Tòa án» ran to the dialog's right edge at 1366×768
    and read as cut off there: it wraps in the fields' column, every line of it shown, for every milestone."""
    from PySide6.QtCore import QRect
    _panel, dialog = _next_milestone_dialog(qtbot, *shell_world)
    dialog.show()
    hint, number = dialog.hint, dialog.form.widget("number")
    for kind in dialog.info.next_milestones:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        qtbot.wait(10)
        field, box = (QRect(w.mapTo(dialog, QPoint(0, 0)), w.size()) for w in (number, hint))
        assert hint.wordWrap() and hint.text().startswith("Cơ quan có thẩm quyền ban hành"), kind
        assert field.left() <= box.left() and box.right() <= field.right(), (kind, box, field)
        assert hint.height() >= hint.heightForWidth(hint.width()), kind  # no line cut off below


def _enter(widget) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))


def test_enter_in_the_filled_milestone_form_records_it(qtbot, shell_world, recorder):
    """The form took the Enter and nobody listened: «Quyết định thi hành án» typed in full, Enter did nothing."""
    db, world = shell_world
    _, dialog = _next_milestone_dialog(qtbot, db, world)
    _enter(dialog.form.widget("number"))  # the judgment's number is filled in: the form is complete
    assert dialog.result_changes is not None, (dialog.error_label.text(), recorder.messages)


def test_enter_in_a_complete_form_nobody_submits_moves_to_the_next_field(qtbot):
    from PySide6.QtWidgets import QLineEdit
    from ui.widgets.form import Form
    form = Form()
    qtbot.addWidget(form)
    first, second = form.add("a", "A", QLineEdit(), required=True), form.add("b", "B", QLineEdit())
    first.setText("x")
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    first.setFocus()
    _enter(first)
    assert form.focusWidget() is second


def test_a_destruction_record_prints_as_the_council_s_record_from_the_register(qtbot, shell_world, recorder,
                                                                                monkeypatch):
    """«In biên bản…» in the record's dialog printed a carried-out destruction as a «Biên bản giao nhận» (a giver, no
    receiver, the police header); the disposal screen prints its «Biên bản tiêu hủy»."""
    import dataclasses
    from evidence_store.services import printing
    from ui.screens import handover
    db, world = shell_world
    from tests.integration.builders import phone, receive
    number = receive(db, world.actor(db, "thukho"), [phone(location_code=world.locations["bin_A111"])],
                     case_number="77/2026/CSHS").handover_number
    dialog = handover.HandoverDialog(ctx_for(db, world, "thukho"), number)
    qtbot.addWidget(dialog)
    printed = []
    monkeypatch.setattr(handover, "preview", lambda ctx, fn, n, title, *a, **k: printed.append((fn, title)))
    dialog.print_record()
    dialog.detail = dataclasses.replace(dialog.detail, kind="disposal", details={"outcome": "destroyed"})
    dialog.print_record()
    assert printed[0][0] is printing.handover_pdf
    # the paper's own number, as printed on it (issue #12)
    assert printed[1] == (printing.destruction_pdf, f"Biên bản tiêu hủy {number.replace('/BB-GN', '/BB-TH')}")


def test_a_function_key_puts_the_keyboard_in_the_screen_it_opens(main_window, qtbot):
    """F7 showed Vụ án with the focus left in the scan field: «4/2026» typed next went there, not into the filter."""
    window = main_window("thukho")
    qtbot.waitExposed(window)
    window.activateWindow()
    window.focus_scan_field()
    from PySide6.QtGui import QKeySequence
    f7 = next(k for k in window._keys if k.key() == QKeySequence("F7"))
    f7.activated.emit()
    screen = window.current_screen()
    focus = QApplication.focusWidget() or window.focusWidget()
    assert window.current_key == "cases" and screen.isAncestorOf(focus), focus
