"""Reporting periods, and typed XLSX / CSV output read back as a spreadsheet would."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from evidence_store.domain import periods
from evidence_store.domain.errors import ValidationError
from evidence_store.exports import tabular
from evidence_store.exports.tabular import Col, Sheet


@pytest.mark.parametrize("kind, day, first, last", [
    ("month", date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28)),
    ("quarter", date(2026, 11, 5), date(2026, 10, 1), date(2026, 12, 31)),
    ("half", date(2026, 7, 1), date(2026, 7, 1), date(2026, 12, 31)),
    ("year", date(2024, 2, 29), date(2024, 1, 1), date(2024, 12, 31)),
])
def test_calendar_periods(kind, day, first, last):
    assert periods.period_containing(kind, day) == periods.Period(first, last)


def test_previous_period_and_months_of_a_period():
    assert periods.previous_period("quarter", date(2026, 1, 10)) == periods.Period(date(2025, 10, 1), date(2025, 12, 31))
    spans = periods.months(periods.Period(date(2026, 1, 15), date(2026, 3, 3)))
    assert spans == [(date(2026, 1, 15), date(2026, 2, 1)), (date(2026, 2, 1), date(2026, 3, 1)),
                     (date(2026, 3, 1), date(2026, 3, 4))]
    with pytest.raises(ValidationError):
        periods.checked(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(ValidationError):
        periods.checked(date(2000, 1, 1), date(2026, 1, 1))


def _sheet(rows):
    cols = [Col("Mã", "text", 16), Col("Số lượng", "number"), Col("Số tiền", "money"), Col("Ngày nhập", "date"),
            Col("Lúc", "datetime"), Col("Tỷ lệ", "percent")]
    return Sheet("Vật chứng", "Danh sách vật chứng", "Trạng thái: Đang lưu kho", cols, rows, len(rows))


ROWS = [("VC-26-000001-K", 2.5, 1250000, date(2026, 2, 5), datetime(2026, 2, 5, 14, 30), 0.25),
        ("=cmd()", 3, 0, None, None, None)]


def test_xlsx_cells_are_typed_with_a_frozen_bold_header_autofilter_and_the_filters(tmp_path):
    path = tmp_path / "list.xlsx"
    assert tabular.write(path, [_sheet(ROWS)]) == 2
    ws = load_workbook(path)["Vật chứng"]
    assert ws["A1"].value == "Danh sách vật chứng" and ws["A1"].font.b
    assert "Trạng thái: Đang lưu kho" in ws["A2"].value
    assert [c.value for c in ws[4]] == ["Mã", "Số lượng", "Số tiền", "Ngày nhập", "Lúc", "Tỷ lệ"]
    assert all(c.font.b for c in ws[4])
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == "A4:F6"
    row = ws[5]
    assert row[1].value == 2.5 and row[1].number_format == "#,##0.###"
    assert row[2].value == 1250000 and row[2].number_format == "#,##0"
    assert row[3].value == datetime(2026, 2, 5) and row[3].number_format == "dd/mm/yyyy"
    assert row[4].value == datetime(2026, 2, 5, 14, 30) and row[5].number_format == "0.0%"
    assert ws["B6"].value == 3 and ws["B6"].number_format == "#,##0"  # a whole quantity shows no decimals
    assert ws["A6"].value == "'=cmd()"  # never a formula
    assert ws.column_dimensions["A"].width == 16


@pytest.mark.parametrize("separator, line", [(";", "VC-26-000001-K;2,5;1250000;05/02/2026;05/02/2026 14:30;0,25"),
                                             (",", "VC-26-000001-K,2.5,1250000,05/02/2026,05/02/2026 14:30,0.25")])
def test_csv_has_a_bom_and_the_chosen_separator(tmp_path, separator, line):
    path = tmp_path / "list.csv"
    tabular.write(path, [_sheet(ROWS)], separator=separator)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == separator.join(["Mã", "Số lượng", "Số tiền", "Ngày nhập", "Lúc", "Tỷ lệ"])
    assert lines[1] == line


def test_a_cancelled_export_leaves_no_file(tmp_path):
    path = tmp_path / "big.xlsx"
    rows = [("VC", 1, 1, None, None, None)] * 3000
    with pytest.raises(tabular.Cancelled):
        tabular.write(path, [_sheet(rows)], cancelled=lambda: True)
    assert not path.exists()
