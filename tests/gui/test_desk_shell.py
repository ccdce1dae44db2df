"""The main window as clerks found it (HANDS-ON 5, 6, 29, 62, 64, 65): language switches, Back,
fixed function keys, the unlock dialog and unsaved work."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QLabel

from evidence_store.i18n import set_language
from tests.integration.builders import phone, receive


def test_switching_language_twice_keeps_the_top_bar_and_the_shelving_batch(main_window, shell_world, qtbot):
    db, world = shell_world
    code = receive(db, world.actor(db, "thukho"), [phone()]).item_codes[0]
    window = main_window("thukho")
    shelving = window.navigate("shelving")
    shelving.set_target(world.locations["bin_A111"])
    shelving.add_item(code)
    try:
        for lang in ("en", "vi", "en", "vi"):
            window.switch_language(lang)
            qtbot.wait(5)  # let deleteLater run: the crash came from labels deleted by the first switch
        assert window.toolbar.scan_field.isVisible()
        assert window.current_key == "shelving"
        shelving = window.screens["shelving"]
        assert shelving.target.code == world.locations["bin_A111"]
        assert [d.code for d in shelving.batch] == [code]
        assert any("Người dùng:" in label.text() for label in window.findChildren(QLabel))
    finally:
        set_language("vi")


def test_item_view_has_a_way_back_and_no_sidebar_entry_stays_lit(main_window, shell_world):
    db, world = shell_world
    code = receive(db, world.actor(db, "thukho"), [phone()]).item_codes[0]
    window = main_window("thukho")
    window.navigate("items")
    window.open_code(code)
    assert window.current_key == "item_view"
    assert window.nav.currentRow() == -1
    window.go_back()
    assert window.current_key == "items"
    window.open_code(code)
    window.navigate("home")  # clicking the sidebar works from the item view
    assert window.current_key == "home"


def test_function_keys_keep_their_meaning_across_roles(main_window):
    clerk = main_window("thukho")
    officer = main_window("canbo")
    clerk_keys = {k.key().toString(): k for k in clerk._keys}
    officer_keys = {k.key().toString(): k for k in officer._keys}
    clerk_keys["F6"].activated.emit()
    assert clerk.current_key == "items"
    if "F6" in officer_keys:
        officer_keys["F6"].activated.emit()
        assert officer.current_key == "items"


def test_unlock_cancel_asks_before_logging_out(main_window, recorder):
    window = main_window("thukho")
    out = []
    window.logged_out.connect(lambda: out.append(True))
    recorder.passwords = [None, "ThuKho@2026"]  # "Đăng xuất", then back to unlocking
    recorder.confirm_answer = False
    window.lock_screen(manual=True)
    assert out == [] and not window.locked
    assert any("Đăng xuất?" in t for t in recorder.texts("confirm"))
    asked = [m for m in recorder.messages if m[0] == "password"]
    assert asked and not any("không sử dụng" in " ".join(m[1:]) for m in asked), asked  # a manual lock is no idle one


def test_closing_in_the_middle_of_an_intake_asks(main_window, recorder, qtbot):
    window = main_window("thukho")
    intake = window.navigate("intake")
    intake.steps[0].form.widget("case_number").setText("77/2026/CSHS")
    assert intake.has_unsaved()
    recorder.confirm_answer = False
    window.close()
    assert window.isVisible()
    recorder.confirm_answer = True
    window.close()
    assert not window.isVisible()


def test_the_window_fits_1280x720_with_every_screen_and_an_item_open(main_window, shell_world, qtbot):
    """HANDS-ON 95: 1280×720 minus a title bar and a taskbar leaves about 1280×650."""
    db, world = shell_world
    code = receive(db, world.actor(db, "thukho"), [phone()]).item_codes[0]
    window = main_window("thukho")
    for entry in window.entries:
        window.navigate(entry.key)
    window.open_code(code)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 650, (hint.width(), hint.height())
    window.resize(1280, 650)
    qtbot.wait(20)
    screen = window.screens["item_view"]
    assert screen.action_buttons and all(b.isVisible() for b in screen.action_buttons.values())
    right = max(b.mapTo(window, b.rect().bottomRight()).x() for b in screen.action_buttons.values())
    assert right <= window.width()


def test_item_view_print_menu_offers_labels_records_and_registers(main_window, shell_world, recorder):
    db, world = shell_world
    code = receive(db, world.actor(db, "thukho"), [phone()]).item_codes[0]
    window = main_window("thukho")
    window.open_code(code)
    view = window.screens["item_view"]
    view._fill_print_menu()
    texts = [a.text() for a in view.print_menu.actions()]
    assert {"In lại nhãn…", "Thẻ kho", "Báo cáo quá trình quản lý vật chứng", "Biên bản và phiếu"} <= set(texts)
    records = next(a.menu() for a in view.print_menu.actions() if a.menu() is not None)
    entries = [a.text() for a in records.actions()]
    assert any(t.startswith("Biên bản ") for t in entries) and any(t.startswith("Phiếu nhập kho") for t in entries)
    card = next(a for a in view.print_menu.actions() if a.text() == "Thẻ kho")
    card.trigger()
    dialog = view.findChild(__import__("ui.widgets.print_preview", fromlist=["x"]).PrintPreviewDialog)
    assert dialog is not None and dialog.pdf.startswith(b"%PDF") and "Thẻ kho" in dialog.job_title
    dialog.close()
    assert "Vụ án 125/2026/CSHS" in view.case_label.text()


def test_qt_dialogs_speak_vietnamese(qapp):
    """PySide6 ships no qtbase_vi.qm: the app's own table answers Qt (HANDS-ON 67)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
    from ui import qt_translations
    try:
        qt_translations.install("vi", qapp)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        assert sorted(b.text() for b in box.buttons()) == ["Hủy", "Đồng ý"]
        dialog = QFileDialog(None, "Lưu PDF")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        texts = {w.text() for w in dialog.findChildren(QLabel)}
        assert "&Tìm trong:" in texts and "&Loại tệp:" in texts and "&Tên tệp:" in texts
        assert QCoreApplication.translate("QPrintSettingsOutput", "Copies:") == "Số bản:"
        assert QCoreApplication.translate("QPrintDialog", "&Print") == "&In"
        qt_translations.install("en", qapp)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.buttons()[0].text() == "Cancel"
    finally:
        qt_translations.install("en", qapp)


