"""Issue 17: a record dialog left open while the record is signed or completed elsewhere (another screen, another
workstation) showed it as it was — «Chưa ký», «Hoàn tất biên bản» enabled — until closed. Activated or shown
again, it shows the record as it is now, and keeps what the user typed there."""

from __future__ import annotations

from PySide6.QtCore import QDateTime

from tests.integration.builders import phone, receive
from ui.screens import handover

from .agency_desks import sign
from .lifecycle_helpers import ctx_for


def _dialog(qtbot, db, world, number, user="thukho"):
    dialog = handover.HandoverDialog(ctx_for(db, world, user), number)
    qtbot.addWidget(dialog)
    return dialog


def _states(dialog) -> dict[str, str]:
    return {dialog.slots.item(r, 0).text(): dialog.slots.item(r, 2).text() for r in range(dialog.slots.rowCount())}


def _activate(qtbot, dialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def test_an_open_record_shows_what_was_signed_and_completed_elsewhere(qtbot, shell_world, recorder):
    db, world = shell_world
    number = receive(db, world.actor(db, "thukho"), [phone(location_code=world.locations["bin_A111"])],
                     case_number="78/2026/CSHS").handover_number
    mine = _dialog(qtbot, db, world, number)
    mine.show()
    qtbot.waitExposed(mine)
    assert set(_states(mine).values()) == {"Chưa ký"}
    typed_end = QDateTime(mine.end_time.dateTime()).addSecs(-600)
    mine.end_time.setDateTime(typed_end)  # the clerk is writing the end time here
    # the giver signs at another desk; back here, the dialog is activated: his slot is signed
    other = _dialog(qtbot, db, world, number)
    other.show()
    _activate(qtbot, other)
    sign(other, qtbot, ["giver"], recorder)
    assert _states(mine)["Bên giao"] == "Chưa ký"  # not in front: unchanged until activated
    _activate(qtbot, mine)
    assert _states(mine)["Bên giao"] == "Đã ký trên màn hình", _states(mine)
    assert mine.status.text().startswith("1/2")
    assert mine.end_time.dateTime() == typed_end  # what was typed here stays
    # hidden meanwhile (another screen in front): the receiver signs and the record is completed elsewhere
    mine.hide()
    sign(other, qtbot, ["receiver"], recorder)
    assert other.complete(), recorder.messages
    mine.show()
    qtbot.waitExposed(mine)
    assert set(_states(mine).values()) == {"Đã ký trên màn hình"}
    assert mine.detail.status == other.detail.status != "draft"
    assert not mine.complete_button.isEnabled() and not mine.end_time.isEnabled()
    assert recorder.messages == []


def test_an_open_release_record_shows_the_approval_given_elsewhere(qtbot, shell_world, recorder):
    """ND 142/2024 Điều 4: the commander approves at his own desk; the clerk's open record stops saying «Chờ phê
    duyệt» and offers the signing as soon as he comes back to it."""
    from tests.integration.lifecycle_builders import approve_pending
    from ui.screens.release import ReleaseScreen

    from .lifecycle_helpers import received, release_for_examination
    db, world = shell_world
    code = received(db, world)[0]
    releases = ReleaseScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(releases)
    assert release_for_examination(releases.release_panel, world, code, approve=False), recorder.messages
    number = releases.release_panel.result.number
    mine = _dialog(qtbot, db, world, number)
    mine.show()
    qtbot.waitExposed(mine)
    assert "Chờ phê duyệt" in mine.header.text() and not mine.complete_button.isEnabled()
    other = _dialog(qtbot, db, world, number)  # another window in front meanwhile
    other.show()
    _activate(qtbot, other)
    approve_pending(db, number)  # the commander, at his workstation
    _activate(qtbot, mine)
    assert "Đã phê duyệt" in mine.header.text() and "Chờ phê duyệt" not in mine.header.text()
    assert mine.complete_button.isEnabled()


def test_a_record_signed_on_another_screen_of_the_window_shows_at_once(qtbot, shell_world, recorder):
    db, world = shell_world
    number = receive(db, world.actor(db, "thukho"), [phone(location_code=world.locations["bin_A111"])],
                     case_number="79/2026/CSHS").handover_number
    ctx = ctx_for(db, world, "thukho")  # one window: its screens and dialogs share the context
    mine, other = handover.HandoverDialog(ctx, number), handover.HandoverDialog(ctx, number)
    for dialog in (mine, other):
        qtbot.addWidget(dialog)
        dialog.show()
    _activate(qtbot, other)
    sign(other, qtbot, ["giver"], recorder)
    assert not mine.isActiveWindow()
    assert _states(mine)["Bên giao"] == "Đã ký trên màn hình", _states(mine)
