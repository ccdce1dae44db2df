"""A4 records: headings and fields a reader checks, embedded fonts, the ledger QR, pagination."""

import io

import pytest
from pypdf import PdfReader

from evidence_store import printing
from evidence_store.printing.templates import PrintSettings
from tests.unit import printing_helpers
from tests.unit import printing_samples as samples

HEADER = ("CÔNG AN THÀNH PHỐ HÀ NỘI", "PHÒNG CẢNH SÁT BẢO VỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 05 tháng 02 năm 2026")


def all_documents():
    return {
        "handover": printing.render_handover(samples.handover()),
        "slip_in": printing.render_stock_slip(samples.slip("in")),
        "slip_out": printing.render_stock_slip(samples.slip("out")),
        "card": printing.render_stock_card(samples.stock_card()),
        "book": printing.render_stock_book(samples.stock_book()),
        "destruction": printing.render_destruction(samples.destruction()),
        "custody": printing.render_custody_report(samples.custody()),
    }


def test_handover_has_the_nd30_header_and_article_133_content():
    text = printing_helpers.text(printing.render_handover(samples.handover()))
    for expected in HEADER + (
            "Số: 123/BB-GN", "BIÊN BẢN", "Giao nhận vật chứng, tài liệu, đồ vật (nhập kho)",
            "Căn cứ Điều 90, Điều 133 Bộ luật Tố tụng hình sự năm 2015",
            "Căn cứ Lệnh nhập kho số 12/LNK-PC02 ngày 04/02/2026 của Cơ quan Cảnh sát điều tra",
            "Hồi 14 giờ 30 phút, ngày 05/02/2026, tại Kho vật chứng Công an thành phố Hà Nội",
            "Bên giao: Ông Trần Văn Hùng — Đại úy, Điều tra viên, Phòng Cảnh sát hình sự; căn cước số 001089012345",
            "Bên nhận: Bà Nguyễn Thị Lan", "Người chứng kiến: Ông Lê Quang Sơn",
            "vụ án số 45/2026 (Trộm cắp tài sản — Điều 173 Bộ luật Hình sự)",
            "STT", "ĐVT", "Số lượng", "Đặc điểm / tình trạng", "Niêm phong", "Ghi chú",
            "Mã: VC-26-000123-", "Số 004512, nguyên vẹn", "12,35",
            "Tình trạng niêm phong khi giao nhận", "kết thúc hồi 15 giờ 10 phút cùng ngày",
            "được lập thành 04 bản", "BÊN GIAO", "BÊN NHẬN", "NGƯỜI CHỨNG KIẾN", "Trần Văn Hùng",
            "Mã kiểm tra 9F2C41D0A7B3", "sổ cái đến sự kiện #48213 (A71E09BB5C4D)"):
        assert expected in text, expected


@pytest.mark.parametrize("kind,subtitle", [
    ("release", "(xuất kho)"), ("return", "(nhập lại kho sau tạm xuất)"),
    ("transfer", "(chuyển giao trách nhiệm quản lý)"), ("deposit", "(gửi bảo quản chuyên trách)"),
    ("disposal", "(thi hành quyết định xử lý vật chứng)")])
def test_handover_variants_take_their_subtitle(kind, subtitle):
    assert subtitle in printing_helpers.text(printing.render_handover(samples.handover(kind)))


def test_refusal_to_sign_is_recorded_with_reason_and_witness():
    text = printing_helpers.text(printing.render_handover(samples.handover("release", refused=True)))
    assert ("Ông Trần Văn Hùng (bên giao) từ chối ký biên bản, lý do: không đồng ý với mô tả tình trạng xe; "
            "người chứng kiến Lê Quang Sơn ký xác nhận.") in text
    assert "(Từ chối ký)" in text
    assert "không đồng ý ký biên bản: không đồng ý với mô tả tình trạng xe" in text  # under ý kiến, khiếu nại
    assert "những người còn lại công nhận đúng và ký tên dưới đây" in text


def test_other_documents_show_their_titles_and_fields():
    docs = all_documents()
    expect = {
        "slip_in": ("PHIẾU NHẬP KHO", "Họ và tên người giao", "Theo chứng từ", "Thực nhập",
                    "Lệnh nhập kho số 12/LNK-PC02", "NGƯỜI GIAO", "THỦ KHO", "Số: 56/PNK"),
        "slip_out": ("PHIẾU XUẤT KHO", "Họ và tên người nhận", "Thực xuất", "Lý do xuất: Trưng cầu giám định"),
        "card": ("THẺ KHO", "Tồn đầu", "Nhập kho theo Lệnh 12/LNK-PC02", "Ngày lập thẻ: 05/02/2026"),
        "book": ("SỔ THEO DÕI NHẬP – XUẤT KHO", "từ ngày 01/02/2026 đến ngày 28/02/2026", "Nhập / Xuất",
                 "lượt nhập", "NGƯỜI GHI SỔ"),
        "destruction": ("Tiêu hủy vật chứng, tài sản", "Chủ tịch Hội đồng: Ông Vũ Minh Tuấn",
                        "Kiểm sát viên kiểm sát việc tiêu hủy: Ông Hoàng Thanh Hải",
                        "Phương pháp tiêu hủy: pháo ngâm nước rồi chôn lấp", "Quyết định thành lập Hội đồng tiêu hủy",
                        "CHỦ TỊCH HỘI ĐỒNG", "KIỂM SÁT VIÊN", "4,5"),
        "custody": ("BÁO CÁO", "Quá trình quản lý, bảo quản vật chứng", "Trạng thái hiện tại: Đang lưu kho",
                    "TOÀN VẸN", "đã kiểm tra 48213 sự kiện", "Nhập kho", "Niêm phong", "Chuyển vị trí", "Tạm xuất",
                    "Kệ A1-03 → Kệ B2-01", "#48037"),
    }
    for key, fields in expect.items():
        text = printing_helpers.text(docs[key])
        for field in fields:
            assert field in text, (key, field)


