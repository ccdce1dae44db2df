"""The dialogs moved onto the one dialog base (issue #18) keep what was typed when a refusal comes back, and show
it in Vietnamese under the field it concerns — not in a message box, not after closing. The tests drive the
dialogs through their widgets and buttons, as a person does, so they run the same on the code before the move."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QDateEdit, QLabel, QPushButton

from tests.integration.builders import phone

from .lifecycle_helpers import TODAY, ctx_for, detail, qdate, received, select

PERIOD_REFUSED = "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc"


def _shown(dialog) -> list[str]:
    """The texts of the dialog's labels that are not hidden (a refusal shown under a field or above the buttons)."""
    return [label.text() for label in dialog.findChildren(QLabel) if label.text() and not label.isHidden()]


def _press(dialog, text: str) -> None:
    """Click the dialog's button that reads ``text`` (its OK, on the base or not)."""
    buttons = [b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == text and b.isEnabled()]
    assert len(buttons) == 1, [b.text() for b in dialog.findChildren(QPushButton)]
    buttons[0].click()


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
        _press(dialog, "Xem trước và in")
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
    _press(dialog, "Ghi mốc")
    assert recorder.messages == [] and dialog.result_changes is None and not dialog.result()
    assert "tương lai" in dialog.form.error("date"), (_shown(dialog), dialog.form.values())
    assert dialog.form.value("number") == "12/QĐ-KTVA" and dialog.form.value("signer") == "Phạm Quang Dũng"
    assert dialog.issuer.currentData() == world.agencies["pc02"]
    dialog.form.widget("date").setDate(qdate(TODAY - timedelta(days=1)))
    _press(dialog, "Ghi mốc")
    assert dialog.result_changes is not None and dialog.result(), recorder.messages


def _request_dialog(qtbot, db, world):
    from ui.screens.requests import RequestsScreen
    codes = received(db, world, [phone(seal_number="NP-0201", location_code=world.locations["bin_A111"]),
                                 phone(seal_number="NP-0202", location_code=world.locations["bin_A111"])],
                     case_number="125/2026/CSHS")
    screen = RequestsScreen(ctx_for(db, world, "canbo"))
    qtbot.addWidget(screen)
    dialog = screen.new_request(modal=False)
    qtbot.addWidget(dialog)
    dialog.case.setText("125/2026/CSHS")
    assert dialog.load_case()
    return dialog, codes


def test_a_request_keeps_its_ticked_items_when_the_case_field_is_left(qtbot, shell_world, recorder):
    """Leaving the case number (a click on «Gửi yêu cầu», on a date) read the case again and unticked every item."""
    db, world = shell_world
    dialog, codes = _request_dialog(qtbot, db, world)
    dialog.tick({codes[0]})
    dialog.case.editingFinished.emit()  # what leaving the field emits
    assert dialog.chosen() == (codes[0],)


def test_find_case_on_an_empty_field_asks_for_the_number(qtbot, shell_world, recorder):
    """«Tìm vụ án» with nothing typed said «Không tìm thấy vụ án  trong phạm vi của tài khoản» (no number, two
    spaces); it asks for the number, and a number out of the officer's scope is named in the refusal."""
    db, world = shell_world
    dialog, _codes = _request_dialog(qtbot, db, world)
    dialog.case.setText("")
    _press(dialog, "Tìm vụ án")
    assert dialog.form.error("case") == "Cần nhập số vụ án" and dialog.items.count() == 0
    dialog.case.setText("999/2026/CSHS")
    _press(dialog, "Tìm vụ án")
    assert dialog.form.error("case") == "Không tìm thấy vụ án 999/2026/CSHS trong phạm vi của tài khoản"
    dialog.case.setText("125/2026/CSHS")
    _press(dialog, "Tìm vụ án")
    assert dialog.form.error("case") == "" and dialog.items.count() == 2


def test_a_request_refused_says_why_under_the_field_and_keeps_what_was_chosen(qtbot, shell_world, recorder):
    db, world = shell_world
    dialog, codes = _request_dialog(qtbot, db, world)
    _press(dialog, "Gửi yêu cầu")  # nothing ticked
    assert recorder.messages == [] and dialog.result_changes is None
    assert dialog.form.error("codes") == "Chưa có vật chứng nào trong danh sách"
    dialog.tick({codes[1]})
    assert dialog.form.error("codes") == ""  # answered: the refusal goes
    select(dialog.purpose, "examination")
    dialog.needed.setDate(qdate(TODAY - timedelta(days=1)))
    dialog.note.setText("Giám định dữ liệu điện thoại")
    _press(dialog, "Gửi yêu cầu")
    assert recorder.messages == [] and dialog.result_changes is None
    assert dialog.form.error("needed_on") == "Ngày cần vật chứng không được ở quá khứ", _shown(dialog)
    assert dialog.chosen() == (codes[1],) and dialog.purpose.currentData() == "examination"
    assert dialog.note.text() == "Giám định dữ liệu điện thoại" and dialog.case.text() == "125/2026/CSHS"
    dialog.needed.setDate(qdate(TODAY))
    _press(dialog, "Gửi yêu cầu")
    assert dialog.result_changes is not None and dialog.result(), recorder.messages
    assert recorder.texts("info") == [f"Đã gửi yêu cầu {dialog.result_changes.extra['request']} cho kho vật chứng"]


