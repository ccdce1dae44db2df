"""ND 142/2024/NĐ-CP Điều 4 (LEGAL-RULES R22) through the screens the users use, for the acts out of the warehouse
other than a tạm xuất: the clerk prepares a deposit, an entrusting or a chuyển kho from the item view's dialogs (the
item stays on its shelf, "chờ duyệt xuất"); the commander finds it on his home page's task line, opens it from Việc cần
làm or from the item view and approves it (the item leaves) or refuses it with the reason; the clerk may withdraw it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidence_store.domain.states import Doc
from evidence_store.services.verify import verify
from tests.integration.builders import phone, receive
from tests.integration.lifecycle_builders import milestone

from .agency_desks import Desk
from .lifecycle_helpers import cash, detail, fill_document, fill_entrust, item_view_for, received, select

def test_a_deposit_prepared_in_the_item_view_is_approved_from_the_commanders_home(main_window, qtbot, shell_world,
                                                                                   recorder):
    db, w = shell_world
    a = w.agencies
    code = received(db, w, [cash(location_code=w.locations["safe"])])[0]
    clerk = main_window("thukho")
    clerk.open_code(code)
    view = clerk.screens["item_view"]
    view.start_action("deposit")
    dialog = view.dialog
    dialog.form.widget("account").setText("3949.0.1055555")
    fill_document(dialog.form, "decision", "05/QĐ-CSHS", a["pc02"], Doc.DEPOSIT_DECISION.value)
    dialog.form.widget("receiver_name").setText("Hoàng Thị Thu")
    dialog.seals.confirm.click()  # the clerk looked at the package's seal (issue #12)
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    number = dialog.result_changes.handover_number
    assert "Đã lập biên bản gửi bảo quản 1 vật chứng" in dialog.error_label.text()
    assert "Chờ lãnh đạo kho duyệt xuất" in dialog.error_label.text()
    dialog.close()
    view.show_item(code)
    assert f"đã lập biên bản xuất kho {number}, chờ lãnh đạo duyệt xuất" in view.state_label.text()
    assert view.pending_release_button.isVisibleTo(view)
    assert "deposit" in view.unavailable_buttons  # no second act out while it waits, with the reason
    assert number in view.unavailable_buttons["deposit"].toolTip()
    assert detail(db, w, code).state == "in_storage"
    # the commander: his home page's task line names it; a click opens Việc cần làm, where he opens it
    boss = main_window("lanhdao")
    home = boss.navigate("home")
    home.refresh()
    line = home.task_buttons["inbox"]
    assert line.text().split(" — ")[1].startswith("Duyệt xuất kho: 1"), line.text()  # first: never cut off
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    inbox = boss.current_screen()
    row = inbox.row_of("approve_release", number)
    assert row >= 0 and inbox.tasks[row].text.startswith(f"Gửi bảo quản {number}: 1 vật chứng cho Hoàng Thị Thu")
    approval = inbox.open_task(row, modal=False)
    qtbot.addWidget(approval)
    assert approval.windowTitle() == f"Duyệt xuất kho — biên bản gửi bảo quản {number}"
    summary = approval.summary.text()
    assert "Kho bạc" in summary and "3949.0.1055555" in summary and "05/QĐ-CSHS" in summary
    assert approval.approve() is not None, recorder.messages
    inbox.reload()
    assert inbox.row_of("approve_release", number) < 0
    # the clerk sees the cash out with both named in its history; the phiếu xuất kho is now due
    view.show_item(code)
    item = detail(db, w, code)
    assert item.state == "deposited" and "Kho bạc" in item.holder and not item.location_code
    assert not view.pending_release_button.isVisibleTo(view)
    last = view.timeline.topLevelItem(view.timeline.topLevelItemCount() - 1).text(view.timeline.TEXT)
    assert last.startswith("Gửi bảo quản chuyên trách") and "lãnh đạo lanhdao duyệt xuất" in last, last
    assert verify(db).ok


def test_the_commander_refuses_an_entrusting_from_the_item_view_with_his_reason(qtbot, shell_world, recorder):
    db, w = shell_world
    code = receive(db, w.actor(db, "thukho"), [phone(location_code=w.locations["bin_A111"])]).item_codes[0]
    view = item_view_for(qtbot, db, w, "thukho", code)
    view.start_action("entrust")
    dialog = view.dialog
    fill_entrust(dialog.form, w)
    dialog.submit()
    number = dialog.result_changes.handover_number
    boss_view = item_view_for(qtbot, db, w, "lanhdao", code)
    assert boss_view.pending_release_button.isVisibleTo(boss_view)
    approval = boss_view.open_pending_release(modal=False)
    qtbot.addWidget(approval)
    assert "Phan Thị Hồng" in approval.summary.text() and "Số 5 ngõ 12 Láng Hạ" in approval.summary.text()
    assert not approval.withdraw_button.isVisibleTo(approval)  # only who prepared it withdraws
    assert approval.reject_release() is None and approval.form.error("reason") == "Cần ghi lý do không duyệt xuất"
    approval.reason.setText("Nơi bảo quản không bảo đảm an toàn")
    assert approval.reject_release() is not None, recorder.messages
    item = detail(db, w, code)
    assert item.state == "in_storage" and item.events[-1].kind == "removal_rejected"
    view.show_item(code)
    assert not view.pending_release_button.isVisibleTo(view) and "entrust" in view.action_buttons
    last = view.timeline.topLevelItem(view.timeline.topLevelItemCount() - 1).text(view.timeline.TEXT)
    assert last.startswith("Lãnh đạo không duyệt xuất biên bản giao bảo quản") and \
        "Nơi bảo quản không bảo đảm an toàn" in last, last
    assert verify(db).ok


def test_a_move_out_to_thads_from_the_transfer_dialog_waits_and_the_clerk_may_withdraw_it(qtbot, shell_world,
                                                                                          recorder):
    db, w = shell_world
    a = w.agencies
    ch = receive(db, w.actor(db, "thukho"), [phone(location_code=w.locations["bin_A111"])])
    code = ch.item_codes[0]
    for kind, doc_kind, number, issuer in (("opening", "case_opening", "1/QĐ-KTVA", "pc02"),
                                           ("investigation_conclusion", "investigation_conclusion", "2/KLĐT", "pc02"),
                                           ("indictment", "indictment", "3/CT-VKS", "vks")):
        milestone(db, ch.case_id, kind, doc_kind, number, a[issuer])
    desk = Desk(qtbot, db, w)

    def prepare():
        view = item_view_for(qtbot, db, w, "thukho", code)
        view.start_action("transfer")
        dialog = view.dialog
        select(dialog.to_agency, a["thads"])
        assert dialog.move_out.isVisibleTo(dialog)
        dialog.move_out.setChecked(True)
        fill_document(dialog.form, "decision", "8/QĐ-VKS", a["vks"], Doc.TRANSFER_DECISION.value)
        dialog.form.widget("receiver_name").setText("Trần Thị Hoa")
        select(dialog.form.widget("receiver_agency"), a["thads"])
        dialog.seals.checks[dialog.seals.scope].confirm.click()  # the seal looked at as the item leaves (issue #12)
        dialog.submit()
        assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
        assert "Đã lập biên bản chuyển giao, chuyển kho 1 vật chứng" in dialog.error_label.text()
        return view, dialog.result_changes.handover_number

    view, first = prepare()
    assert ("accept", first) not in desk.tasks("chaphanh")  # THADS is not offered what has not been let out
    view.show_item(code)
    own = view.open_pending_release(modal=False)
    qtbot.addWidget(own)
    assert own.withdraw_button.isVisibleTo(own) and not own.approve_button.isVisibleTo(own)
    own.reason.setText("Quyết định ghi sai số lượng")
    assert own.withdraw() is not None, recorder.messages
    assert ("approve_release", first) not in desk.tasks("lanhdao")
    assert detail(db, w, code).events[-1].kind == "removal_withdrawn"
    _view2, second = prepare()
    dialog = desk.open("lanhdao", "approve_release", second)
    assert dialog.windowTitle() == f"Duyệt xuất kho — biên bản chuyển giao, chuyển kho {second}"
    assert dialog.approve() is not None, recorder.messages
    assert detail(db, w, code).state == "in_storage"  # approved: now offered to THADS, who accepts
    assert ("accept", second) in desk.tasks("chaphanh")
    from evidence_store.services.acceptance import accept_handover
    from tests.integration.lifecycle_builders import run
    run(db, w.actor(db, "chaphanh"), accept_handover, second)
    item = detail(db, w, code)
    assert item.state == "transferred_out" and item.events[-1].data.get("approved_by") == "lanhdao"
    assert verify(db).ok