def test_stock_card_runs_the_balance_in_ledger_order_with_the_entry_day_when_another():
    """The register's order is the order of entry; an act entered the next day shows both days."""
    from dataclasses import replace
    card = samples.stock_card()
    text = printing_helpers.text(printing.render_stock_card(card))
    first, second = text.index("Nhập kho theo Lệnh"), text.index("Tạm xuất trưng cầu")
    assert first < second < text.index("Nhập lại sau giám định")
    assert text.count("ghi sổ") == 1 and "ghi sổ 03/03/2026" in text
    late = replace(card, entries=(card.entries[1], card.entries[0], card.entries[2]))  # a release entered first
    text = printing_helpers.text(printing.render_stock_card(late))
    assert text.index("Tạm xuất trưng cầu") < text.index("Nhập kho theo Lệnh")


def test_custody_report_names_the_first_broken_event():
    text = printing_helpers.text(printing.render_custody_report(samples.custody(ok=False)))
    assert "PHÁT HIỆN SAI LỆCH tại sự kiện #48074: mã băm không khớp" in text


def test_fonts_are_embedded_and_never_base14():
    for key, pdf in all_documents().items():
        rows = printing_helpers.fonts(pdf)
        assert rows, key
        assert all(r["emb"] == "yes" for r in rows), (key, rows)
        assert all("Liberation" in r["name"] for r in rows), (key, rows)


def test_footer_qr_carries_record_number_and_hashes_on_every_page():
    pages = printing_helpers.rasterise(printing.render_handover(samples.handover(items=samples.long_items(30))), 203)
    assert len(pages) >= 2
    for page in pages:
        assert printing_helpers.decode(page)["QR Code"] == "KVC|123/BB-GN|9F2C41D0A7B3|48213|A71E09BB5C4D"


def test_sixty_lines_paginate_with_repeated_header_and_numbers_from_page_two():
    pdf = printing.render_handover(samples.handover(items=samples.long_items(60)))
    pages = printing_helpers.page_texts(pdf)
    assert len(pages) >= 3
    assert not pages[0].lstrip().startswith("1 ")  # ND 30/2020: no number on page 1
    for n, page in enumerate(pages[1:], 2):
        assert page.lstrip().startswith(f"{n} "), page[:40]
    table_pages = [t for t in pages if "Mã: VC-26-" in t]
    assert all("Đặc điểm / tình trạng" in t for t in table_pages)  # header row repeated
    text = " ".join(pages)
    assert all(f"Samsung Galaxy A54 số {i} " in text for i in (1, 30, 60))
    assert "BÊN NHẬN" in pages[-1]


def test_a_very_long_item_name_splits_across_pages_instead_of_failing():
    pdf = printing.render_handover(samples.handover(items=samples.long_items(2, long_name=True)))
    pages = printing_helpers.page_texts(pdf)
    assert len(pages) >= 2
    assert "ốp lưng silicon" in pages[0] and "ốp lưng silicon" in pages[1]
    assert printing_helpers.text(pdf).count("ốp lưng silicon") >= 100  # nothing dropped


def test_template_settings_change_the_printed_text():
    data = PrintSettings().to_dict()
    data["header"]["issuing_unit"] = "Phòng Hậu cần"
    data["documents"]["handover.intake"]["form_code"] = "Mẫu số 155 (TT 119/2021/TT-BCA)"
    data["documents"]["handover.intake"]["copies"] = 3
    text = printing_helpers.text(printing.render_handover(samples.handover(), PrintSettings.from_dict(data)))
    assert "PHÒNG HẬU CẦN" in text and "Mẫu số 155 (TT 119/2021/TT-BCA)" in text and "lập thành 03 bản" in text


def test_output_is_deterministic():
    assert printing.render_handover(samples.handover()) == printing.render_handover(samples.handover())
    one_page = printing.render_handover(samples.handover(items=samples.ITEMS[:3]))  # like the target image
    assert len(PdfReader(io.BytesIO(one_page)).pages) == 1
    # … with its "Nơi nhận" under the signatures (ND 30/2020; HANDS-ON 75), on that one page
    assert ("Nơi nhận: - Bên giao 01 bản; - Bên nhận 01 bản; - 01 bản lưu hồ sơ vụ án; - 01 bản lưu kho."
            in printing_helpers.text(one_page))
