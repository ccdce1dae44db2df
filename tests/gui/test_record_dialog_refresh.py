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
