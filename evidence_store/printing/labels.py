"""Item labels (50×30 mm thermal or A4 sticker sheets) and location labels (100×50 mm).

The label is drawn in millimetres on a 50×30 design box; sheet layouts place that box in each
cell, scaled to fit, so one drawing serves every paper. ND 142/2024 Art 14 requires a label on
each item at intake; its content is not prescribed (FORMS.md §2), so it follows design/label-50x30.png.
"""

from __future__ import annotations

import io
from typing import Callable, Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ..domain.codes import check_char, clean, looks_like_code, parse_code
from ..domain.ledger import short_hash
from ..domain.text import nfc
from ..i18n import N_, _
from .barcodes import code128_width, draw_code128, draw_qr
from .fonts import SANS, font_name, register_fonts
from .formatting import short_date
from .pdfutil import binary_streams
from .records import ItemLabel, LocationLabel
from .templates import LabelLayout, PrintSettings

ITEM_BOX = (50 * mm, 30 * mm)
LOCATION_BOX = (100 * mm, 50 * mm)
MODULE = 0.25 * mm  # 2 dots at 203 dpi (DESIGN §5 Scanning)
LOCATION_MODULE = 0.375 * mm  # 3 dots: read from further away on shelves
REGULAR, BOLD = font_name(SANS), font_name(SANS, bold=True)

LOCATION_KINDS = {
    "warehouse": N_("Kho"), "zone": N_("Khu"), "row": N_("Dãy"), "shelf": N_("Kệ"), "level": N_("Tầng"),
    "bin": N_("Ô"), "yard": N_("Bãi xe"), "safe": N_("Két"), "cold": N_("Kho lạnh"),
}


def display_code(code: str) -> str:
    """'VC26000123K' → 'VC-26-000123-K'; anything that is not a valid code prints unchanged."""
    compact = clean(code)
    if looks_like_code(compact) and check_char(compact[:-1]) == compact[-1]:
        return parse_code(compact).display
    return nfc(code)


