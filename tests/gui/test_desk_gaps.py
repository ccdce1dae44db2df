"""HANDS-ON items found by users and left open after the first pass (issue #17): Enter in forms, the
admin's first steps, the return dialog, one message per scan, the admin tree at 1280 px."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import send_text
from tests.integration.builders import phone, receive


def press_enter(widget):
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"))


def test_enter_in_a_fixed_field_submits_the_setup_form(qtbot, db, recorder):
    """HANDS-ON 1: the user fixes the prefix the form refused and presses Enter there: the warehouse is
    created. While required fields are still empty, Enter moves on to the next field instead."""
    from ui.context import AppContext, AppSignals
    from ui.screens.setup import SetupDialog
    dialog = SetupDialog(AppContext(db, None, AppSignals()))
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    send_text(form.widget("warehouse_name"), "Kho thử")
    press_enter(form.widget("warehouse_name"))
    assert dialog.username == "" and not form.error("admin_password")  # moved on, nothing refused yet
    values = {"code_prefix": "VA", "agency_name": "Phòng PC10", "admin_full_name": "Nguyễn Quản Trị",
              "admin_username": "quantri", "admin_password": "matkhau123", "again": "matkhau123"}
    for key, text in values.items():
        form.widget(key).setText(text)
    press_enter(form.widget("again"))
    assert form.error("code_prefix")  # refused at its field: vowels are not allowed
    assert dialog.username == ""
    form.widget("code_prefix").setText("HK")
    assert form.error("code_prefix") == ""
    press_enter(form.widget("code_prefix"))  # Enter in the fixed field, not the last one
    assert dialog.username == "quantri"


def test_scanning_another_officers_item_says_one_thing(main_window, shell_world, recorder):
    """HANDS-ON 61: an officer scans an item of a case another officer handles: no dialog and no
    "Không tìm thấy mã" — one message in the indicator that the code exists but is not theirs."""
    from ui.scan_feedback import Outcome
    db, world = shell_world
    from sqlalchemy import text
    code = receive(db, world.actor(db, "thukho"), [phone()]).item_codes[0]
    with db.writer.begin() as conn:  # the case is handled by another officer than canbo
        conn.execute(text("UPDATE cases SET officer_id = (SELECT id FROM persons WHERE full_name = 'Phạm Quang Dũng')"))
        conn.execute(text("UPDATE case_responsibility SET person_id = (SELECT id FROM persons "
                          "WHERE full_name = 'Phạm Quang Dũng')"))  # never canbo's case (issue 13: past ones stay visible)
    window = main_window("canbo")
    found = window.open_code(code)
    assert found.outcome is Outcome.REFUSED
    assert recorder.messages == []  # no dialog
    text = window.toolbar.indicator.text()
    assert "Không tìm thấy" not in text and "cán bộ khác" in text


def test_admin_location_codes_are_whole_at_1280(main_window, qtbot):
    """HANDS-ON 96: at 1280 px the admin tree's location codes were cut."""
    from ui.models.locations import CODE
    window = main_window("quantri")
    window.resize(1280, 720)
    window.show()
    admin = window.navigate("admin")
    admin.tabs.setCurrentWidget(admin.locations)
    tree = admin.locations.tree
    tree.expandAll()
    qtbot.wait(10)
    metrics = tree.fontMetrics()
    model, shown = tree.model(), []

    def walk(parent):
        for row in range(model.rowCount(parent)):
            shown.append(model.index(row, CODE, parent).data())
            walk(model.index(row, 0, parent))
    from PySide6.QtCore import QModelIndex
    walk(QModelIndex())
    assert shown
    widest = max(metrics.horizontalAdvance(str(text)) for text in shown)
    assert tree.columnWidth(CODE) >= widest + 6, (tree.columnWidth(CODE), widest)
    assert tree.header().length() <= tree.viewport().width() + 1  # nothing pushed off to the right


def test_the_return_dialog_shows_its_whole_form_and_reads_naturally(shell_world, qtbot):
    """HANDS-ON 39: the return dialog's right-hand form was clipped (and the dialog taller than a 768 px
    screen); its seal option read "niêm phong đã niêm phong lại"."""
    from PySide6.QtWidgets import QScrollArea
    from tests.gui.conftest import make_ctx
    from ui.screens.return_panel import ReturnDialog
    db, world = shell_world
    from PySide6.QtCore import QRect
    from ui.widgets.scan_batch import fit_to_screen
    dialog = ReturnDialog(make_ctx(db, world, "thukho"), [])
    qtbot.addWidget(dialog)
    free = QRect(0, 0, 1280, 720 - 30)  # a 1280×720 screen less its task bar
    fit_to_screen(dialog, 1180, 760, free)
    dialog.show()
    panel = dialog.panel
    panel.seal_mode.setCurrentIndex(panel.seal_mode.findData("reseal"))
    qtbot.wait(10)
    assert dialog.height() + 30 <= free.height() and dialog.width() <= free.width()  # with its title bar
    scroll = next(w for w in panel.findChildren(QScrollArea) if w.widget().isAncestorOf(panel.form))
    assert scroll.widget().width() <= scroll.viewport().width()  # no field runs past the visible area
    for key in ("location", "new_seal", "participants", "reseal_witnesses", "condition"):
        field = panel.form.widget(key)
        right = field.mapTo(scroll.viewport(), field.rect().topRight()).x()
        assert right < scroll.viewport().width(), key
    for i in range(panel.seal_mode.count()):
        assert "niêm phong đã niêm phong" not in f"niêm phong {panel.seal_mode.itemText(i)}".lower()


