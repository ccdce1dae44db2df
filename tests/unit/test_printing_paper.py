"""The paper as users found it (HANDS-ON 77–81): amounts never wrap and cash is written in words, a row
longer than a page flows on with its number and name, no page of signatures alone, the footer clear of
the paper's edge with "Trang x/y", the issuing unit broken before "VÀ"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from evidence_store import printing
from evidence_store.printing.table_blocks import amount_cell
from evidence_store.printing.docbase import _lines, BOLD
from evidence_store.printing.records import StockBookRow
from evidence_store.printing.templates import PrintSettings
from tests.unit import printing_helpers
from tests.unit import printing_samples as samples

LONG = ("Xe ô tô tải nhãn hiệu Hyundai Porter màu xanh, biển kiểm soát 29C-123.45, số khung RLHJA3920KY123456, "
        "số máy D4CB123456; thùng xe có nhiều vết móp, sơn bong tróc, kính chắn gió nứt. ") * 11  # ≈ 1,900 chars


def _cash(amount: int):
    return replace(samples.ITEMS[0], name="Tiền Việt Nam", quantity=amount, unit="đồng", characteristics="")


@pytest.mark.parametrize("amount", [23_300_000, 3_750_000, 15_050_000, 123_456_789])
def test_amounts_never_wrap_and_cash_is_written_in_words(amount):
    from evidence_store.domain.money import amount_in_words, group_digits
    cell = amount_cell(group_digits(amount), 18 * 2.8346)
    _w, height = cell.wrap(18 * 2.8346 - 6, 1000)
    assert height < 14  # one line
    pdf = printing.render_handover(samples.handover(items=(_cash(amount),) + samples.ITEMS[1:2]))
    text = printing_helpers.text(pdf)
    assert group_digits(amount) in text
    assert f"bằng chữ: {amount_in_words(amount)}" in text


def test_a_row_longer_than_a_page_flows_on_with_its_number_and_name():
    items = list(samples.ITEMS[:3])
    items[1] = replace(items[1], characteristics=LONG)
    pages = printing_helpers.page_texts(printing.render_handover(samples.handover(items=items)))
    assert len(pages) <= 4
    heads = [t.count("Đặc điểm / tình trạng") for t in pages]
    assert max(heads) == 1  # no stacks of repeated headers
    continued = [t for t in pages[1:] if "(tiếp theo)" in t]
    assert continued and all(items[1].name in t for t in continued)  # every continuation names its item
    joined = " ".join(pages)
    assert joined.count("Hyundai Porter") >= 9  # the text is all there (extraction splits a few at line ends)


def test_the_stock_book_never_ends_on_a_page_of_signatures_alone():
    book = samples.stock_book()
    base = book.rows[0]
    for n in range(10, 60, 6):
        rows = tuple(replace(base, occurred_at=base.occurred_at + timedelta(hours=i)) for i in range(n))
        pdf = printing.render_stock_book(replace(book, rows=rows))
        last = printing_helpers.page_texts(pdf)[-1]
        assert "NGƯỜI GHI SỔ" in last
        assert "Tổng cộng" in last and str(n) in last  # the closing rows and totals come with the signatures
        if len(PdfReader(__import__("io").BytesIO(pdf)).pages) > 1:
            assert "VC-" in last  # at least the last rows of the table


def test_the_stock_slip_never_ends_on_a_page_of_signatures_alone():
    """HANDS-ON 79: the phiếu nhập kho ended with a page holding only the signatures; the last rows and the total
    come with them now, whatever the number of rows."""
    from evidence_store.printing.samples import code
    slip = samples.slip("in")
    base = slip.items[0]
    for n in range(8, 44, 3):
        items = tuple(replace(base, code=code(200 + i)) for i in range(n))
        pdf = printing.render_stock_slip(replace(slip, items=items))
        last = printing_helpers.page_texts(pdf)[-1]
        assert "NGƯỜI GIAO" in last and "THỦ KHO" in last, n
        assert f"Tổng số: {n:02d} khoản" in " ".join(last.split()), n
        if len(PdfReader(__import__("io").BytesIO(pdf)).pages) > 1:
            assert f"{200 + n - 1:06d}" in last, n  # at least the last row of the table


def test_footer_is_five_millimetres_clear_and_pages_are_counted():
    pdf = printing.render_handover(samples.handover())
    pages = printing_helpers.rasterise(pdf, 100)
    n = len(pages)
    assert all(f"Trang {i}/{n}" in t for i, t in enumerate(printing_helpers.page_texts(pdf), 1))
    edge = round(5 / 25.4 * 100) - 1
    for page in pages:
        strip = page.crop((0, page.height - edge, page.width, page.height))
        assert strip.getextrema()[0] > 200  # nothing printed in the last 5 mm
    assert printing_helpers.decode(pages[0])["QR Code"].startswith("KVC|")


def test_issuing_unit_breaks_before_va():
    lines = _lines("PHÒNG CẢNH SÁT BẢO VỆ VÀ HỖ TRỢ TƯ PHÁP", BOLD, 12.5, 68 * 2.8346, upper=True)
    assert lines == ["PHÒNG CẢNH SÁT BẢO VỆ", "VÀ HỖ TRỢ TƯ PHÁP"]
    settings = PrintSettings()
    settings = replace(settings, header=replace(settings.header, issuing_unit="Phòng Cảnh sát bảo vệ và hỗ trợ tư pháp"))
    text = printing_helpers.page_texts(printing.render_handover(samples.handover(items=samples.ITEMS[:2]), settings))[0]
    assert "BẢO VỆ VÀ HỖ" not in text.replace("\n", " ") or "VÀ HỖ TRỢ" in text


def test_the_statistics_report_never_ends_on_a_page_of_signatures_alone():
    """Issue 16: the periodic report ended on a page holding only «Báo cáo lập lúc …» and the signatures; its
    last table's last rows now come with them, whatever the number of rows."""
    from datetime import date

    from evidence_store.printing.report_records import OverdueRow, Report, ReportFilter
    from evidence_store.printing.statistics import render_statistics
    today = date(2026, 12, 5)
    for n in range(4, 40, 5):
        rows = tuple(OverdueRow(samples.code(300 + i), f"Xe mô tô Honda Wave số {i}", "23/2026/CSKT",
                                "Trần Hữu Long — Công an thành phố Hà Nội", "PC02", date(2026, 5, 26), 193 + i)
                     for i in range(n))
        report = Report("overdue", "Tạm xuất quá hạn", ReportFilter(date(2026, 1, 1), today), datetime(2026, 12, 5, 9),
                        today, "Từ ngày 01/01/2026 đến ngày 05/12/2026", ("overdue",), overdue=rows, overdue_total=n)
        last = printing_helpers.page_texts(render_statistics(report))[-1]
        assert "THỦ TRƯỞNG ĐƠN VỊ" in last and "Báo cáo lập lúc" in last
        assert f"Xe mô tô Honda Wave số {n - 1}" in last, n  # the last rows of the table with the signatures
