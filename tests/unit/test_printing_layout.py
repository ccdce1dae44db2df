"""Layout faults seen on real output: raw event codes, a table header alone at the foot of a page, a doubled
seal prefix, cut location names, signer names at different heights, numbers broken inside, a bare
workstation under the actor's name."""

import io
import re
from dataclasses import replace
from datetime import datetime

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Table

from evidence_store import printing
from evidence_store.printing import table_blocks
from evidence_store.printing.docbase import breakable
from evidence_store.printing.labels import name_lines, seal_phrase
from evidence_store.printing.records import LocationLabel, StockBookRow
from tests.unit import printing_helpers
from tests.unit import printing_samples as samples


# --- 2. a repeated header never ends a page alone ----------------------------------------------------------

HANDOVER_HEAD, HANDOVER_ROW = "Đặc điểm / tình trạng", r"Mã: VC-"
CUSTODY_HEAD, CUSTODY_ROW = "Mã băm", r"#\d{5}"


def thin_table_pages(pdf: bytes, head: str, row: str) -> list[int]:
    """Pages on which the table's last header has fewer than two rows under it (one on the table's last page)."""
    pages = printing_helpers.page_texts(pdf)
    with_rows = [i for i, t in enumerate(pages) if re.search(row, t)]
    bad = []
    for i, t in enumerate(pages):
        k = t.rfind(head)
        if k < 0:
            continue
        under = len(re.findall(row, t[k:]))
        if under < (1 if with_rows and i == with_rows[-1] else 2):
            bad.append(i + 1)
    return bad


def _handover(n: int, k: int) -> bytes:
    return printing.render_handover(samples.handover(items=samples.varied_items(n, k)))


def _custody(n: int, k: int) -> bytes:
    return printing.render_custody_report(samples.long_custody(n, k))


# (12, 3) and (20, 3) ended page 1 of both documents with a header and an empty sliver of a row.
@pytest.mark.parametrize("n, k", [(12, 3), (20, 3), (12, 1), (12, 2), (25, 4)])
def test_long_tables_never_end_a_page_with_a_lone_header(n, k):
    assert thin_table_pages(_handover(n, k), HANDOVER_HEAD, HANDOVER_ROW) == []
    assert thin_table_pages(_custody(n, k), CUSTODY_HEAD, CUSTODY_ROW) == []
    text = printing_helpers.text(_handover(n, k))
    assert all(f"Samsung Galaxy A54 số {i} " in text for i in range(1, n + 1))  # nothing lost on the way


def test_the_check_sees_the_orphan_header_of_a_plain_table(monkeypatch):
    """reportlab's own split (rows split inside, no protection) leaves the header alone: the check sees it."""
    monkeypatch.setattr(table_blocks.BodyTable, "split", Table.split)
    monkeypatch.setattr(table_blocks, "ROW_PIECE", 10_000)
    plain_init = table_blocks.BodyTable.__init__
    monkeypatch.setattr(table_blocks.BodyTable, "__init__",
                        lambda self, *a, **kw: plain_init(self, *a, **{**kw, "splitInRow": 1}))
    assert thin_table_pages(_handover(12, 3), HANDOVER_HEAD, HANDOVER_ROW) == [1]
    assert thin_table_pages(_custody(12, 3), CUSTODY_HEAD, CUSTODY_ROW) == [1]


# --- 1. event kinds in words ------------------------------------------------------------------------------

def test_custody_report_prints_every_event_kind_in_words():
    from evidence_store.describe import EVENT_KIND_LABELS
    kinds = tuple(EVENT_KIND_LABELS)
    text = printing_helpers.text(printing.render_custody_report(samples.long_custody(len(kinds), kinds=kinds)))
    raw = [k for k in kinds if "_" in k and k in text]
    assert raw == []
    for label in ("Kiểm tra vật chứng giao bảo quản", "Đề xuất xử lý", "Không phê duyệt đề xuất xử lý",
                  "Hoàn tất biên bản", "Đính kèm tệp", "Ký biên bản"):
        assert label in text


# --- 3. seal prefix ----------------------------------------------------------------------------------------

def test_seal_number_with_its_own_prefix_is_not_doubled():
    assert seal_phrase("004512") == "NP 004512"
    assert seal_phrase("NP-0001") == "NP-0001"
    assert seal_phrase("np 12") == "np 12"
    assert seal_phrase("000001/NP-PC02") == "000001/NP-PC02"  # never "NP 000001/NP-…" (HANDS-ON 83)
    text = printing_helpers.text(printing.render_item_labels([replace(samples.label(), seal_number="NP-0001")]))
    assert "NP-0001" in text and "NP NP" not in text


# --- 4. location names shrink, then wrap, then ellipsise -----------------------------------------------------

def test_location_name_shrinks_then_wraps_then_cuts():
    size, lines = name_lines("Kệ A1 - Tầng 3 - Ô 03")
    assert (size, lines) == (18, ["Kệ A1 - Tầng 3 - Ô 03"])
    size, lines = name_lines("Phòng bảo quản ma túy, chất cấm")
    assert 13 <= size < 18 and lines == ["Phòng bảo quản ma túy, chất cấm"]
    long = "Phòng bảo quản ma túy, chất cấm, vũ khí quân dụng và vật liệu nổ thu giữ"
    size, lines = name_lines(long)
    assert len(lines) == 2 and " ".join(lines) == long and not lines[1].endswith("…")
    size, lines = name_lines(long * 3)
    assert size == 10 and len(lines) == 2 and lines[1].endswith("…")


