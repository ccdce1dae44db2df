"""The list screens as a user meets them: filters, opening an item, export, search as you type,
the item view, and the administration screen kept from non-administrators."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt

from evidence_store.domain.permissions import allowed
from ui import messages
from ui.screens import registry
from ui.models.format import code_text

from .lists_data import lists_db, lists_template, make_ctx  # noqa: F401 (fixtures)


class Recorder(messages.Interaction):
    """Answers dialogs in tests and remembers what was shown."""

    def __init__(self, save_path=None) -> None:
        self.shown, self.save_path = [], save_path

    def info(self, title, text, parent=None):
        self.shown.append(("info", text))

    def warn(self, title, text, parent=None):
        self.shown.append(("warn", text))

    def error(self, title, text, parent=None):
        self.shown.append(("error", text))

    def confirm(self, title, text, parent=None):
        return True

    def ask_save_path(self, title, suggested, filters, parent=None):
        return self.save_path

    def ask_password(self, title, prompt, parent=None):
        return None

    def ask_open_files(self, title, filters, parent=None):
        return []


@pytest.fixture
def recorder():
    rec = Recorder()
    previous = messages.set_interaction(rec)
    yield rec
    messages.set_interaction(previous)


def test_filters_narrow_the_list_and_a_scanned_shelf_filters_to_it(qtbot, make_ctx, lists_db):
    from ui.screens.items import ItemsScreen
    _db, world = lists_db
    screen = ItemsScreen(make_ctx())
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == 6 and screen.count_label.text() == "6 vật chứng"
    screen.category_box.setCurrentIndex(screen.category_box.findData("phone"))
    assert screen.model.rowCount() == 2
    screen.category_box.setCurrentIndex(0)
    screen.case_edit.setEditText("87/2026/CSKT")
    screen.apply_filters()
    assert screen.model.rowCount() == 2
    screen.case_edit.setEditText("")
    assert screen.handle_scan(world.locations["bin_A111"])
    assert screen.model.rowCount() == 2
    assert not screen.handle_scan("VC26000001Q")  # an item: the main window opens it


def test_double_click_and_enter_open_the_item(qtbot, make_ctx):
    from ui.screens.items import ItemsScreen
    screen = ItemsScreen(make_ctx())
    qtbot.addWidget(screen)
    screen.show()
    opened = []
    screen.item_requested.connect(opened.append)
    screen.table.setCurrentIndex(screen.model.index(5, 0))
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    index = screen.model.index(0, 1)
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=screen.table.visualRect(index).center())
    qtbot.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                      pos=screen.table.visualRect(index).center())
    assert opened == [screen.model.row_at(5).code, screen.model.row_at(0).code]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_writes_the_vietnamese_rows(qtbot, make_ctx, recorder, tmp_path, suffix):
    from ui.screens.items import ItemsScreen
    recorder.save_path = str(tmp_path / f"vat-chung{suffix}")
    screen = ItemsScreen(make_ctx())
    qtbot.addWidget(screen)
    screen.export()
    qtbot.waitUntil(lambda: any(kind == "info" for kind, _t in recorder.shown), timeout=10_000)
    if suffix == ".csv":
        raw = (tmp_path / "vat-chung.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
        rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))  # Vietnamese regional settings
        money = "2500000"
    else:
        from openpyxl import load_workbook
        sheet = load_workbook(tmp_path / "vat-chung.xlsx").active
        assert sheet["A1"].value == "Danh sách vật chứng" and sheet.freeze_panes == "A5"
        rows = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(min_row=4, values_only=True)]
        money = 2500000
    assert rows[0][:2] == ["Mã vật chứng", "Tên vật chứng"]
    assert rows[0][3:5] == ["Số lượng", "Đơn vị tính"]
    assert len(rows) == 7
    assert ["Điện thoại di động Samsung Galaxy A52", "Điện thoại di động"] in [r[1:3] for r in rows]
    assert any(r[3] == money and r[4] == "đồng" for r in rows)


def test_typing_without_accents_finds_the_accented_items(qtbot, make_ctx, type_text):
    from ui.screens.search import SearchScreen
    screen = SearchScreen(make_ctx())
    qtbot.addWidget(screen)
    screen.show()
    type_text(screen.box, "dien thoai")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=3000)
    names = {screen.model.row_at(r).name for r in range(2)}
    assert names == {"Điện thoại di động Samsung Galaxy A52", "Điện thoại iPhone 12 Pro màu xanh"}
    screen.box.clear()
    type_text(screen.box, "đồng hồ")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=3000)
    opened = []
    screen.item_requested.connect(opened.append)
    qtbot.keyClick(screen.box, Qt.Key.Key_Return)
    assert opened == [screen.model.row_at(0).code]


def _first_code(ctx):
    from evidence_store.services.queries import ItemQuery, item_page
    with ctx.reader() as uow:
        return item_page(uow, ItemQuery(order="oldest"), 0, 1)[0].code


def test_item_view_shows_the_timeline_and_the_clerks_actions(qtbot, make_ctx):
    from ui.screens.item_view import ItemViewScreen
    ctx = make_ctx("thukho")
    screen = ItemViewScreen(ctx)
    qtbot.addWidget(screen)
    assert screen.show_item(_first_code(ctx))
    lines = screen.timeline.texts()
    assert lines[0].startswith("Nhập kho theo Lệnh nhập kho số 12/LNK-PC02, biên bản ")
    assert {"move", "unseal", "reseal"} <= set(screen.action_buttons)
    # with ui.screens.lifecycle present, the lifecycle actions a clerk may take on a phone in storage
    assert set(screen.action_buttons) - {"move", "unseal", "reseal"} <= {
        "release", "transfer", "entrust", "dispose", "incident", "correction"}
    assert screen.name_label.text() == "Điện thoại di động Samsung Galaxy A52"


def test_item_view_hides_what_the_role_does_not_allow(qtbot, make_ctx):
    from ui.screens.item_view import ItemViewScreen
    supervisor = ItemViewScreen(make_ctx("kiemsat"))
    officer = ItemViewScreen(make_ctx("canbo"))
    for screen in (supervisor, officer):
        qtbot.addWidget(screen)
        assert screen.show_item(_first_code(screen.ctx))
    assert supervisor.action_buttons == {}
    assert "move" not in officer.action_buttons and "unseal" in officer.action_buttons


def test_moving_from_the_item_view_records_the_move(qtbot, make_ctx, lists_db, recorder):
    from ui.screens.item_view import ItemViewScreen
    _db, world = lists_db
    ctx = make_ctx("thukho")
    screen = ItemViewScreen(ctx)
    qtbot.addWidget(screen)
    ctx.signals.changes_applied.connect(screen.refresh)
    screen.show_item(_first_code(ctx))
    screen.start_action("move")
    assert screen.handle_scan(world.locations["bin_B111"])  # the shelf's code fills the open dialog
    assert recorder.shown == []
    assert screen.item.location_code == world.locations["bin_B111"]
    assert screen.timeline.texts()[-1] == f"Chuyển vị trí đến {code_text(world.locations['bin_B111'])}"


def test_admin_screen_is_for_administrators_only(qtbot, make_ctx):
    from ui.screens.admin import AdminScreen
    clerk, admin = make_ctx("thukho"), make_ctx("quantri")
    assert "admin" not in [e.key for e, _cls in registry.available(clerk.actor.roles)]
    assert "admin" in [e.key for e, _cls in registry.available(admin.actor.roles)]
    refused = AdminScreen(clerk)
    qtbot.addWidget(refused)
    assert refused.refused and refused.tabs.count() == 0
    screen = AdminScreen(admin)
    qtbot.addWidget(screen)
    assert screen.tabs.count() == 5
    from evidence_store.demo.base import DEMO_USERS
    assert {u.username for u in screen.users.users} == set(DEMO_USERS)
    assert not allowed(clerk.actor.roles, AdminScreen.required_action)


def test_locations_screen_selects_a_scanned_shelf_and_lists_its_items(qtbot, make_ctx, lists_db):
    from ui.screens.locations import LocationsScreen
    _db, world = lists_db
    screen = LocationsScreen(make_ctx())
    qtbot.addWidget(screen)
    assert screen.handle_scan(world.locations["bin_A111"])
    assert screen.current.code == world.locations["bin_A111"]
    assert screen.items_model.rowCount() == 2


def test_cases_screen_shows_the_case_items(qtbot, make_ctx):
    from ui.screens.cases import CasesScreen
    screen = CasesScreen(make_ctx())
    qtbot.addWidget(screen)
    screen.table.setCurrentIndex(screen.model.index(1, 0))  # oldest case: 4 items
    assert screen.items_model.rowCount() == 4
    assert "125/2026/CSHS" in screen.case_label.text()
