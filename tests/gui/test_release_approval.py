"""ND 142/2024/NĐ-CP Điều 4 through the GUI, across two users: the clerk prepares a release at the desk (the item
stays on its shelf, "chờ duyệt xuất"), the commander approves it from Việc cần làm, and the clerk sees the item out;
a clerk who also holds the commander role is refused approving his own release, with the rule named."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView

from datetime import timedelta

from evidence_store.services import accounts
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify
from ui.screens.item_view import ItemViewScreen
from ui.screens.release import ReleaseScreen

from .lifecycle_helpers import check_release_seals
from .lifecycle_helpers import (TODAY, ctx_for, detail, fill_document, fill_person, qdate, received,
                               release_for_examination, select)
from .agency_desks import Desk, prepared_release


def test_the_clerk_prepares_the_commander_approves_from_his_inbox_and_the_item_is_out(qtbot, shell_world, recorder):
    db, world = shell_world
    code = received(db, world)[0]
    shelf = detail(db, world, code).location_code
    desk = Desk(qtbot, db, world)
    _, releases, number = prepared_release(desk, recorder, code)
    panel = releases.release_panel
    assert "chờ lãnh đạo duyệt xuất" in panel.result.label.text()
    assert not panel.result.slip_button.isVisibleTo(panel.result)  # no phiếu xuất kho before the approval
    from ui.scan_feedback import Outcome
    assert panel.handle_scan(code) and panel.batch.outcome is Outcome.WRONG_PLACE  # no second release meanwhile
    assert f"đã có trong biên bản xuất kho {number} đang chờ lãnh đạo duyệt xuất" in panel.batch.indicator.text()
    view = desk.screen(ItemViewScreen, "thukho")
    view.show_item(code)
    assert "chờ lãnh đạo duyệt xuất" in view.state_label.text() and number in view.state_label.text()
    assert (detail(db, world, code).state, detail(db, world, code).location_code) == ("in_storage", shelf)
    # only the commander has the task; the clerk does not approve his own release
    assert ("approve_release", number) in desk.tasks("lanhdao")
    assert ("approve_release", number) not in desk.tasks("thukho")
    dialog = desk.open("lanhdao", "approve_release", number)
    assert "Đỗ Minh An" in dialog.summary.text() and "07/GGT-PC09" in dialog.summary.text()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text().replace("-", "") == code
    font = dialog.table.font()  # the code reads whole at the workstation's font (cut to «VC-26-00005…» under Xvfb)
    font.setPointSize(15)
    dialog.table.setFont(font)
    dialog.table.horizontalHeader().resizeSections(QHeaderView.ResizeMode.Interactive)  # let the modes re-apply
    qtbot.wait(10)
    metrics = dialog.table.fontMetrics()
    assert dialog.table.columnWidth(0) >= metrics.horizontalAdvance(dialog.table.item(0, 0).text())
    assert dialog.approve() is not None, recorder.messages
    assert ("approve_release", number) not in desk.tasks("lanhdao")
    # the clerk, on his own screen, sees the item out with the approver named in its history
    view.show_item(code)
    assert view.state_label.text() == "Tạm xuất"  # out, no longer waiting
    item = detail(db, world, code)
    assert item.state == "out_temporary" and item.location_code == ""
    assert [e.kind for e in item.events][-2:] == ["release_prepared", "release_temporary"]
    assert item.events[-1].username == "lanhdao"
    assert verify(db).ok


def test_a_refusal_in_the_dialog_needs_a_reason_and_keeps_the_item(qtbot, shell_world, recorder):
    db, world = shell_world
    desk = Desk(qtbot, db, world)
    code, _, number = prepared_release(desk, recorder)
    dialog = desk.open("lanhdao", "approve_release", number)
    assert dialog.reject_release() is None and dialog.form.error("reason") == "Cần ghi lý do không duyệt xuất"
    dialog.reason.setText("Lệnh xuất kho ghi sai mục đích")
    assert dialog.reject_release() is not None, recorder.messages
    item = detail(db, world, code)
    assert item.state == "in_storage" and item.events[-1].kind == "release_rejected"
    assert ("approve_release", number) not in desk.tasks("lanhdao")


def test_the_same_person_is_refused_in_the_dialog_with_the_rule(qtbot, shell_world, recorder):
    db, world = shell_world
    with UnitOfWork(db, world.actor(db, "quantri")) as uow:
        accounts.create_user(uow, "kiemnhiem", "KiemNhiem@2026", ["clerk", "commander"], full_name="Trần Văn Kiêm",
                             must_change_password=False)
        uow.commit()
    code = received(db, world)[0]
    screen = ReleaseScreen(ctx_for(db, world, "kiemnhiem"))
    qtbot.addWidget(screen)
    assert release_for_examination(screen.release_panel, world, code, approve=False), recorder.messages
    number = screen.release_panel.result.number
    from ui.screens.release_approval import ReleaseApprovalDialog
    dialog = ReleaseApprovalDialog(ctx_for(db, world, "kiemnhiem"), number)
    qtbot.addWidget(dialog)
    assert dialog.approve() is None
    assert "phải khác người đã lập" in dialog.error_label.text() and "Điều 4" in dialog.error_label.text()
    assert detail(db, world, code).state == "in_storage"


def test_the_administrator_turns_the_approval_off_and_on_in_the_settings(qtbot, shell_world, recorder):
    from evidence_store.services import settings
    from ui.screens.admin_settings import SettingsTab
    db, world = shell_world
    tab = SettingsTab(ctx_for(db, world, "quantri"))
    qtbot.addWidget(tab)
    box = tab.switches["release_needs_approval"]
    assert box.isChecked() and "Điều 4 Nghị định 142/2024/NĐ-CP" in box.text()  # the law's default: on
    box.setChecked(False)
    tab.save()
    with UnitOfWork(db, write=False) as uow:
        assert settings.get_setting(uow, "release_needs_approval") is False
    code = received(db, world)[0]
    screen = ReleaseScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(screen)
    assert release_for_examination(screen.release_panel, world, code, approve=False), recorder.messages
    assert detail(db, world, code).state == "out_temporary"  # off: today's behaviour, out at once
    assert "Đã xuất kho 1 vật chứng" in screen.release_panel.result.label.text()
    tab.reload()
    assert not tab.switches["release_needs_approval"].isChecked()


def test_the_release_form_asks_for_the_receivers_identity_paper(qtbot, shell_world, recorder):
    """ND 142/2024 Điều 14 (LEGAL-RULES R21): without the ID number of who comes, nothing is recorded and the
    refusal stands beside the field."""
    db, world = shell_world
    a = world.agencies
    code = received(db, world)[0]
    screen = ReleaseScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(screen)
    panel = screen.release_panel
    assert panel.handle_scan(code)
    select(panel.purpose, "examination")
    panel.due_on.setDate(qdate(TODAY + timedelta(days=3)))
    fill_person(panel.form, "receiver", "Vương Văn Khải", a["ca"], id_number="")
    panel.form.widget("receiver_letter").setText("08/GGT-PC09")
    fill_document(panel.form, "order", "15/LXK-PC02", a["pc02"])
    check_release_seals(panel)
    assert panel.save() is False
    assert "giấy tờ tùy thân" in panel.form.error("receiver_id")
    assert detail(db, world, code).state == "in_storage" and len(panel.batch.details) == 1  # nothing lost
    panel.form.widget("receiver_id").setText("001086001234")
    assert panel.save(), recorder.messages


def test_damage_typed_on_return_is_reported_and_not_carried_to_the_next_return(qtbot, shell_world, recorder):
    """ND 142/2024 Điều 11 (LEGAL-RULES R23): the clerk types the damage found; an incident record is made and
    reported, and the field is empty for the next return."""
    from ui.scan_feedback import ScanSounds
    db, world = shell_world
    code = received(db, world)[0]
    screen = ReleaseScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(screen)
    for panel in (screen.release_panel, screen.return_panel):
        panel.batch.indicator.sounds = ScanSounds(muted=True)
    assert release_for_examination(screen.release_panel, world, code), recorder.messages
    back = screen.show_mode("return")
    assert back.handle_scan(code) and back.handle_scan(world.locations["bin_A111"])
    fill_person(back.form, "giver", "Đỗ Minh An", world.agencies["ca"])
    back.form.widget("damage").setText("Vỏ máy nứt sau giám định")
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("intact"))  # the clerk looked: seal whole (issue #12)
    assert back.save(), recorder.messages
    assert back.form.value("damage") == ""
    item = detail(db, world, code)
    assert item.state == "in_storage" and "Hư hỏng: Vỏ máy nứt sau giám định" in item.condition
    assert [e.kind for e in item.events][-2:] == ["return", "incident"]


def test_the_clerk_withdraws_his_pending_release_from_the_item_view(qtbot, shell_world, recorder):
    db, world = shell_world
    desk = Desk(qtbot, db, world)
    code, releases, number = prepared_release(desk, recorder)
    view = desk.screen(ItemViewScreen, "thukho")
    view.show_item(code)
    assert view.pending_release_button.isVisibleTo(view)
    dialog = view.open_pending_release(modal=False)
    qtbot.addWidget(dialog)
    assert dialog.withdraw_button.isVisibleTo(dialog) and not dialog.approve_button.isVisibleTo(dialog)
    assert dialog.withdraw() is None and dialog.form.error("reason") == "Cần ghi lý do rút phiếu xuất"
    dialog.reason.setText("Người nhận không đến")
    assert dialog.withdraw() is not None, recorder.messages
    view.show_item(code)
    assert not view.pending_release_button.isVisibleTo(view) and view.state_label.text() == "Đang lưu kho"
    assert ("approve_release", number) not in desk.tasks("lanhdao")
    # the commander, from the item view of a pending release, sees approve and refuse, not withdraw
    assert release_for_examination(releases.release_panel, world, code, approve=False,
                                   number="16/LXK-PC02"), recorder.messages
    boss_view = desk.screen(ItemViewScreen, "lanhdao")
    boss_view.show_item(code)
    decide = boss_view.open_pending_release(modal=False)
    qtbot.addWidget(decide)
    assert decide.approve_button.isVisibleTo(decide) and not decide.withdraw_button.isVisibleTo(decide)
    assert decide.approve() is not None, recorder.messages
    assert detail(db, world, code).state == "out_temporary"
