"""At 1366×768 the home deadline table gives the item its room (issue 17): the long deadline kinds and agency
names used to take the width, leaving «Xe mô tô …» in the «Vật chứng» column."""

from __future__ import annotations

from tests.integration.builders import phone, receive

from .lifecycle_helpers import cash


def _home_deadlines(main_window, shell_world, qtbot, items, size):
    """The clerk's home deadline table at ``size`` once ``items`` are received (cash: «Phải chuyển ngay Kho bạc…»)."""
    db, world = shell_world
    receive(db, world.actor(db, "thukho"), items, case_number="131/2026/CSHS")
    window = main_window("thukho")
    window.resize(*size)
    home = window.navigate("home")
    home.refresh()
    qtbot.wait(20)
    return home.deadlines


def test_home_deadlines_leave_room_for_the_item_at_1366(main_window, shell_world, qtbot):
    name = "Xe mô tô Honda Wave Alpha màu đỏ BKS 29X1-123.45"
    table = _home_deadlines(main_window, shell_world, qtbot, [cash(name=name), phone()], (1366, 740))
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert any(row[4] == name and row[2].startswith("Phải chuyển ngay Kho bạc") for row in rows), rows
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert widths[4] >= 220, widths  # the item's name: the widest column, not a sliver
    assert widths[4] >= max(widths[:4] + widths[5:]), widths
    assert sum(widths) <= table.viewport().width() + 2  # no horizontal scrolling


def test_home_deadlines_keep_the_plate_at_1280(main_window, shell_world, qtbot):
    """HANDS-ON 7, 96: at 1280×650 the home deadlines showed «Xe mô tô Honda Wave Alpha BKS …» — the plate cut. The
    name is elided in the middle on one line now (wrapped, Qt elided each line and the row cut the second), so the
    plate at its end stays: «Xe mô tô Honda … BKS 29X1-123.45»."""
    from PySide6.QtGui import QFontMetrics
    name = "Xe mô tô Honda Wave Alpha màu đỏ, đã qua sử dụng, BKS 29X1-123.45"
    table = _home_deadlines(main_window, shell_world, qtbot, [cash(name=name)], (1280, 650))
    assert any(table.item(r, 4).text() == name for r in range(table.rowCount()))
    width = table.columnWidth(4) - 8  # the cell's text margins
    assert QFontMetrics(table.font()).horizontalAdvance(name) > width  # the case the users met: it does not fit
    assert not table.wordWrap(), "wrapped, each line is elided on its own and the plate falls off"
    shown = QFontMetrics(table.font()).elidedText(name, table.textElideMode(), width)
    assert shown.endswith("29X1-123.45") and shown.startswith("Xe mô tô"), shown


def test_the_record_dialog_fits_a_1366x768_screen(qtbot, shell_world):
    """The register's record dialog opened 1040×860 whatever the screen: at 1366×768 its signing buttons were
    below the bottom edge. It takes at most the screen's room, and everything in it fits 720 px."""
    from ui.screens.handover import HandoverDialog

    from .lifecycle_helpers import ctx_for, received
    db, world = shell_world
    received(db, world)
    from evidence_store.services import handovers
    from evidence_store.services.context import UnitOfWork
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        number = handovers.list_handovers(uow, limit=1)[0].number
    dialog = HandoverDialog(ctx_for(db, world, "thukho"), number)
    qtbot.addWidget(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.height() <= room.height() - 48  # the offscreen screen: 800 px high
    hint = dialog.minimumSizeHint()
    assert hint.height() <= 720 and hint.width() <= 1366, hint


def test_one_person_per_line_fields_take_enter_as_a_new_line(qtbot):
    """HANDS-ON 37: in "one person per line" fields (participants, council members, witnesses) Enter and Shift+Enter
    start the next line instead of jumping to the next field, so the second person never lands in «Ghi chú»."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from ui.screens.lifecycle_forms import lines_edit
    from ui.widgets.form import Form
    form = Form()
    qtbot.addWidget(form)
    people = form.add("participants", "Người tham gia", lines_edit("Mỗi người một dòng"))
    note = form.add("note", "Ghi chú", QLineEdit())
    submitted = []
    form.submitted.connect(lambda: submitted.append(True))
    form.show()
    people.setFocus()
    qtbot.keyClicks(people, "Tran Van An, ke toan")  # QTest types ASCII only
    qtbot.keyClick(people, Qt.Key.Key_Return)
    qtbot.keyClicks(people, "Le Thi Binh, thu kho")
    qtbot.keyClick(people, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(people, "Pham Van Cuong")
    assert people.toPlainText().splitlines() == ["Tran Van An, ke toan", "Le Thi Binh, thu kho", "Pham Van Cuong"]
    assert note.text() == "" and not submitted


def test_a_long_task_line_never_widens_the_window_past_1366(main_window, qtbot):
    """A commander's inbox line named six kinds of task and pushed the home screen past the screen's right edge
    (the "Xử lý vật chứng" button and the records line were cut off): the line is cut with "…" instead, the whole
    text in its tooltip, the overdue count kept."""
    window = main_window("lanhdao")
    window.resize(1366, 740)
    home = window.navigate("home")
    line = ("Việc cần làm: 42 · 37 quá hạn — Ký biên bản: 15 · Hạn cần xử lý: 24 · Phê duyệt đề xuất xử lý: 1 · "
            "Thực hiện xử lý: 1 · Duyệt xuất kho: 1 · Nhận bàn giao: 3 · Chuẩn bị yêu cầu: 2")
    button = home.task_buttons["inbox"]
    button.setText(line)
    button.setVisible(True)
    home.task_buttons["unfinished"].setText("Biên bản chưa hoàn tất: 23 — mở sổ biên bản")
    home.task_buttons["unfinished"].setVisible(True)
    qtbot.wait(20)
    assert window.minimumSizeHint().width() <= 1366, window.minimumSizeHint()
    assert window.width() <= 1366
    assert button.toolTip() == line and button.text() == line
    assert button.shown_text().startswith("Việc cần làm: 42 · 37 quá hạn") and button.shown_text().endswith("…")