def _pending_release(qtbot, db, world, recorder):
    from ui.screens.release import ReleaseScreen

    from .lifecycle_helpers import release_for_examination
    from .test_four_agencies import Desk
    code = received(db, world)[0]
    desk = Desk(qtbot, db, world)
    releases = desk.screen(ReleaseScreen, "thukho")
    assert release_for_examination(releases.release_panel, world, code, approve=False), recorder.messages
    return desk, code, releases.release_panel.result.number


def test_enter_in_the_reason_for_refusing_a_release_does_not_approve_it(qtbot, shell_world, recorder):
    """The commander types why he refuses and presses Enter: that pressed «Duyệt xuất kho», the dialog's default
    button — the item left the warehouse on the reason written against it."""
    from PySide6.QtCore import Qt
    db, world = shell_world
    desk, code, number = _pending_release(qtbot, db, world, recorder)
    dialog = desk.open("lanhdao", "approve_release", number)
    dialog.show()
    assert dialog.focusWidget() is dialog.table  # opened on what leaves, not in the reason
    dialog.reason.setFocus()
    dialog.reason.setText("Lệnh xuất kho ghi sai mục đích")  # (QTest types ASCII only)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert detail(db, world, code).state == "in_storage"
    assert dialog.reason.text() == "Lệnh xuất kho ghi sai mục đích" and dialog.isVisible()
    dialog.reject_button.click()
    assert detail(db, world, code).events[-1].kind == "release_rejected", recorder.messages


def test_a_release_refusal_without_a_reason_is_said_under_it_and_a_late_one_keeps_it(qtbot, shell_world, recorder):
    from evidence_store.services import context as service_context, release_approval
    from evidence_store.services.commands import DecideRelease
    db, world = shell_world
    desk, code, number = _pending_release(qtbot, db, world, recorder)
    dialog = desk.open("lanhdao", "approve_release", number)
    dialog.show()
    dialog.reject_button.click()
    assert "Cần ghi lý do không duyệt xuất" in _shown(dialog) and dialog.focusWidget() is dialog.reason
    assert dialog.form.error("reason") == "Cần ghi lý do không duyệt xuất"
    clerk = ctx_for(db, world, "thukho")  # meanwhile the clerk withdraws it
    service_context.run(clerk.db, clerk.actor, release_approval.withdraw_release, DecideRelease(number, reason="Sai"))
    dialog.reason.setText("Lệnh xuất kho ghi sai mục đích")
    dialog.reject_button.click()
    assert recorder.messages == [] and dialog.isVisible()
    assert any("không phải biên bản xuất kho đang chờ" in t for t in _shown(dialog)), _shown(dialog)
    assert dialog.reason.text() == "Lệnh xuất kho ghi sai mục đích"


def _pick_dialog(qtbot, db, world):
    from evidence_store.services import requests
    from evidence_store.services.context import UnitOfWork

    from .agency_desks import Desk
    code = received(db, world)[0]
    with UnitOfWork(db, world.actor(db, "canbo")) as uow:
        number = requests.create_request(uow, requests.CreateRequest(
            detail(db, world, code).case_id, (code,), "examination", TODAY, TODAY + timedelta(days=7))).extra["request"]
    desk = Desk(qtbot, db, world)
    return desk.open("thukho", "prepare", number), code


def test_a_release_from_the_pick_list_refused_says_why_under_the_order_and_keeps_it(qtbot, shell_world, recorder):
    """The lệnh xuất kho dated in the future: a message box before; now under «Ngày lệnh», the order kept."""
    db, world = shell_world
    pick, code = _pick_dialog(qtbot, db, world)
    pick.show()
    assert pick.handle_scan(code) and pick.release_button.isEnabled()
    pick.order_number.setText("52/LXK-PC02")
    pick.order_date.setDate(qdate(TODAY + timedelta(days=3)))
    select(pick.order_issuer, world.agencies["pc02"])
    pick.order_signer.setText("Phạm Quang Dũng")
    pick.seals.confirm.setChecked(True)  # the clerk looked at the seal (issue #12)
    _press(pick, "Xuất kho theo yêu cầu")
    assert recorder.messages == [] and detail(db, world, code).state == "in_storage"
    assert any("tương lai" in t for t in _shown(pick)), _shown(pick)
    assert "tương lai" in pick.form.error("order_date") and pick.focusWidget() is pick.order_date
    assert (pick.order_number.text(), pick.order_issuer.currentData(), pick.order_signer.text()) == \
        ("52/LXK-PC02", world.agencies["pc02"], "Phạm Quang Dũng")
    pick.order_date.setDate(qdate(TODAY - timedelta(days=1)))
    _press(pick, "Xuất kho theo yêu cầu")
    assert pick.handover_number and pick.isVisible(), recorder.messages
    qtbot.addWidget(pick.record_dialog)


def test_enter_after_the_last_code_typed_on_the_pick_list_does_not_release(qtbot, shell_world, recorder):
    """Scanning the last item enables «Xuất kho theo yêu cầu»; the Enter that ends the code is the scan's."""
    from PySide6.QtCore import Qt
    db, world = shell_world
    pick, code = _pick_dialog(qtbot, db, world)
    pick.show()
    assert pick.focusWidget() is pick.scan  # the first step: scanning
    pick.order_number.setText("52/LXK-PC02")
    select(pick.order_issuer, world.agencies["pc02"])
    pick.order_signer.setText("Phạm Quang Dũng")
    pick.scan.setFocus()
    qtbot.keyClicks(pick.scan, code)
    qtbot.keyClick(pick.scan, Qt.Key.Key_Return)
    assert "Đã quét" in pick.feedback.text() and pick.release_button.isEnabled()
    assert pick.handover_number is None and detail(db, world, code).state == "in_storage"
