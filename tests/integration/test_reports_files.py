"""The periodic report as PDF (ND 30 header, charts, tables) and XLSX, and ``report`` on the command line."""

from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from evidence_store.cli import main
from evidence_store.services import report_files, reports
from evidence_store.services.context import UnitOfWork

from .builders import phone, receive
from evidence_store.domain import chronology


@pytest.fixture
def stocked(world):
    db, w = world
    clerk = w.actor(db, "thukho")
    receive(db, clerk, [phone(name="Điện thoại Samsung A52"), phone(name="Điện thoại iPhone 12")])
    return db, w


def _year():
    today = chronology.today()
    return reports.ReportFilter(date(today.year, 1, 1), date(today.year, 12, 31))


def test_pdf_has_the_national_header_every_section_and_the_figures(stocked, tmp_path):
    db, w = stocked
    with UnitOfWork(db, w.actor(db, "lanhdao"), write=False) as uow:
        report = reports.build_report(uow, "summary", _year())
        report_files.write_report(uow, "summary", _year(), tmp_path / "r.pdf", report=report)
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO" in text
    for heading in ("Tiếp nhận và xử lý vật chứng theo tháng", "tồn đọng từ 1 năm", "Mức sử dụng vị trí",
                    "Thực hiện thời hạn", "tạm xuất quá hạn"):
        assert heading.lower() in text.lower(), heading
    assert report.intake_total == 2
    assert "tiếp nhận 2 vật chứng" in text
    assert "NGƯỜI LẬP BÁO CÁO" in text


def test_xlsx_has_the_same_tables_with_typed_cells(stocked, tmp_path):
    db, w = stocked
    with UnitOfWork(db, w.actor(db, "lanhdao"), write=False) as uow:
        report_files.write_report(uow, "summary", _year(), tmp_path / "r.xlsx")
    book = load_workbook(tmp_path / "r.xlsx")
    flow = book["Nhập - xử lý"]
    assert [c.value for c in flow[4]][:3] == ["Tháng", "Nhập kho", "Xử lý xong"]
    months = [r for r in flow.iter_rows(min_row=5, values_only=True)]
    assert len(months) == 12 and sum(r[1] for r in months) == 2
    assert flow["A5"].is_date and flow["B5"].number_format == "#,##0"
    categories = book["Theo loại"]
    assert categories["A5"].value == "Điện thoại di động" and categories["B5"].value == 2
    assert categories["C5"].value == 1 and categories["C5"].number_format == "0.0%"


def test_report_command_writes_pdf_and_xlsx_and_refuses_bad_input(stocked, tmp_path, capsys):
    db, _w = stocked
    url = db.url
    year = chronology.today().year
    assert main(["--db", url, "report", "--kind", "summary", "--from", f"{year}-01-01", "--to", f"{year}-12-31",
                 "-o", str(tmp_path / "a.pdf")]) == 0
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert "Đã ghi" in capsys.readouterr().out
    assert main(["--db", url, "report", "--kind", "stock", "--period", "year", "-o", str(tmp_path / "a.xlsx"),
                 "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["held_total"] == 2 and figures["categories"][0]["key"] == "phone"
    assert (tmp_path / "a.xlsx").exists()
    for args, words in ((["--kind", "flow", "-o", str(tmp_path / "a.doc")], "đuôi .pdf"),
                        (["--kind", "agency", "--agency", "KHONGCO", "-o", str(tmp_path / "b.pdf")], "KHONGCO"),
                        (["--kind", "flow", "--from", "2026-02-01", "--to", "2026-01-01", "-o", str(tmp_path / "c.pdf")],
                         "Ngày bắt đầu"),
                        (["--kind", "agency", "--from", "2026-01-01", "--to", "2026-01-31", "-o",
                          str(tmp_path / "d.pdf")], "cần chọn cơ quan")):
        assert main(["--db", url, "report"] + args) == 2, args
        assert words in capsys.readouterr().err
