"""The list screens as a user meets them: filters, opening an item, export, search as you type,
the item view, and the administration screen kept from non-administrators."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QPoint, Qt

from evidence_store.domain.permissions import allowed
from ui import dialogs
from ui.screens import registry
from ui.models.format import code_text

from .lists_data import lists_db, lists_template, make_ctx  # noqa: F401 (fixtures)


class Recorder(dialogs.Interaction):
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
    previous = dialogs.set_interaction(rec)
    yield rec
    dialogs.set_interaction(previous)


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
        "release", "transfer", "entrust", "dispose", "incident", "correction", "seal_broken"}
    assert "seal_broken" in screen.action_buttons  # a torn seal found on the shelf is reported from here (issue #12)
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
    # the move names both places as clerks call them (HANDS-ON 31)
    assert screen.timeline.texts()[-1] == "Chuyển vị trí: Ô A1-1-01 → Ô B1-1-01"


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
    assert screen.tabs.count() == 8  # + Thẩm quyền (issue #11), Căn cứ pháp lý, Ngày nghỉ lễ (issue #12)
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


# -- HANDS-ON 23, 24, 25, 31: the list as clerks use it ---------------------------------------

def test_case_filter_matches_words_without_accents(qtbot, make_ctx):
    from ui.screens.items import ItemsScreen
    screen = ItemsScreen(make_ctx())
    qtbot.addWidget(screen)
    for typed, rows in (("trom cap", 6), ("Trộm cắp", 6), ("cskt", 2), ("87/2026/CSKT", 2), ("dong xuan", 0)):
        screen.case_edit.setEditText(typed)
        screen.apply_filters()
        assert screen.model.rowCount() == rows, typed


def test_header_click_sorts_and_combos_follow_vietnamese_order(qtbot, make_ctx):
    from evidence_store.domain.text import sort_key
    from ui.screens.items import ItemsScreen
    screen = ItemsScreen(make_ctx())
    qtbot.addWidget(screen)
    screen.show()
    header = screen.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + QPoint(header.sectionViewportPosition(1) + 20, 5))
    names = [screen.model.row_at(i).name for i in range(screen.model.rowCount())]
    assert names == sorted(names, key=sort_key) and names[0].startswith("Ắc quy")
    assert names != sorted(names)  # byte order would put "Ắc quy" and "Đồng hồ" last
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + QPoint(header.sectionViewportPosition(1) + 20, 5))
    assert screen.model.row_at(0).name == names[-1]
    labels = [screen.category_box.itemText(i) for i in range(1, screen.category_box.count())]
    assert labels == sorted(labels, key=sort_key)
    dd = [i for i, t in enumerate(labels) if t.startswith("Đ")]
    later = [i for i, t in enumerate(labels) if t[0] in "EGHKLMNOPQRSTUVXY"]
    assert dd and later and max(dd) < min(later)  # Đ right after D, not after Z


def test_locations_show_by_name_and_plates_are_found_without_punctuation(qtbot, make_ctx, lists_db):
    from evidence_store.services import item_search
    from tests.integration.builders import phone, receive
    from ui.screens.items import ItemsScreen
    db, world = lists_db
    receive(db, world.actor(db, "thukho"), [phone(category="motorbike", name="Xe máy Honda Wave",
                                                  attributes={"plate": "29-B1 123.45"}, sealed=False, seal_number="")],
            case_number="90/2026/CSHS")
    screen = ItemsScreen(make_ctx())
    qtbot.addWidget(screen)
    places = {screen.model.data(screen.model.index(r, 6)) for r in range(screen.model.rowCount())}
    assert "Ô A1-1-01" in places
    with make_ctx().reader() as uow:
        assert len(item_search.search_ids(uow, "29B112345")) == 1
        assert len(item_search.search_ids(uow, "29-B1 123.45")) == 1


def test_ledger_book_prints_from_the_list(qtbot, make_ctx, monkeypatch):
    from datetime import date

    from ui import print_actions
    from ui.screens.items import ItemsScreen
    from ui.widgets.print_preview import PrintPreviewDialog
    screen = ItemsScreen(make_ctx())
    qtbot.addWidget(screen)

    def answered(dialog):  # the period typed, then «Xem trước và in»: the dialog renders the book
        dialog.form.widget("date_from").setDate(date(2020, 1, 1))
        dialog.submit()
        return dialog.result()
    monkeypatch.setattr(print_actions.PeriodDialog, "exec", answered)
    screen.book_button.click()
    dialog = screen.findChild(PrintPreviewDialog)
    assert dialog is not None and dialog.pdf.startswith(b"%PDF") and dialog.job_title.startswith("Sổ theo dõi")
    dialog.close()


def test_timeline_follows_the_ledger_and_shows_both_dates_of_a_late_entry(qtbot):
    """Ledger order is the register's legal order: a release of 13/08/2024 entered on 20/11/2024, after a return
    of 16/11/2024, stays below it, with its entry day beside its act day and the act date flagged (HANDS-ON 30)."""
    from datetime import datetime

    from evidence_store.services.dto import EventView
    from ui.screens.item_history import BACKDATED, Timeline

    def event(seq, kind, when, data, entered=None):
        return EventView(seq, kind, when, entered or when, "thukho", "", "", "", "", "", None, (), data, "h")

    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.show_events([
        event(3, "release_temporary", datetime(2024, 8, 13, 2), {"set": {"holder": "PC09"}, "purpose": "examination"},
              entered=datetime(2024, 11, 20, 2)),
        event(2, "return", datetime(2024, 11, 16, 2), {"seal_status": "intact"}),
        event(1, "move", datetime(2024, 3, 1, 2), {"set": {"location_id": 7}, "from": None, "to_code": "VT01000021X"}),
    ], places={7: "Ô A2-3-01"})
    texts = timeline.texts()
    assert texts[0] == "Chuyển vị trí: khu tiếp nhận (chưa xếp) → Ô A2-3-01"
    assert texts[1].startswith("Nhận lại") and texts[2].startswith("Tạm xuất")
    late = timeline.topLevelItem(2)
    assert (late.text(0), late.text(1), late.text(2)) == ("#3", "13/08/2024 09:00", "20/11/2024")
    assert late.foreground(1).color() == BACKDATED and "trước diễn biến đã ghi sổ" in late.toolTip(1)
    on_time = timeline.topLevelItem(1)
    assert on_time.text(2) == "" and on_time.foreground(1).color() != BACKDATED


def test_item_view_greys_what_the_state_forbids_with_the_domains_reason(qtbot, make_ctx):
    """The item page asks domain.moves: an action the role allows but the state forbids is shown greyed with the
    reason; the ones allowed now are buttons (issue #18)."""
    from ui.screens.item_view import ItemViewScreen
    screen = ItemViewScreen(make_ctx("thukho"))
    qtbot.addWidget(screen)
    assert screen.show_item(_first_code(screen.ctx))  # a phone in storage
    greyed = screen.unavailable_buttons
    assert "return" in greyed and not greyed["return"].isEnabled()
    assert greyed["return"].toolTip() == ("Không thể thực hiện «Nhập lại sau tạm xuất» khi vật chứng đang ở trạng thái "
                                         "«Đang lưu kho»")
    assert not set(greyed) & set(screen.action_buttons)
    assert "deposit" not in greyed  # a phone is never deposited with a specialised keeper: not offered at all


def test_item_view_offers_the_transfer_of_a_lost_item(qtbot, make_ctx, lists_db):
    """The transfer service accepts a lost item (its record follows the case); the item page now offers it too."""
    from evidence_store.services.commands import RecordIncident
    from evidence_store.services.incidents import record_incident
    from tests.integration.lifecycle_builders import doc
    from ui.screens.item_view import ItemViewScreen
    ctx = make_ctx("thukho")
    code = _first_code(ctx)
    report = doc("incident_report", "91/BB-SC", lists_db[1].agencies["pc10"])
    with ctx.writer() as uow:
        record_incident(uow, RecordIncident((code,), "lost", report, "Không thấy khi kiểm kê"))
        uow.commit()
    screen = ItemViewScreen(ctx)
    qtbot.addWidget(screen)
    assert screen.show_item(code)
    assert "transfer" in screen.action_buttons and "found" in screen.action_buttons
    assert "dispose" in screen.unavailable_buttons
    assert "không ở trong kho" in screen.unavailable_buttons["dispose"].toolTip()


def test_item_view_labels_are_distinct_and_the_basis_is_readable_whole(qtbot, make_ctx):
    """HANDS-ON 33: the category row ("Loại vật chứng") is not a second "Loại" beside the item's own kind, and
    the timeline's "Căn cứ" cell gives its whole text (tooltip) where the column cuts it."""
    from dataclasses import replace

    from evidence_store.services.queries import item_by_code
    from ui.screens.item_fields import field_rows
    from ui.screens.item_view import ItemViewScreen
    ctx = make_ctx("thukho")
    with ctx.reader() as uow:
        item = item_by_code(uow, _first_code(ctx))
    knife = replace(item, category="weapon", attributes={"kind": "Dao nhọn", "size": "30 cm"})
    labels = [label for label, value in field_rows(knife) if value]
    assert "Loại vật chứng" in labels and "Loại" in labels and len(labels) == len(set(labels))
    screen = ItemViewScreen(ctx)
    qtbot.addWidget(screen)
    assert screen.show_item(item.code)
    first = screen.timeline.topLevelItem(0)
    basis = first.text(5)
    assert basis and first.toolTip(5) == basis


def test_the_seal_number_column_fits_the_seal_numbers(qtbot):
    """HANDS-ON 27: "001838/NP-PC02" was cut to "001838/NP-P…". In the app's own font (bundled, so the same on
    every PC) the column holds a full seal number with the cell's margins; a longer one keeps its tooltip."""
    from PySide6.QtGui import QFont, QFontMetrics

    from ui.app import UI_FONT, UI_POINT_SIZE, load_fonts
    from ui.models.items import ITEM_COLUMNS
    load_fonts()
    metrics = QFontMetrics(QFont(UI_FONT, UI_POINT_SIZE))
    column = next(c for c in ITEM_COLUMNS if c.header == "Số niêm phong")
    for seal in ("001838/NP-PC02", "001838/NP-PC10", "NP-0001234"):
        assert metrics.horizontalAdvance(seal) + 16 <= column.width, (seal, metrics.horizontalAdvance(seal))
    assert column.tooltip is None  # the cell's tooltip is then its whole value (models/paged.py)
