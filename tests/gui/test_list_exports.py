"""Every list screen exports what it shows to a typed Excel file (title and filters on top, bold frozen
header, autofilter, numbers and dates as such) or a CSV for Vietnamese regional settings."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook

from .lists_data import lists_db, lists_template, make_ctx  # noqa: F401 (fixtures)


def _export(qtbot, screen, recorder, path, fmt="xlsx", separator=";"):
    recorder.save_path = str(path)
    operation = screen.export_button.export(fmt, separator)
    qtbot.waitUntil(lambda: operation.result is not None, timeout=15_000)
    assert operation.result.ok, operation.result.error
    return operation.result.value


def _sheet(path):
    ws = load_workbook(path).active
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref.startswith("A4:")
    assert all(c.font.b for c in ws[4] if c.value)
    return ws


def test_cases_export_counts_as_numbers_and_dates_as_dates(qtbot, make_ctx, recorder, tmp_path):  # noqa: F811
    from ui.screens.cases import CasesScreen
    screen = CasesScreen(make_ctx("thukho"))
    qtbot.addWidget(screen)
    assert _export(qtbot, screen, recorder, tmp_path / "vu-an.xlsx") == 2
    ws = _sheet(tmp_path / "vu-an.xlsx")
    assert ws["A1"].value == "Danh sách vụ án"
    head = [c.value for c in ws[4]]
    counts = ws.cell(5, head.index("Số vật chứng") + 1)
    assert isinstance(counts.value, int) and counts.number_format == "#,##0"


def test_search_results_export(qtbot, make_ctx, recorder, tmp_path):  # noqa: F811
    from ui.screens.search import SearchScreen
    screen = SearchScreen(make_ctx("thukho"))
    qtbot.addWidget(screen)
    screen.box.setText("dien thoai")
    screen.run_search()
    assert _export(qtbot, screen, recorder, tmp_path / "tim.xlsx") == screen.model.rowCount() == 2
    ws = _sheet(tmp_path / "tim.xlsx")
    assert "dien thoai" in ws["A2"].value
    assert ws["D5"].value == 1 and isinstance(ws["J5"].value, datetime) and ws["J5"].number_format == "dd/mm/yyyy"


def test_ledger_export_has_every_event_with_its_full_hash(qtbot, make_ctx, recorder, tmp_path):  # noqa: F811
    from ui.screens.ledger import LedgerTab
    tab = LedgerTab(make_ctx("kiemsat"))
    qtbot.addWidget(tab)
    rows = _export(qtbot, tab, recorder, tmp_path / "so.csv", "csv", ";")
    lines = (tmp_path / "so.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert rows == tab.head.seq == len(lines) - 1
    first = lines[1].split(";")
    assert first[0] == str(tab.head.seq) and len(first[6]) == 64


def test_locations_and_deadlines_export(qtbot, make_ctx, recorder, tmp_path):  # noqa: F811
    from ui.screens.home import HomeScreen
    from ui.screens.locations import LocationsScreen
    screen = LocationsScreen(make_ctx("quantri"))
    qtbot.addWidget(screen)
    n = _export(qtbot, screen, recorder, tmp_path / "vi-tri.xlsx")
    ws = _sheet(tmp_path / "vi-tri.xlsx")
    assert n == ws.max_row - 4 > 10
    capacities = [r[3] for r in ws.iter_rows(min_row=5, values_only=True) if r[3] is not None]
    assert capacities and all(isinstance(c, int) for c in capacities)
    home = HomeScreen(make_ctx("thukho"))
    qtbot.addWidget(home)
    _export(qtbot, home, recorder, tmp_path / "han.xlsx")
    assert load_workbook(tmp_path / "han.xlsx").active["A1"].value == "Thời hạn chưa hoàn thành"


@pytest.mark.parametrize("separator", [";", ","])
def test_items_csv_with_either_separator(qtbot, make_ctx, recorder, tmp_path, separator):  # noqa: F811
    from ui.screens.items import ItemsScreen
    screen = ItemsScreen(make_ctx("thukho"))
    qtbot.addWidget(screen)
    _export(qtbot, screen, recorder, tmp_path / "vc.csv", "csv", separator)
    text = (tmp_path / "vc.csv").read_bytes().decode("utf-8-sig")
    header = text.splitlines()[0].split(separator)
    assert header[:5] == ["Mã vật chứng", "Tên vật chứng", "Loại", "Số lượng", "Đơn vị tính"]
    assert ("2,5" if separator == ";" else "2.5") in text  # the battery's 2.5 kg, decimal comma with ";"
