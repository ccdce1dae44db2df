"""Sổ biên bản: the records in their rows (number, case, parties, what is left to sign in red), and a double
click or the button opens the record under the cursor — through the table model that replaced a cell widget per
value (issue #19: resident memory with the main lists open)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ui.models.paged import PagedTableModel
from ui.screens.register import RegisterScreen

from .lifecycle_helpers import ctx_for, received


def test_the_register_shows_each_record_in_its_row_and_opens_the_one_clicked(qtbot, shell_world, recorder):
    db, world = shell_world
    received(db, world)
    received(db, world, case_number="126/2026/CSHS")
    screen = RegisterScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(screen)
    screen.resize(1366, 700)
    screen.show()
    opened = []
    screen.open_record = lambda number, **_kw: opened.append(number)
    model = screen.table.model()
    assert model.rowCount() == len(screen.rows) >= 2
    for row, r in enumerate(screen.rows):
        texts = [model.index(row, col).data() for col in range(model.columnCount())]
        assert texts[0] == r.number and texts[3] == r.case_number, texts
        assert texts[6] == str(r.items)
        assert (texts[9] != "") == bool(r.unsigned), texts
        if r.unsigned:
            colour = model.index(row, 9).data(Qt.ItemDataRole.ForegroundRole)
            assert QColor(getattr(colour, "color", lambda: colour)()) == QColor("#c62828")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Số biên bản"
    second = screen.table.visualRect(model.index(1, 0)).center()
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=second)  # a user's double click
    qtbot.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert opened == [screen.rows[1].number]
    assert screen.select_number(screen.rows[0].number)
    screen.open_button.click()
    assert opened == [screen.rows[1].number, screen.rows[0].number]
    assert "biên bản" in screen.count.text()


def test_a_filter_change_on_a_long_register_refills_a_model_not_a_cell_per_value(qtbot, shell_world, recorder,
                                                                                  monkeypatch):
    """The register shows the latest 500 records; a filter changed on the visible screen replaced a cell widget per
    value over the rows shown, each replacement costing more the more rows there were: 100 records took ~2 s of
    CPU, the 500 shown at 100,000 items ~48 s, the window frozen meanwhile (measured by h19, docs/PERFORMANCE.md
    2026-12-06). The rows now sit behind one model that answers the cells when painted: no timing here (the
    machines are shared), the structure that makes it fast is what is checked."""
    from dataclasses import replace
    from evidence_store.services import register
    db, world = shell_world
    received(db, world)
    screen = RegisterScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(screen)
    screen.resize(1366, 700)
    screen.show()
    qtbot.waitExposed(screen)
    first = screen.rows[0]
    many = [replace(first, id=first.id + n, number=f"{n}/2026/BB-GN", unsigned=n % 3) for n in range(1, 151)]
    monkeypatch.setattr(register, "record_page", lambda uow, q, offset, limit: many[offset:offset + limit])
    screen.unfinished.setChecked(True)  # a filter changed: the register reloads
    qtbot.wait(10)
    screen.unfinished.setChecked(False)  # and again, over the rows shown
    qtbot.wait(10)
    assert isinstance(screen.table.model(), PagedTableModel)  # no QTableWidgetItem per value
    assert screen.table.rowCount() == 150
    assert screen.table.model().index(149, 0).data() == "150/2026/BB-GN"
