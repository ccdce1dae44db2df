"""Hands-on items fixed before without a test of their own (issue 17): HANDS-ON 12 (rows of the intake's item list
are edited and removed by visible buttons), 16 (cancelling an intake asks «Hủy phiếu» / «Tiếp tục lập», and
«Tiếp tục lập» keeps the form), 86 (labels print in the layout and number of copies chosen in the GUI), 25 (Ctrl+End
goes to the last row), 8 (a new place defaults to the next level down); and what the 1366×768 screenshots showed
(the case named at intake and in Vụ án, HANDS-ON 14)."""

from __future__ import annotations

import io

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pypdf import PdfReader

from .conftest import send_text
from .test_intake_wizard import add_items, fill_case_order_giver, wizard  # noqa: F401  (the fixture)


def test_item_rows_are_edited_and_removed_by_visible_buttons(wizard):  # noqa: F811
    """HANDS-ON 12: Sửa and Xóa buttons under the list, not a hidden Delete key only."""
    fill_case_order_giver(wizard)
    step = wizard.steps[3]
    for name in ("Dao nhọn", "Sổ ghi chép"):
        send_text(step.form.widget("name"), name)
        assert step.add_item()
    assert step.edit_button.isVisibleTo(step) and step.remove_button.isVisibleTo(step)
    assert step.edit_button.text() == "Sửa dòng đã chọn" and step.remove_button.text().startswith("Xóa dòng")
    step.table.selectRow(0)
    step.edit_button.click()
    assert [i.name for i in step.items] == ["Sổ ghi chép"] and step.form.value("name") == "Dao nhọn"
    step.form.widget("name").setText("Dao nhọn cán gỗ")
    assert step.add_item()
    step.table.selectRow(0)  # «Sổ ghi chép»
    step.remove_button.click()
    assert [i.name for i in step.items] == ["Dao nhọn cán gỗ"] and step.table.rowCount() == 1


def _answer_box(button_text, seen):
    """When the question box shows, note its buttons and press the one named ``button_text``."""
    def press():
        box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()), None)
        if box is None:
            QTimer.singleShot(20, press)
            return
        seen.append(sorted(b.text() for b in box.buttons()))
        named = [b for b in box.buttons() if b.text() == button_text]
        (named[0] if named else box.escapeButton() or box.buttons()[0]).click()
    QTimer.singleShot(20, press)


def test_cancelling_an_intake_asks_with_buttons_that_say_what_they_do(wizard):  # noqa: F811
    """HANDS-ON 16: «Hủy phiếu nhập kho đang lập?» offered «Đồng ý» and «Hủy», where «Hủy» kept the form."""
    from ui import dialogs
    previous = dialogs.set_interaction(dialogs.QtInteraction())  # the real question box
    try:
        fill_case_order_giver(wizard)
        seen = []
        _answer_box("Tiếp tục lập", seen)
        wizard.cancel()
        assert seen == [["Hủy phiếu", "Tiếp tục lập"]]
        assert wizard.index == 3 and wizard.steps[0].form.value("case_number") == "125/2026/CSHS"  # kept
        _answer_box("Hủy phiếu", seen)
        wizard.cancel()
        assert wizard.index == 0 and wizard.steps[0].form.value("case_number") == ""  # a new, empty form
    finally:
        dialogs.set_interaction(previous)


