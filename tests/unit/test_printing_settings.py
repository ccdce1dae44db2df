"""Editable print settings: validation of templates, label sheets and the emblem; the values an
administrator saves show up in the rendered PDFs (text, emblem image, label positions that scan)."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from evidence_store.domain.errors import ValidationError
from evidence_store.error_texts import message
from evidence_store.printing import PrintSettings, render_handover, render_item_labels
from evidence_store.printing.samples import render_sample
from evidence_store.printing.templates import DOCUMENT_NAMES, LabelLayout, SignatureColumn
from evidence_store.printing.validation import (LOGO_LIMIT, check_layout, check_logo, encode_logo, logo_bytes,
                                                validate_settings)
from tests.unit import printing_helpers
from tests.unit import printing_samples as samples


def image_bytes(fmt: str = "PNG", size=(64, 64)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 16, 46)).save(buf, fmt)
    return buf.getvalue()


def with_document(settings: PrintSettings, key: str, **changes) -> PrintSettings:
    return replace(settings, documents={**settings.documents, key: replace(settings.document(key), **changes)})


def refused(settings: PrintSettings) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate_settings(settings)
    return info.value


def test_defaults_are_valid_and_every_document_has_a_name():
    validate_settings(PrintSettings())
    assert set(DOCUMENT_NAMES) == set(PrintSettings().documents)


@pytest.mark.parametrize("copies", [0, 11, -1])
def test_copies_must_be_1_to_10(copies):
    error = refused(with_document(PrintSettings(), "slip.in", copies=copies))
    assert error.code == "print_copies_range" and error.params["field"] == "copies"
    assert error.params["document_key"] == "slip.in"
    assert message(error) == f"«Phiếu nhập kho»: số bản phải từ 1 đến 10 (đã nhập: {copies})"


def test_title_and_a_signature_column_are_required():
    error = refused(with_document(PrintSettings(), "stock_card", title="  "))
    assert (error.code, error.params["field"]) == ("print_title_required", "title")
    assert message(error) == "«Thẻ kho»: cần nhập tiêu đề"
    error = refused(with_document(PrintSettings(), "destruction", signature_columns=()))
    assert error.code == "print_signature_required"
    error = refused(with_document(PrintSettings(), "handover.intake",
                                  signature_columns=(SignatureColumn("giver", "BÊN GIAO"), SignatureColumn("", ""))))
    assert error.code == "print_signature_incomplete" and error.params["row"] == 2


def test_label_sheets_must_fit_the_page():
    sheet = PrintSettings().layout("a4-3x8")
    check_layout("a4-3x8", sheet)
    with pytest.raises(ValidationError) as info:
        check_layout("a4-3x8", replace(sheet, margin_left_mm=0.5))  # 3 × 70 mm fill the width already
    assert info.value.code == "label_width_overflow"
    assert message(info.value) == ("Khổ nhãn a4-3x8: lề trái, 3 cột nhãn và khoảng cách cần 210,5 mm, "
                                   "vượt chiều rộng giấy 210 mm")
    with pytest.raises(ValidationError) as info:
        check_layout("a4-3x8", replace(sheet, gap_y_mm=1))
    assert info.value.code == "label_height_overflow"
    for bad in ({"margin_top_mm": -1}, {"label_width_mm": 0}, {"columns": 0}):
        with pytest.raises(ValidationError) as info:
            check_layout("a4-3x8", replace(sheet, **bad))
        assert info.value.code == "label_size_invalid"
    error = refused(replace(PrintSettings(), label_layouts={**PrintSettings().label_layouts,
                                                             "a4-2x7": replace(sheet, rows=9)}))
    assert error.code == "label_height_overflow" and error.params["layout_key"] == "a4-2x7"


def test_logo_must_be_a_small_png_or_jpeg():
    assert check_logo(image_bytes("PNG")) == "image/png"
    assert check_logo(image_bytes("JPEG")) == "image/jpeg"
    for bad in (b"not an image", image_bytes("GIF"), b""):
        with pytest.raises(ValidationError) as info:
            check_logo(bad)
        assert info.value.code == "logo_not_image"
    with pytest.raises(ValidationError) as info:
        check_logo(b"\x89PNG" + bytes(LOGO_LIMIT))
    assert info.value.code == "logo_too_large" and "tối đa 512 KB" in message(info.value)
    assert refused(replace(PrintSettings(), logo_data="@@@")).code == "logo_not_image"
    settings = replace(PrintSettings(), logo_data=encode_logo(image_bytes()))
    validate_settings(settings)
    assert logo_bytes(settings) == image_bytes()


def test_settings_round_trip_through_json_keeps_the_emblem_and_columns():
    custom = with_document(replace(PrintSettings(), logo_data=encode_logo(image_bytes())), "slip.out",
                           signature_columns=(SignatureColumn("keeper", "THỦ KHO", "(Ký tên)", True),), copies=2)
    again = PrintSettings.from_dict(custom.to_dict())
    assert again == custom


def _images(pdf: bytes) -> list:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    xobjects = page["/Resources"].get("/XObject") or {}
    return [name for name, ref in xobjects.items() if ref.get_object()["/Subtype"] == "/Image"]


def test_custom_title_signatures_copies_and_logo_appear_in_the_record():
    base = PrintSettings()
    assert _images(render_handover(samples.handover(), base)) == []
    columns = (SignatureColumn("giver", "NGƯỜI GIAO VẬT CHỨNG"), SignatureColumn("receiver", "THỦ KHO TIẾP NHẬN"))
    settings = with_document(replace(base, logo_data=encode_logo(image_bytes())), "handover.intake",
                             title="BIÊN BẢN GIAO NHẬN VẬT CHỨNG", form_code="Mẫu số 155 (TT 119/2021/TT-BCA)",
                             signature_columns=columns, copies=2, distribution="bên giao 01 bản, kho 01 bản")
    pdf = render_handover(samples.handover(), settings)
    words = printing_helpers.text(pdf)
    for expected in ("BIÊN BẢN GIAO NHẬN VẬT CHỨNG", "Mẫu số 155 (TT 119/2021/TT-BCA)", "NGƯỜI GIAO VẬT CHỨNG",
                     "THỦ KHO TIẾP NHẬN", "lập thành 02 bản.", "Nơi nhận: - Bên giao 01 bản; - Kho 01 bản."):
        assert expected in words
    assert "NGƯỜI CHỨNG KIẾN" not in words  # the witness column was removed
    assert len(_images(pdf)) == 1  # the emblem


def _barcode_tops(pdf: bytes) -> tuple[int, list[int]]:
    [page] = printing_helpers.rasterise(pdf, 203)[:1]
    codes = [r for r in zxingcpp.read_barcodes(page) if "128" in str(r.format)]
    assert {r.text for r in codes} == {samples.code(123)}
    return len(codes), sorted({min(r.position.top_left.y, r.position.top_right.y) for r in codes})


def test_margins_move_the_labels_and_they_still_scan_at_203_dpi():
    base = PrintSettings()
    sheet = base.layout("a4-2x7")
    moved = replace(sheet, margin_top_mm=sheet.margin_top_mm - 10, gap_y_mm=2.0)
    check_layout("a4-2x7", moved)
    custom = replace(base, label_layouts={**base.label_layouts, "a4-2x7": moved})
    labels = [samples.label()] * 14
    n_default, rows_default = _barcode_tops(render_item_labels(labels, base, "a4-2x7", dpi=203))
    n_moved, rows_moved = _barcode_tops(render_item_labels(labels, custom, "a4-2x7", dpi=203))
    assert n_default == n_moved == 14
    px_per_mm = 203 / 25.4
    assert rows_default[0] - rows_moved[0] == pytest.approx(10 * px_per_mm, abs=3)  # first row 10 mm higher
    assert rows_moved[1] - rows_moved[0] == pytest.approx((sheet.label_height_mm + 2.0) * px_per_mm, abs=3)


@pytest.mark.parametrize("key", [*DOCUMENT_NAMES, "thermal-50x30", "a4-3x8", "location-100x50"])
def test_every_sample_renders(key):
    pdf = render_sample(key, PrintSettings())
    assert pdf.startswith(b"%PDF")


def test_sample_uses_the_unsaved_values():
    settings = with_document(PrintSettings(), "custody_report", title="BÁO CÁO TÓM TẮT")
    assert "BÁO CÁO TÓM TẮT" in printing_helpers.text(render_sample("custody_report", settings))
    thermal = replace(settings, label_layouts={**settings.label_layouts, "thermal-50x30": LabelLayout(60, 40, 60, 40)})
    [page] = printing_helpers.rasterise(render_sample("thermal-50x30", thermal), 203)
    assert page.size == (480, 320)  # 60×40 mm at 203 dpi
