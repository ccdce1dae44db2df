"""At 1366×768 the batch screens give the item's name its room (issue 17): in Xuất kho the name column was a sliver
beside the seal check and the form, with a sideways scroll bar; in Kho & vị trí the place names and the items'
names were cut."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics

from tests.integration.builders import phone, receive
from ui.widgets.scan_batch import NAME_ROOM

CAR = "Ô tô Hyundai HD72 (ô tô tải) BKS 30H-583.44"
BIKE = "Xe mô tô Honda Wave Alpha BKS 29M8-837.92"
PHONE = "Điện thoại di động Xiaomi Redmi Note 11"


def _fits(table, col, text, pad=6) -> bool:
    return table.columnWidth(col) >= QFontMetrics(table.font()).horizontalAdvance(text) + pad


def _shown_whole(table, row, col, pad=12) -> bool:
    """The cell's text, wrapped at word breaks within its column, fits the row's height: nothing cut."""
    text = table.item(row, col).text()
    rect = QFontMetrics(table.font()).boundingRect(QRect(0, 0, table.columnWidth(col) - pad, 10_000),
                                                   int(Qt.TextFlag.TextWordWrap), text)
    return rect.width() <= table.columnWidth(col) - pad and rect.height() <= table.rowHeight(row)


def test_release_batch_shows_the_names_at_1366(main_window, shell_world, qtbot):
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    codes = receive(db, clerk, [phone(name=CAR, category="car", unit="chiếc", seal_number="000441/NP-PC03",
                                      location_code=world.locations["yard"], attributes={}),
                                phone(name=BIKE, category="motorbike", seal_number="000311/NP-PC02",
                                      location_code=world.locations["yard"], attributes={}),
                                phone(name=PHONE, seal_number="000458/NP-PC04",
                                      location_code=world.locations["bin_A111"])]).item_codes
    window = main_window("thukho")
    window.resize(1366, 740)
    screen = window.navigate("release")
    panel = screen.release_panel
    for code in codes:
        panel.batch.add(code)
    qtbot.wait(20)
    table = panel.batch.table
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert widths[1] >= NAME_ROOM, (widths, table.viewport().width())  # the name keeps its room, not a sliver
    assert widths[1] >= max(widths[:1] + widths[2:3]), widths
    for row in range(table.rowCount()):
        assert _shown_whole(table, row, 1), (table.item(row, 1).text(), widths, table.rowHeight(row))
        assert _fits(table, 0, table.item(row, 0).text()), widths  # the code whole
        assert _fits(table, 2, table.item(row, 2).text()), widths  # the place whole
        seal = table.cellWidget(row, 3)
        assert widths[3] >= seal.sizeHint().width(), widths  # the seal number and its state whole
    assert sum(widths) <= table.viewport().width() + 2, (widths, table.viewport().width())  # no sideways scrolling



def _tree_rows(tree, parent=None):
    from PySide6.QtCore import QModelIndex
    parent = parent or QModelIndex()
    model = tree.model()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        if tree.isExpanded(index):
            yield from _tree_rows(tree, index)


def test_locations_screen_shows_place_and_item_names_at_1366(main_window, shell_world, qtbot):
    from ui.models.locations import CODE
    db, world = shell_world
    receive(db, world.actor(db, "thukho"), [phone(name=CAR, category="car", seal_number="000441/NP-PC03",
                                                  location_code=world.locations["yard"], attributes={})])
    window = main_window("thukho")
    window.resize(1366, 740)
    screen = window.navigate("locations")
    qtbot.wait(20)
    tree, metrics = screen.tree, QFontMetrics(screen.tree.font())
    names = list(_tree_rows(tree))
    assert any(i.data() == "Kho lạnh mẫu sinh học" for i in names) and len(names) > 5
    for index in names:
        rect = tree.visualRect(index)
        assert rect.width() >= metrics.horizontalAdvance(index.data()) + 4, (index.data(), rect.width())
        code = index.siblingAtColumn(CODE)
        assert tree.visualRect(code).width() >= metrics.horizontalAdvance(code.data()) + 4, code.data()
    assert screen.tree.horizontalScrollBar().maximum() == 0  # nothing beyond the pane
    assert screen.show_location(world.locations["yard"])
    qtbot.wait(20)
    table, model = screen.items_table, screen.items_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == CAR)
    assert table.columnWidth(1) >= QFontMetrics(table.font()).horizontalAdvance(CAR) + 6, table.columnWidth(1)
    assert table.columnViewportPosition(1) + table.columnWidth(1) <= table.viewport().width(), "name off screen"
    assert row >= 0


def test_disposal_batch_shows_the_names_at_1366(main_window, shell_world, qtbot):
    """Xử lý at 1366×768: code, category, quantity, case and state took the pane and left the name a 60 px sliver
    that wrapped a phone's name over five lines (seen in the app)."""
    db, world = shell_world
    codes = receive(db, world.actor(db, "thukho"), [
        phone(name=CAR, category="car", unit="chiếc", seal_number="000441/NP-PC03",
              location_code=world.locations["yard"], attributes={}),
        phone(name=PHONE, seal_number="000458/NP-PC04", location_code=world.locations["bin_A111"])]).item_codes
    window = main_window("thukho")
    window.resize(1366, 740)
    screen = window.navigate("disposal")
    for code in codes:
        screen.batch.add(code)
    qtbot.wait(20)
    table = screen.batch.table
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert widths[1] >= 100 and widths[1] == max(widths), widths  # it was 60 px, 146 px under Xvfb with the app font
    for row in range(table.rowCount()):
        for col in range(1, table.columnCount()):  # the others give way by wrapping, nothing is cut
            # pad 8: the item view's text margins (3 px a side and the focus frame)
            assert _shown_whole(table, row, col, pad=8), (table.item(row, col).text(), widths, table.rowHeight(row))
        assert _fits(table, 0, table.item(row, 0).text()), widths  # the code whole
    assert sum(widths) <= table.viewport().width() + 2, (widths, table.viewport().width())