@pytest.mark.parametrize("name", ["Phòng bảo quản ma túy, chất cấm",
                                  "Phòng bảo quản ma túy, chất cấm, vũ khí quân dụng và vật liệu nổ thu giữ"])
def test_long_location_names_print_whole_and_the_codes_still_scan(name):
    label = LocationLabel(samples.code(45, "VT"), name, "bin", "Kho vật chứng Công an TP Hà Nội")
    pdf = printing.render_location_labels([label])
    assert " ".join(name.split()) in printing_helpers.text(pdf)
    found = printing_helpers.decode(printing_helpers.rasterise(pdf, 203)[0])
    assert found["Code 128"] == samples.code(45, "VT") and found["QR Code"] == samples.code(45, "VT")


# --- 5. signer names on one line ----------------------------------------------------------------------------

def _text_heights(pdf: bytes, page: int) -> dict[str, float]:
    out: dict[str, float] = {}

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            out.setdefault(text.strip(), round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return out


def test_signer_names_share_a_baseline_when_a_title_wraps():
    record = samples.destruction()
    members = [x for x in record.parties if x.role == "member"]
    record = replace(record, parties=tuple(x for x in record.parties if x.role != "witness"  # 3 columns: each
                                           and x not in members[1:]))  # member signs in a column of their own
    pdf = printing.render_destruction(record)
    last = len(PdfReader(io.BytesIO(pdf)).pages) - 1
    heights = _text_heights(pdf, last)
    assert "THÀNH VIÊN HỘI ĐỒNG" not in heights  # the title does wrap in a third of the width
    assert heights["Vũ Minh Tuấn"] == heights["Đỗ Thu Hương"] == heights["Hoàng Thanh Hải"]


# --- 6. document numbers stay whole ---------------------------------------------------------------------

def test_ledger_book_keeps_document_numbers_whole():
    rows = tuple(StockBookRow(datetime(2026, 7, 3, 15, 2), "in", number, samples.code(313 + i), "Dao nhọn cán gỗ",
                              "chiếc", 2, "100/2026/CSKT", "Lê Ngọc An, PC02", "VT01000016S")
                 for i, number in enumerate(("377/2026/BB-GN", "1024/2026/BB-GN", "12345/2026/BB-GN-PC02")))
    book = replace(samples.stock_book(0), rows=rows)
    text = printing_helpers.text(printing.render_stock_book(book))
    assert "377/2026/BB-GN" in text and "1024/2026/BB-GN" in text
    assert re.search(r"12345/2026/ ?BB-GN-PC02", text)  # too long for the column: broken after a "/" only
    assert re.search(r"100/2026/ ?CSKT", text)


def test_breakable_breaks_only_after_a_slash():
    assert breakable("377/2026/BB-GN", 29 * mm) == "377/2026/BB-GN"
    assert breakable("9999/2026/BB-GN", 29 * mm) == "9999/2026/<br/>BB-GN"
    assert breakable("Bản án số 38/2025/HS-ST", 24 * mm) == "Bản án số 38/2025/<br/>HS-ST"
    assert breakable("a<b", 29 * mm) == "a&lt;b"


# --- 7. the workstation is labelled -----------------------------------------------------------------------

def test_custody_report_labels_the_workstation():
    text = printing_helpers.text(printing.render_custody_report(samples.custody()))
    assert "Nguyễn Thị Lan Máy: KHO-PC01" in text


# --- 8. the body flows; the closing is kept with every row of signers ------------------------------------------------

def _check_record(n: int):
    from evidence_store.printing.records import Party
    record = samples.handover("check", items=samples.varied_items(n, 1))
    return replace(record, parties=(Party("custodian", samples.HUNG), Party("keeper", samples.LAN),
                                    Party("participant", samples.SON), Party("participant", samples.DUNG)))


def test_a_check_record_keeps_its_closing_with_every_row_of_signers():
    """Issue #12: the body flows (the items and remarks stay on page 1), and the closing is kept with every row of
    signers and the "Nơi nhận": the second row of signers no longer stands alone on page 2 under nothing it attests
    (the earlier layout kept only the first row with the closing). See test_signer_rows_with_closing.py."""
    pages = printing_helpers.page_texts(printing.render_handover(_check_record(1)))
    assert len(pages) == 2
    assert "Mã: VC-" in pages[0] and "Ý kiến, khiếu nại" in pages[0] and "Biên bản kết thúc" not in pages[0]
    last = pages[1].split("Biên bản kết thúc", 1)[1]
    for words in ("NGƯỜI NHẬN BẢO QUẢN", "Trần Văn Hùng", "Nguyễn Thị Lan", "Phạm Đức Dũng", "Nơi nhận"):
        assert words in last, words
    for n in range(1, 9):
        pages = printing_helpers.page_texts(printing.render_handover(_check_record(n)))
        closing = next(i for i, t in enumerate(pages) if "Biên bản kết thúc" in t)
        assert closing == len(pages) - 1 and "NGƯỜI NHẬN BẢO QUẢN" in pages[closing].split("Biên bản kết thúc", 1)[1]
        assert "Phạm Đức Dũng" in pages[-1] and "Nơi nhận" in pages[-1], n  # the last row with the Nơi nhận
