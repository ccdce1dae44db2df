"""Chờ nhập kho, by scans (issue #12; ND 127/2017; ND 142/2024 Điều 11, 14): the table shows each item's seal; the
clerk cannot receive sealed items without stating their seals — refused under the confirmation, nothing recorded —
marks a broken one from the keyboard, and the printed biên bản says what he stated, with the incident."""

from __future__ import annotations

from PySide6.QtCore import Qt

from evidence_store.services import printing
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from tests.integration.test_record_truth import _words

from .agency_desks import sign
from .lifecycle_helpers import ctx_for, detail


def _announce(db, world):
    from evidence_store.services import announce
    from evidence_store.services.commands import CaseInput, PersonInput, ReceiveItems
    from tests.integration.builders import intake_order, phone, seizure_record
    with UnitOfWork(db, world.actor(db, "thukho")) as uow:
        return announce.announce_items(uow, ReceiveItems(
            intake_order("14/LNK-PC02"), (phone(name="Điện thoại Samsung", seal_number="000290/NP-PC02"),
                                          phone(name="Điện thoại Oppo", seal_number="000291/NP-PC02")),
            PersonInput(full_name="Lê Văn Cường"), new_case=CaseInput("8/2026/CSHS"),
            seizure_record=seizure_record())).item_codes


def _fill_giver(screen):
    screen.giver_name.setText("Lê Văn Cường")
    screen.giver_position.setText("Điều tra viên")
    screen.giver_id.setText("001088012345")
    screen.giver_letter.setText("21/GGT-PC02")


def test_the_clerk_states_the_seals_by_scans_and_the_record_prints_what_he_stated(qtbot, shell_world, recorder):
    from ui.screens.announced import AnnouncedScreen
    db, world = shell_world
    codes = _announce(db, world)
    screen = AnnouncedScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(screen)
    screen.show()
    assert not screen.seal_box.isVisible()  # nothing scanned: nothing to state yet
    screen.handle_scan(codes[0])
    screen.seals_check.setChecked(True)
    assert screen.table.item(0, 3).text() == "nguyên vẹn, đúng số"
    screen.handle_scan(codes[1])  # another seal: the confirmation covered only the first, it is asked again
    assert not screen.seals_check.isChecked()
    screen.handle_scan(world.locations["bin_A111"])
    cells = [[screen.table.item(r, c).text() for c in range(5)] for r in range(2)]
    assert [row[2:] for row in cells] == [["000290/NP-PC02", "chưa kiểm tra", "✔"],
                                          ["000291/NP-PC02", "chưa kiểm tra", "✔"]]
    assert screen.seal_box.isVisible() and screen.seals_check.text() == "Đã kiểm tra niêm phong: nguyên vẹn, đúng số"
    _fill_giver(screen)
    # pressed without a word on the seals: refused under the confirmation, nothing received
    assert screen.receive() is None
    assert screen.seal_error.text().startswith("Chưa xác nhận tình trạng niêm phong của vật chứng")
    assert screen.seal_error.isVisible() and not recorder.texts()
    assert [a.order_number for a in screen.orders] == ["14/LNK-PC02"]
    assert detail(db, world, codes[0]).state == "awaiting_intake"
    # the Oppo's seal is torn: scanned again it is the selected row, the button (reached by Tab, pressed by Space)
    screen.handle_scan(codes[1])
    qtbot.keyClick(screen.broken_button, Qt.Key.Key_Space)
    assert screen.table.item(1, 3).text() == "rách, mất" and screen.table.item(0, 3).text() == "chưa kiểm tra"
    screen.seals_check.setFocus()
    qtbot.keyClick(screen.seals_check, Qt.Key.Key_Space)
    assert [screen.table.item(r, 3).text() for r in range(2)] == ["nguyên vẹn, đúng số", "rách, mất"]
    changes = screen.receive()
    assert changes is not None, recorder.messages
    incident = changes.extra["seal_incident"]
    assert f"biên bản sự cố số {incident}" in screen.feedback.text() and screen.orders == []
    assert detail(db, world, codes[0]).location_code and not detail(db, world, codes[1]).location_code
    sign(screen.record_dialog, qtbot, ["giver", "receiver"], recorder)
    words = _words(db, world.actor(db, "thukho"), printing.handover_pdf, changes.handover_number)
    shown = [f"{c[:2]}-{c[2:4]}-{c[4:-1]}-{c[-1]}" for c in codes]
    assert (f"Tình trạng niêm phong khi giao nhận: {shown[0]}: Số 000290/NP-PC02, nguyên vẹn; {shown[1]}: Số "
            f"000291/NP-PC02, có dấu hiệu bóc mở.") in words
    assert f"khi nhận vào kho: đã lập biên bản sự cố số {incident} và báo cáo" in words
    assert verify(db).ok
