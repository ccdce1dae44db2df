"""Checks on print settings before they are saved (DESIGN §5): copies 1–10, a title and at least one
signature column per form, label sheets whose labels fit the page, an emblem that is a small PNG or
JPEG. Each refusal is a ``ValidationError`` whose ``field`` names the editor's input."""

from __future__ import annotations

import base64
import binascii
import io
from dataclasses import fields

from ..domain.errors import ValidationError
from ..i18n import N_
from ..error_texts import register
from .templates import DOCUMENT_NAMES, DocumentTemplate, LabelLayout, PrintSettings

COPIES_MIN, COPIES_MAX = 1, 10
LOGO_LIMIT = 512 * 1024  # bytes
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
FIT_TOLERANCE_MM = 0.01

for _code, _text in {
    "print_copies_range": N_("«{document}»: số bản phải từ {low} đến {high} (đã nhập: {value})"),
    "print_title_required": N_("«{document}»: cần nhập tiêu đề"),
    "print_signature_required": N_("«{document}»: cần ít nhất một cột chữ ký"),
    "print_signature_incomplete": N_("«{document}»: cột chữ ký thứ {row} cần có vai trò và chức danh"),
    "label_size_invalid": N_("Khổ nhãn {layout}: kích thước nhãn và khổ giấy phải lớn hơn 0, số cột và số hàng "
                             "ít nhất là 1, lề và khoảng cách không âm"),
    "label_width_overflow": N_("Khổ nhãn {layout}: lề trái, {columns} cột nhãn và khoảng cách cần {needed} mm, "
                               "vượt chiều rộng giấy {page} mm"),
    "label_height_overflow": N_("Khổ nhãn {layout}: lề trên, {rows} hàng nhãn và khoảng cách cần {needed} mm, "
                                "vượt chiều cao giấy {page} mm"),
    "logo_too_large": N_("Ảnh biểu trưng quá lớn ({size} KB, tối đa {limit} KB)"),
    "logo_not_image": N_("Biểu trưng phải là ảnh PNG hoặc JPEG"),
}.items():
    register(_code, _text)


def _name(key: str) -> str:
    from ..i18n import _
    if key == "labels":
        return _("Nhãn vật chứng")
    return _(DOCUMENT_NAMES[key]) if key in DOCUMENT_NAMES else key


def check_document(key: str, template: DocumentTemplate) -> None:
    name = _name(key)
    if not isinstance(template.copies, int) or not COPIES_MIN <= template.copies <= COPIES_MAX:
        raise ValidationError("print_copies_range", field="copies", document=name, document_key=key,
                              low=COPIES_MIN, high=COPIES_MAX, value=template.copies)
    if not str(template.title or "").strip():
        raise ValidationError("print_title_required", field="title", document=name, document_key=key)
    if not template.signature_columns:
        raise ValidationError("print_signature_required", field="signature_columns", document=name,
                              document_key=key)
    for row, column in enumerate(template.signature_columns, 1):
        if not str(column.role or "").strip() or not str(column.title or "").strip():
            raise ValidationError("print_signature_incomplete", field="signature_columns", document=name,
                                  document_key=key, row=row)


def _mm(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def check_layout(key: str, layout: LabelLayout) -> None:
    """Every label of the sheet lies on the page (margins + labels + gaps ≤ paper)."""
    values = {f.name: getattr(layout, f.name) for f in fields(LabelLayout)}
    if (any(not isinstance(v, (int, float)) or v < 0 for v in values.values())
            or min(layout.page_width_mm, layout.page_height_mm, layout.label_width_mm, layout.label_height_mm) <= 0
            or layout.columns < 1 or layout.rows < 1):
        raise ValidationError("label_size_invalid", field="label_width_mm", layout=key, layout_key=key)
    width = layout.margin_left_mm + layout.columns * layout.label_width_mm + (layout.columns - 1) * layout.gap_x_mm
    if width > layout.page_width_mm + FIT_TOLERANCE_MM:
        raise ValidationError("label_width_overflow", field="width", layout=key, layout_key=key,
                              columns=layout.columns, needed=_mm(width), page=_mm(layout.page_width_mm))
    height = layout.margin_top_mm + layout.rows * layout.label_height_mm + (layout.rows - 1) * layout.gap_y_mm
    if height > layout.page_height_mm + FIT_TOLERANCE_MM:
        raise ValidationError("label_height_overflow", field="height", layout=key, layout_key=key,
                              rows=layout.rows, needed=_mm(height), page=_mm(layout.page_height_mm))


def check_logo(data: bytes) -> str:
    """The MIME type of a valid emblem (PNG or JPEG, at most LOGO_LIMIT bytes), checked with Pillow."""
    if len(data) > LOGO_LIMIT:
        raise ValidationError("logo_too_large", field="logo", size=(len(data) + 1023) // 1024,
                              limit=LOGO_LIMIT // 1024)
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        kind = None
    if kind not in LOGO_FORMATS:
        raise ValidationError("logo_not_image", field="logo")
    return LOGO_FORMATS[kind]


def encode_logo(data: bytes) -> str:
    """Checked emblem bytes → the base64 text kept in ``PrintSettings.logo_data``."""
    check_logo(data)
    return base64.b64encode(data).decode("ascii")


def logo_bytes(settings: PrintSettings) -> bytes:
    """The stored emblem, or b"" when there is none or it does not decode."""
    if not settings.logo_data:
        return b""
    try:
        return base64.b64decode(settings.logo_data, validate=True)
    except (binascii.Error, ValueError):
        return b""


def validate_settings(settings: PrintSettings) -> None:
    """Raise the first ``ValidationError`` found; the defaults pass."""
    for key, template in settings.documents.items():
        check_document(key, template)
    for key, layout in settings.label_layouts.items():
        check_layout(key, layout)
    for chosen in (settings.item_label_layout, settings.location_label_layout):
        if chosen not in settings.label_layouts:
            raise ValidationError("unknown_label_layout", field="label_layout", layout=chosen)
    if not isinstance(settings.label_copies, int) or not COPIES_MIN <= settings.label_copies <= COPIES_MAX:
        raise ValidationError("print_copies_range", field="label_copies", document=_name("labels"), low=COPIES_MIN,
                              high=COPIES_MAX, value=settings.label_copies)
    if settings.logo_data:
        try:
            data = base64.b64decode(settings.logo_data, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError("logo_not_image", field="logo") from None
        check_logo(data)