def test_labels_print_in_the_layout_and_copies_chosen(wizard, recorder):  # noqa: F811
    """HANDS-ON 86: the GUI printed the default layout, one copy; the layout and the copies are chosen now."""
    asked = []

    def choose(settings, count, parent=None):
        asked.append(count)
        return "a4-3x8", 2, 300
    recorder.choose_label_layout = choose
    fill_case_order_giver(wizard)
    add_items(wizard, None)
    wizard.next()
    wizard.next()
    codes = wizard.changes.item_codes
    preview = wizard.print_labels()
    assert asked == [3] and preview is not None, recorder.messages
    reader = PdfReader(io.BytesIO(preview.pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # an A4 sheet, not a 50×30 label
    text = " ".join(p.extract_text() for p in reader.pages)
    from ui.models.format import code_text
    assert all(text.count(code_text(c)) == 2 for c in codes), text[:300]  # two copies of each label
    preview.close()


def test_an_existing_case_is_named_whole_at_the_first_step(wizard, shell_world):  # noqa: F811
    """Seen at 1366×768: «Vụ án đã có: Vụ tàng trữ … (Điều 304 BLHS) (PC0» — the case's name, offence and agency
    ran off the right edge in one line; the line wraps now, so the clerk reads which case he is adding to."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFontMetrics

    from tests.integration.builders import phone, receive
    db, world = shell_world
    receive(db, world.actor(db, "thukho"), [phone()], case_number="8/2026/CSHS",
            title="Vụ tàng trữ, sử dụng trái phép vũ khí quân dụng tại phường Hoàng Mai và quận Long Biên")
    window = wizard.window()
    window.resize(1280, 650)
    step = wizard.steps[0]
    send_text(step.number, "8/2026/CSHS")
    step.number.editingFinished.emit()
    QApplication.processEvents()
    label = step.found
    assert label.isVisible() and "Điều 173 BLHS" in label.text() and "Long Biên" in label.text()
    flags = int(Qt.TextFlag.TextWordWrap) if label.wordWrap() else 0  # how QLabel lays the text out
    needed = QFontMetrics(label.font()).boundingRect(QRect(0, 0, label.contentsRect().width(), 10_000), flags,
                                                     label.text())
    assert needed.width() <= label.contentsRect().width() and needed.height() <= label.contentsRect().height(), (
        needed, label.contentsRect())
    right = label.mapTo(window, label.contentsRect().topRight()).x()
    assert right <= step.mapTo(window, step.rect().topRight()).x(), (right, window.width())  # not past the edge


def test_the_case_screen_names_the_case(main_window, shell_world):
    """HANDS-ON 14 («Tên vụ án» is never displayed): Vụ án showed «7/2026/CSKT — Lừa đảo chiếm đoạt tài sản (Điều
    174 BLHS)», the offence only; the case's name comes first now, then its offence."""
    from tests.integration.builders import phone, receive
    db, world = shell_world
    receive(db, world.actor(db, "thukho"), [phone()], case_number="7/2026/CSKT",
            title="Vụ lừa đảo chiếm đoạt tài sản tại phường Hai Bà Trưng")
    window = main_window("thukho")
    screen = window.navigate("cases")
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    text = screen.case_label.text()
    assert "Vụ lừa đảo chiếm đoạt tài sản tại phường Hai Bà Trưng" in text and "Trộm cắp tài sản" in text, text


def test_ctrl_end_in_the_item_list_goes_to_the_last_row_not_the_last_column(main_window, shell_world, qtbot):
    """HANDS-ON 25: Ctrl+End jumped to the last column, where the view then stuck; it goes to the last item now, the
    columns left as they were, and Ctrl+Home back to the first."""
    from PySide6.QtCore import Qt

    from tests.integration.builders import phone, receive
    db, world = shell_world
    receive(db, world.actor(db, "thukho"), [phone(seal_number=f"NP-00{n}") for n in range(12, 17)])
    window = main_window("thukho")
    screen = window.navigate("items")
    table = screen.table
    rows = table.model().rowCount()
    assert rows >= 5
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (rows - 1, 0)
    assert table.horizontalScrollBar().value() == 0
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, 0)


def test_a_new_place_inside_another_defaults_to_the_next_level_down(main_window, monkeypatch):
    """HANDS-ON 8: «Thêm vị trí» inside a zone offered «Kho» as the kind; it proposes the next level down (a zone
    holds racks, a shelf holds bins) and never a whole warehouse."""
    from PySide6.QtCore import QModelIndex

    from ui.screens import admin as admin_module
    shown = {}

    class Capture:  # the dialog as it would open: its fields, not run modally
        def __init__(self, ctx, title, fields, *args):
            shown[title] = dict(fields)

        def exec(self):
            return 0
    monkeypatch.setattr(admin_module, "FormDialog", Capture)
    window = main_window("quantri")
    admin = window.navigate("admin")
    tab = admin.locations
    admin.tabs.setCurrentWidget(tab)
    model = tab.tree.model()
    warehouse = model.index(0, 0, QModelIndex())
    zone = model.index(0, 0, warehouse)
    rack = model.index(0, 0, zone)
    shelf = model.index(0, 0, rack)
    expected = {warehouse: "zone", zone: "rack", rack: "shelf", shelf: "bin"}
    for index, kind in expected.items():
        tab.tree.setCurrentIndex(index)
        tab.create()
        title, fields = shown.popitem()
        box = fields["Loại"]
        assert box.currentData() == kind, (index.data(), box.currentText())
        assert "warehouse" not in [box.itemData(i) for i in range(box.count())], title


def test_a_menu_button_keeps_room_for_its_arrow(main_window, shell_world):
    """Seen at 1366×768: the arrow of «Xuất danh sách», of the item page's «In…» and of the user's name touched the
    last letter (Qt draws it in the button's corner without keeping room). Each button now has the arrow's width
    beside its text."""
    from PySide6.QtWidgets import QStyle

    from tests.integration.builders import phone, receive
    db, world = shell_world
    code = receive(db, world.actor(db, "thukho"), [phone()]).item_codes[0]
    window = main_window("thukho")
    window.open_code(code)
    buttons = [window.toolbar.user_button, window.screens["item_view"].print_button,
               window.navigate("items").findChild(type(window.screens["home"].export_button))]
    for button in buttons:
        arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
        text = button.fontMetrics().horizontalAdvance(button.text())
        assert button.menu() is not None and button.sizeHint().width() >= text + 2 * arrow, (button.text(), arrow)


def test_a_long_job_shows_its_progress_before_its_first_report(qtbot):
    """HANDS-ON 2: «Nạp dữ liệu mẫu» disabled the form and showed nothing for seconds (under Xvfb: 3–5 s), because
    Qt starts the progress dialog's clock at the first value and the demo reports its first step late. The dialog
    shows within half a second of any long job now."""
    import threading

    from PySide6.QtWidgets import QWidget

    from ui import operations
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()
    op = operations.run_job(None, lambda progress, cancelled: release.wait(5), parent=parent, label="Đang nạp…")
    try:
        qtbot.waitUntil(op.dialog.isVisible, timeout=1500)  # before the job reports anything
    finally:
        release.set()
    qtbot.waitUntil(lambda: op.result is not None, timeout=5000)


def test_the_orders_awaiting_intake_are_read_whole_at_1366(main_window, shell_world, qtbot):
    """Chờ nhập kho at 1366×768: «14/LNK-PC02 (PC02, 07/11/2026) — vụ án 8/2026/CSHS: 13 v…» ran off the order pane
    behind a sideways scroll bar; each order wraps within the pane now."""
    from evidence_store.services import announce
    from evidence_store.services.commands import CaseInput, PersonInput, ReceiveItems
    from evidence_store.services.context import UnitOfWork
    from tests.integration.builders import intake_order, phone, seizure_record
    db, world = shell_world
    with UnitOfWork(db, world.actor(db, "thukho")) as uow:
        announce.announce_items(uow, ReceiveItems(intake_order("14/LNK-PC02"), (phone(), phone(name="Súng ngắn K54")),
                                                  PersonInput(full_name="Lê Văn Cường"),
                                                  new_case=CaseInput("8/2026/CSHS"), seizure_record=seizure_record()))
    window = main_window("thukho")
    window.resize(1366, 740)
    screen = window.navigate("announced")
    qtbot.wait(20)
    view = screen.list
    item = view.item(0)
    assert item is not None and "14/LNK-PC02" in item.text() and "2 vật chứng" in item.text()
    rect = view.visualItemRect(item)
    assert rect.right() <= view.viewport().width() and view.horizontalScrollBar().maximum() == 0, rect
    from PySide6.QtCore import QRect, Qt
    needed = view.fontMetrics().boundingRect(QRect(0, 0, rect.width() - 4, 10_000), int(Qt.TextFlag.TextWordWrap),
                                             item.text())
    assert needed.height() <= rect.height(), (needed, rect)  # every line of it shown