def test_the_first_admin_login_lists_the_first_steps_until_they_are_done(qtbot, qapp, db, recorder, monkeypatch):
    """HANDS-ON 3: after the first admin login the home screen was empty. It lists the first steps —
    accounts, locations, location labels — each opening its admin tab, ticked off as they are done."""
    from sqlalchemy import select

    from evidence_store.db.models import Location, User
    from evidence_store.services import accounts, setup
    from evidence_store.services.context import UnitOfWork
    from ui.context import AppContext, AppSignals
    from ui.main_window import MainWindow
    from ui.scan_feedback import ScanSounds
    from ui.widgets import print_preview
    with UnitOfWork(db) as uow:
        setup.first_run(uow, setup.FirstRun("Kho thử", "VC", "Phòng PC10", "PC10", "Công an tỉnh", "quantri",
                                            "matkhau123", "Vũ Minh Tuấn"))
    with UnitOfWork(db, write=False) as uow:
        admin = accounts.actor_for(uow.session.scalars(select(User).where(User.username == "quantri")).one())
    ctx = AppContext(db, admin, AppSignals(), "Kho thử")
    window = MainWindow(ctx, sounds=ScanSounds(muted=True), idle_minutes=0)
    qtbot.addWidget(window)
    window.show()
    home = window.navigate("home")
    panel = home.first_steps
    assert panel.isVisible() and "còn 3 việc" in panel.title.text()
    assert [m.text() for m in panel.marks.values()] == ["○", "○", "○"]
    admin_screen = panel.open_step("users", "users")
    assert window.current_key == "admin" and admin_screen.tabs.currentWidget() is admin_screen.users
    with UnitOfWork(db, admin) as uow:
        accounts.create_user(uow, "thukho", "ThuKho@2026", ["clerk"], full_name="Nguyễn Thị Lan")
        wh = uow.session.scalars(select(Location).where(Location.parent_id.is_(None))).one()
        setup.add_location(uow, wh.warehouse_id, wh.id, "Khu A", "zone")
        uow.commit()
    home = window.navigate("home")
    home.refresh()
    assert "còn 1 việc" in panel.title.text() and list(panel.marks.values())[2].text() == "○"
    shown = []
    monkeypatch.setattr(print_preview.PrintPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    panel.open_step("location_labels", "locations")
    assert shown, recorder.messages  # the warehouse's location labels, ready to print
    window.navigate("home").refresh()
    assert not panel.isVisible()


def test_an_item_of_a_case_handed_to_the_vks_offers_its_officer_no_action(main_window, shell_world):
    """Found walking the app: after the CQĐT handed the case to the VKS, canbo's item page still offered
    «Chuyển giao», «Xử lý vật chứng», seals…; he filled the whole transfer form before being told «chỉ được xem».
    Every action is now greyed with that reason; the warehouse's clerk keeps his."""
    from evidence_store.services.commands import PersonInput, TransferResponsibility
    from evidence_store.services.context import UnitOfWork
    from evidence_store.services.acceptance import accept_handover
    from evidence_store.services.transfer import transfer_responsibility
    from tests.integration.lifecycle_builders import doc, milestone
    db, world = shell_world
    ch = receive(db, world.actor(db, "thukho"), [phone()], case_number="92/2026/CSHS")
    milestone(db, ch.case_id, "opening", "case_opening", "92/QĐ-KTVA", world.agencies["pc02"])
    with UnitOfWork(db, world.actor(db, "canbo")) as uow:
        offer = transfer_responsibility(uow, TransferResponsibility(
            doc("investigation_conclusion", "92/KLĐT", world.agencies["pc02"]), world.agencies["vks"],
            case_id=ch.case_id, receiver=PersonInput(id=world.persons["kiemsatvien"])))
    with UnitOfWork(db, world.actor(db, "kiemsatvien")) as uow:  # the VKS accepts: the case is its own now
        accept_handover(uow, offer.handover_number)
    window = main_window("canbo")
    window.open_code(ch.item_codes[0])
    officer = window.screens["item_view"]
    assert officer.action_buttons == {} and "transfer" in officer.unavailable_buttons
    assert "chỉ được xem" in officer.unavailable_buttons["transfer"].toolTip()
    clerk_window = main_window("thukho")
    clerk_window.open_code(ch.item_codes[0])
    clerk = clerk_window.screens["item_view"]
    assert "transfer" in clerk.action_buttons
