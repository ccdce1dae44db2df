"""Issue #19 (resident memory with the main lists open ≤ 150 MB): the lists that grow with the warehouse — the
items screen's filter by location (14,413 locations at a million items) and the audit's zone schedule (931 zones)
— keep their rows once, behind a model, instead of a Qt item per choice or per cell (together ~9 MB of the
clerk's window at 1M, docs/PERFORMANCE.md). What the user sees and picks stays the same."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from evidence_store.services.dto import LocationNode
from ui.models.choices import ChoiceModel
from ui.models.format import code_text, date_text
from ui.models.paged import PagedTableModel

from .lists_data import lists_db, lists_template, make_ctx  # noqa: F401 (fixtures)


def test_the_items_filter_offers_every_location_of_a_large_warehouse(qtbot, make_ctx, monkeypatch):
    from evidence_store.services import queries
    from ui.screens.items import ItemsScreen
    shelves = [LocationNode(1000 + n, f"VT{n:06d}", f"Ô {n}", "bin", 10, 0, 999) for n in range(14_412)]
    rack = LocationNode(999, "VT999999", "Kệ lớn", "rack", None, 0, None, shelves)
    monkeypatch.setattr(queries, "location_tree", lambda uow, warehouse_id=None: [rack])
    screen = ItemsScreen(make_ctx())
    qtbot.addWidget(screen)
    box = screen.location_box
    assert box.count() == 14_414 and box.itemText(0) == "Mọi vị trí"
    assert box.itemText(1).startswith("Kệ lớn") and box.itemText(14_413).startswith("   Ô 14411")
    assert isinstance(box.model(), ChoiceModel)  # the labels once, in Python: no QStandardItem per location
    screen.set_location(1000 + 14_411)  # a scanned shelf picks its line
    assert box.currentIndex() == 14_413 and screen.current_query().location_id == 1000 + 14_411
    box.setCurrentIndex(0)
    assert screen.current_query().location_id is None


def test_the_audit_schedule_shows_every_zone_with_the_overdue_ones_marked(qtbot, make_ctx, monkeypatch):
    from evidence_store.services import audit_read
    from ui.screens.audit import AuditScreen
    today = date.today()
    due = {n: today - timedelta(days=3) if n == 7 else today + timedelta(days=n) for n in range(1, 931, 2)}
    zones = [audit_read.ScheduleRow(f"VT{n:06d}", f"Khu {n}", 90 if n % 2 else None, due.get(n), "", n == 7)
             for n in range(931)]
    monkeypatch.setattr(audit_read, "schedule", lambda uow: zones)
    screen = AuditScreen(make_ctx())
    qtbot.addWidget(screen)
    table = screen.schedule_table
    assert isinstance(table.model(), PagedTableModel)  # no QTableWidgetItem (and tooltip) per cell
    assert table.rowCount() == 931
    cell = table.model().index
    assert [cell(7, c).data() for c in range(4)] == ["Khu 7", code_text("VT000007"), "90 ngày",
                                                     date_text(today - timedelta(days=3))]
    assert cell(0, 2).data() == "chưa đặt" and cell(0, 3).data() == "chưa kiểm kê lần nào"
    assert cell(7, 0).data(Qt.ItemDataRole.BackgroundRole).name() == "#ffebee"  # overdue: red, as before
    assert cell(8, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert cell(7, 0).data(Qt.ItemDataRole.ToolTipRole) == "Khu 7"