def fit(text: str, font: str, size: float, width: float) -> str:
    """Cut text with an ellipsis so it fits the width (labels never wrap)."""
    text = nfc(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip(" ,;·-") + "…"


def draw_fitted(c: Canvas, x: float, y: float, text: str, font: str, size: float, width: float,
                min_size: float = 5.5) -> None:
    """Shrink down to min_size before cutting: a header should stay whole when it can."""
    text = nfc(text)
    while size > min_size and stringWidth(text, font, size) > width:
        size -= 0.5
    c.setFont(font, size)
    c.drawString(x, y, fit(text, font, size, width))


def qr_payload(code: str, ledger_hash: str) -> str:
    """Alphanumeric QR mode keeps the symbol at version 1 (21 modules) on a 10 mm square."""
    return f"{code}:{short_hash(ledger_hash)}" if ledger_hash else code


def draw_item_label(c: Canvas, label: ItemLabel, agency: str) -> None:
    """Draw one item label into the 50×30 mm box at the origin."""
    marker = _("BẢN IN LẠI {n}", n=label.reprint) if label.reprint > 0 else ""
    c.setFont(BOLD, 7)
    marker_w = stringWidth(marker, BOLD, 7) + 2 * mm if marker else 0
    if marker:
        c.drawRightString(48 * mm, 26 * mm, marker)
    draw_fitted(c, 2 * mm, 26 * mm, agency, BOLD, 7, 46 * mm - marker_w)
    bars_x = (ITEM_BOX[0] - code128_width(label.code, MODULE)) / 2
    draw_code128(c, label.code, bars_x, 16.6 * mm, 8.2 * mm, MODULE)
    c.setFont(BOLD, 13)
    c.drawCentredString(25 * mm, 12.4 * mm, display_code(label.code))
    draw_qr(c, qr_payload(label.code, label.ledger_hash), 0.6 * mm, 0.6 * mm, 11 * mm, "L", best_mask=False)
    _draw_item_details(c, label)


def seal_phrase(seal_number: str) -> str:
    """'NP 004512'; a seal number that already starts with the prefix ('NP-0001') prints as it is."""
    seal = nfc(seal_number).strip()
    prefix = _("NP {n}", n="").strip()
    head = seal[:len(prefix)]
    rest = seal[len(prefix):]
    if prefix and head.upper() == prefix.upper() and not (rest[:1].isalpha()):
        return seal
    return _("NP {n}", n=seal)


def _draw_item_details(c: Canvas, label: ItemLabel) -> None:
    parts = [_("VA {n}", n=label.case_number) if label.case_number else "",
             seal_phrase(label.seal_number) if label.seal_number else ""]
    intake = _("Nhập {d}", d=short_date(label.intake_date)) if label.intake_date else ""
    lines = (" · ".join(p for p in parts if p), label.short_name,
             " · ".join(p for p in (intake, nfc(label.location)) if p))
    for i, line in enumerate(lines):  # shrink a little before cutting: the seal number should stay whole
        draw_fitted(c, 12.2 * mm, (8.9 - i * 3.3) * mm, line, REGULAR, 7.5, 36.6 * mm, min_size=6.5)


def draw_location_label(c: Canvas, label: LocationLabel) -> None:
    """Draw one location label into the 100×50 mm box at the origin."""
    kind = _("Loại: {kind}", kind=_(LOCATION_KINDS.get(label.kind, label.kind))) if label.kind else ""
    kind_w = stringWidth(kind, REGULAR, 10) + 3 * mm
    draw_fitted(c, 4 * mm, 44 * mm, label.warehouse, BOLD, 10, 92 * mm - kind_w, min_size=8)
    c.setFont(REGULAR, 10)
    c.drawRightString(96 * mm, 44 * mm, nfc(kind))
    _draw_location_name(c, label.name)
    width = code128_width(label.code, LOCATION_MODULE)
    draw_code128(c, label.code, 1 * mm, 13 * mm, 15 * mm, LOCATION_MODULE)
    c.setFont(BOLD, 14)
    c.drawCentredString(1 * mm + width / 2, 7.5 * mm, display_code(label.code))
    draw_qr(c, label.code, 73 * mm, 5 * mm, 24 * mm, "M")


NAME_SIZES = (18.0, 13.0)  # one line: shrink from 18 pt down to 13 pt
NAME_SIZES_2 = (15.0, 10.0)  # then two lines, from 15 pt down to 10 pt; only then "…"
NAME_WIDTH = 92 * mm
NAME_MIDDLE = 35.8 * mm  # between the header line (44 mm) and the top of the bars (28 mm)


def name_lines(name: str) -> tuple[float, list[str]]:
    """Font size and one or two lines for a location name: shrink to fit, wrap, and only then ellipsise."""
    name = nfc(name)
    size = NAME_SIZES[0]
    while size > NAME_SIZES[1] and stringWidth(name, BOLD, size) > NAME_WIDTH:
        size -= 0.5
    if stringWidth(name, BOLD, size) <= NAME_WIDTH:
        return size, [name]
    size = NAME_SIZES_2[0]
    while True:
        lines = simpleSplit(name, BOLD, size, NAME_WIDTH)
        if len(lines) <= 2 and all(stringWidth(x, BOLD, size) <= NAME_WIDTH for x in lines):
            return size, lines
        if size <= NAME_SIZES_2[1]:
            break
        size -= 0.5
    first = fit(lines[0], BOLD, size, NAME_WIDTH)  # one word wider than the label is cut too
    rest = name[len(lines[0]):].strip() if name.startswith(lines[0]) else " ".join(lines[1:])
    return size, [first, fit(rest, BOLD, size, NAME_WIDTH)] if rest else [first]


def _draw_location_name(c: Canvas, name: str) -> None:
    size, lines = name_lines(name)
    c.setFont(BOLD, size)
    if len(lines) == 1:
        c.drawString(4 * mm, 35.5 * mm, lines[0])
        return
    step = size * 1.15
    first = NAME_MIDDLE + (size * 0.75 + step + size * 0.22) / 2 - size * 0.75  # centre the two-line block
    c.drawString(4 * mm, first, lines[0])
    c.drawString(4 * mm, first - step, lines[1])


def _new_canvas(buf: io.BytesIO, layout: LabelLayout, title: str) -> Canvas:
    register_fonts()
    c = Canvas(buf, pagesize=(layout.page_width_mm * mm, layout.page_height_mm * mm),
               invariant=1, pageCompression=1, initialFontName=REGULAR)
    c.setTitle(title)
    c.setCreator("Kho Vật Chứng")
    return c


def _cells(layout: LabelLayout, box: tuple[float, float]) -> list[tuple[float, float, float]]:
    """(x, y, scale) of every label cell on a page, left to right, top to bottom."""
    scale = min(layout.label_width_mm * mm / box[0], layout.label_height_mm * mm / box[1])
    dx = (layout.label_width_mm * mm - box[0] * scale) / 2
    dy = (layout.label_height_mm * mm - box[1] * scale) / 2
    cells = []
    for row in range(layout.rows):
        top = layout.page_height_mm - layout.margin_top_mm - row * (layout.label_height_mm + layout.gap_y_mm)
        for col in range(layout.columns):
            left = layout.margin_left_mm + col * (layout.label_width_mm + layout.gap_x_mm)
            cells.append((left * mm + dx, (top - layout.label_height_mm) * mm + dy, scale))
    return cells


def _render(items: Iterable, layout: LabelLayout, box: tuple[float, float], title: str,
            draw: Callable[[Canvas, object], None]) -> bytes:
    buf = io.BytesIO()
    c = _new_canvas(buf, layout, title)
    cells = _cells(layout, box)
    used = 0
    for item in items:
        if used == len(cells):
            c.showPage()
            used = 0
        x, y, scale = cells[used]
        c.saveState()
        c.translate(x, y)
        if scale != 1:
            c.scale(scale, scale)
        draw(c, item)
        c.restoreState()
        used += 1
    c.showPage()
    with binary_streams():
        c.save()
    return buf.getvalue()


def _repeat(items: Sequence, copies: int) -> Iterable:
    for item in items:
        for _i in range(max(1, copies)):
            yield item


def render_item_labels(labels: Sequence[ItemLabel], settings: PrintSettings | None = None,
                       layout: str | None = None, copies: int | None = None) -> bytes:
    """Item labels, each repeated ``copies`` times (default: settings.label_copies).

    layout: a key of settings.label_layouts ("thermal-50x30", "a4-3x8", "a4-2x7"…)."""
    settings = settings or PrintSettings()
    sheet = settings.layout(layout or settings.item_label_layout)
    agency = settings.header.short_name
    n = settings.label_copies if copies is None else copies
    return _render(_repeat(labels, n), sheet, ITEM_BOX, _("Nhãn vật chứng"),
                   lambda c, label: draw_item_label(c, label, agency))


def render_location_labels(labels: Sequence[LocationLabel], settings: PrintSettings | None = None,
                           layout: str | None = None, copies: int = 1) -> bytes:
    """Location labels 100×50 mm (or an A4 sheet layout such as "a4-location-2x5")."""
    settings = settings or PrintSettings()
    sheet = settings.layout(layout or settings.location_label_layout)
    return _render(_repeat(labels, copies), sheet, LOCATION_BOX, _("Nhãn vị trí"), draw_location_label)
