"""Issue #19 (resident memory with the main lists open ≤ 150 MB): the lists that grow with the warehouse — the
items screen's filter by location (14,413 locations at a million items) and the audit's zone schedule (931 zones)
— keep their rows once, behind a model, instead of a Qt item per choice or per cell (together ~9 MB of the
clerk's window at 1M, docs/PERFORMANCE.md). What the user sees and picks stays the same."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from evidence_store.services.dto import LocationNode
from ui.models.choices import ChoiceModel
from ui.models.format import code_text, date_text
from ui.models.paged import PagedTableModel

from .lists_data import lists_db, lists_template, make_ctx  # noqa: F401 (fixtures)
from evidence_store.domain import chronology


def test_the_items_filter_offers_every_location_of_a_large_warehouse(qtbot, make_ctx, monkeypatch):
    from evidence_store.services import queries
    from ui.screens.items import ItemsScreen
    shelves = [LocationNode(1000 + n, f"VT{n:06d}", f"Ô {n}", "bin", 10, 0, 999) for n in range(14_412)]
    rack = LocationNode(999, "VT999999", "Kệ lớn", "rack", None, 0, None, shelves)
    monkeypatch.setattr(queries, "location_tree", lambda uow, warehouse_id=None: [rack])
    screen = ItemsScreen(make_ctx())
    qtbot.addWidget(screen)
    box = screen.location_box
    assert box.count() == 1 and box.itemText(0) == "Mọi vị trí"  # the tree is not read before it is wanted
    box.showPopup()  # the user opens the filter: every location is there
    box.hidePopup()
    assert box.count() == 14_414 and box.itemText(0) == "Mọi vị trí"
    assert box.itemText(1).startswith("Kệ lớn") and box.itemText(14_413).startswith("   Ô 14411")
    assert isinstance(box.model(), ChoiceModel)  # the labels once, in Python: no QStandardItem per location
    screen.set_location(1000 + 14_411)  # a scanned shelf picks its line
    assert box.currentIndex() == 14_413 and screen.current_query().location_id == 1000 + 14_411
    box.setCurrentIndex(0)
    assert screen.current_query().location_id is None


def test_a_scanned_shelf_filters_the_items_list_before_the_location_box_was_ever_opened(qtbot, make_ctx,
                                                                                         monkeypatch):
    from evidence_store.services import queries
    from ui.screens.items import ItemsScreen
    shelf = LocationNode(1001, "VT000001", "Ô 1", "bin", 10, 0, 999)
    rack = LocationNode(999, "VT999999", "Kệ lớn", "rack", None, 0, None, [shelf])
    reads = []
    monkeypatch.setattr(queries, "location_tree", lambda uow, warehouse_id=None: reads.append(1) or [rack])
    screen = ItemsScreen(make_ctx())
    qtbot.addWidget(screen)
    assert reads == []
    screen.set_location(1001)
    assert screen.location_box.currentText().strip().startswith("Ô 1") and screen.current_query().location_id == 1001
    screen.location_box.showPopup()
    screen.location_box.hidePopup()
    assert reads == [1] and screen.location_box.count() == 3  # read once


def test_the_audit_schedule_shows_every_zone_with_the_overdue_ones_marked(qtbot, make_ctx, monkeypatch):
    from evidence_store.services import audit_read
    from ui.screens.audit import AuditScreen
    today = chronology.today()
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


def test_the_location_tree_keeps_each_kind_once_and_finds_every_parent(make_ctx):
    from ui.models.locations import LocationTreeModel
    model = LocationTreeModel(make_ctx())
    kinds: dict[str, object] = {}
    seen = 0
    pending = [model.index(r, 0) for r in range(model.rowCount())]
    while pending:
        index = pending.pop()
        node = model.node(index)
        seen += 1
        assert kinds.setdefault(node.kind, node.kind) is node.kind  # one string per kind among 14,412 rows at 1M
        children = [model.index(r, 0, index) for r in range(model.rowCount(index))]
        assert all(model.parent(child) == index for child in children)
        pending.extend(children)
    assert model.parent(model.index(0, 0)).isValid() is False
    assert seen == len(model) > 5 and len(kinds) >= 3


def test_the_location_tree_in_flat_lists_shows_what_the_nodes_showed(make_ctx):
    """The same tree, totals and lookups as the LocationNode tree it replaced (issue #19: ~7 MB → ~2 MB at 1M)."""
    from evidence_store.services import queries
    from ui.models.locations import COUNT, LocationTreeModel
    ctx = make_ctx()
    model = LocationTreeModel(ctx)
    with ctx.reader() as uow:
        roots = queries.location_tree(uow)

    def branch(node):  # occupancy, capacity of a branch as the old model added them up
        occupancy, below = node.occupancy or 0, 0
        for child in node.children:
            o, c = branch(child)
            occupancy, below = occupancy + o, below + (c or 0)
        return occupancy, node.capacity if node.capacity is not None or not below else below

    def check(nodes, parent):
        assert model.rowCount(parent) == len(nodes)
        for row, node in enumerate(nodes):
            index = model.index(row, 0, parent)
            assert model.node(index) == LocationNode(node.id, node.code, node.name, node.kind, node.capacity,
                                                     node.occupancy, node.parent_id)
            assert model.parent(index) == parent and model.index_of(node.id) == index
            assert model.totals(node.id) == branch(node)
            occupancy, capacity = branch(node)
            assert model.index(row, COUNT, parent).data() == (f"{occupancy} / {capacity:,}".replace(",", ".")
                                                              if capacity else str(occupancy))
            check(node.children, index)
    check(roots, model.index(-1, 0))
    assert [(n.id, d) for n, d in model.walk()][:3] == [(roots[0].id, 0), (roots[0].children[0].id, 1),
                                                       (roots[0].children[0].children[0].id, 2)]
    assert not model.index_of(10**9).isValid()