def test_home_cards_and_rows_open_what_they_show(main_window, shell_world, qtbot):
    """HANDS-ON 7: cards open the list filtered; recent rows open their item; recent activity newest first."""
    db, world = shell_world
    codes = receive(db, world.actor(db, "thukho"), [phone(), phone(name="Dao", category="weapon", attributes={})]
                    ).item_codes
    window = main_window("thukho")
    home = window.screens["home"]
    home.refresh()
    home.open_card("awaiting")
    assert window.current_key == "items"
    assert window.screens["items"].state_box.currentData() == "awaiting_intake"
    window.navigate("home")
    assert home.recent.rowCount() >= 2
    times = [home.recent.item(r, 0).text() for r in range(home.recent.rowCount())]
    assert times == sorted(times, key=lambda t: (t[6:10], t[3:5], t[0:2], t[11:]), reverse=True)
    home.open_row(home.recent, 0)
    assert window.current_key == "item_view" and window.screens["item_view"].item.code in codes


def test_setup_messages_read_well_and_errors_clear_when_fixed(qtbot, db, recorder):
    """HANDS-ON 1, 2: no "Cần nhập nhập lại"; a fixed field loses its error; the demo asks first."""
    from ui.context import AppContext, AppSignals
    from ui.screens.setup import SetupDialog
    dialog = SetupDialog(AppContext(db, None, AppSignals()))
    qtbot.addWidget(dialog)
    assert not dialog.create()
    assert dialog.form.error("again") == "Cần nhập mật khẩu (nhập lại)"
    dialog.form.widget("again").setText("x")
    assert dialog.form.error("again") == ""
    recorder.confirm_answer = False
    assert dialog.load_demo() is False and dialog.isEnabled()
    assert any("dữ liệu mẫu" in t for t in recorder.texts("confirm"))
    assert any("2.000 vật chứng" in t for t in recorder.texts("confirm"))  # a number as Vietnamese write it


def test_deadline_cards_open_their_own_deadlines_in_the_inbox(main_window, shell_world, qtbot):
    """Issue 13: 'Tạm xuất đến hạn / quá hạn' and 'Hạn luật định sắp đến' open the inbox showing just those
    deadlines (as many rows as the card counts); the inbox button shows every task again."""
    from datetime import timedelta
    from evidence_store.services import release
    from evidence_store.services import commands
    from evidence_store.services.context import UnitOfWork
    from tests.integration.lifecycle_builders import seals_checked
    from tests.integration.lifecycle_builders import TODAY, approved_release, doc, examiner
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    from .lifecycle_helpers import cash
    codes = receive(db, clerk, [phone(location_code=world.locations["bin_A111"]), cash()]).item_codes  # cash: to
    with UnitOfWork(db, clerk) as uow:
        approved_release(uow, commands.ReleaseItems(
            (codes[0],), doc("release_order", "61/LXK-PC02", world.agencies["pc02"]), "examination",
            examiner(world.agencies["ca"]), TODAY + timedelta(days=1), receiver_agency_id=world.agencies["ca"], seal_states=seals_checked((codes[0],))))
    window = main_window("thukho")
    home = window.screens["home"]
    home.refresh()
    counts = {k: int(home.numbers[k].text().replace(".", "") or 0) for k in ("temporary", "legal")}
    assert counts["temporary"] == 1 and counts["legal"] >= 1  # the Kho bạc at once (ND 142/2024 Art 15)
    for key in ("temporary", "legal"):
        window.navigate("home")
        inbox = home.open_card(key)
        assert window.current_key == "inbox"
        assert inbox.table.rowCount() == counts[key] == len(inbox.tasks)
        assert {t.kind for t in inbox.tasks} == {"deadline"}
    assert [t.ref for t in inbox.tasks if t.deadline_kind == "temporary_return"] == []
    window.navigate("home")
    inbox = home.open_tasks("inbox")
    assert inbox.what.currentData() is None and len(inbox.tasks) > counts["legal"]


@pytest.mark.parametrize("free", [(0, 0, 1366, 728), (0, 30, 1280, 650), (1920, 0, 1920, 1040)])
def test_the_window_opens_inside_the_screen_it_is_on(main_window, qtbot, monkeypatch, free):
    """Started on a 1366×768 screen, the window used to open 1400 px wide: the toolbar's right end (the
    user's name, "Xử lý vật chứng") and the tables' last columns lay off the screen."""
    from PySide6.QtCore import QRect
    from ui import main_window as mw
    area = QRect(*free)

    class _Screen:
        def availableGeometry(self):
            return area
    monkeypatch.setattr(mw.MainWindow, "screen", lambda self: _Screen())
    window = main_window("thukho")
    geometry = window.frameGeometry()
    assert area.contains(geometry.topLeft()) and window.width() <= area.width()
    assert window.height() <= area.height()
    assert window.width() == min(1400, area.width())  # the preferred size where the screen allows it
