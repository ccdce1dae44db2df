"""Item labels (50×30 mm thermal or A4 sticker sheets) and location labels (100×50 mm).

Each label is laid out for its own cell (a 50×30 thermal label, or a sheet cell that uses its room),
inside the printer's printable area; barcodes are drawn on whole dots of the printer's resolution. ND 142/2024 Art 14 requires a label on
each item at intake; its content is not prescribed (FORMS.md §2), so it follows design/label-50x30.png.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from reportlab.lib.units import mm
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth as _string_width
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ..describe import location_kind_label
from ..domain.codes import ALPHABET, LETTERS, check_char, clean, looks_like_code, parse_code
from ..domain.ledger import short_hash
from ..domain.text import nfc
from ..i18n import N_, _
from .barcodes import (PrinterProfile, code128_width_on_dots, draw_code128_on_dots, draw_qr_on_dots,
                       profile)
from .fonts import SANS, font_name, register_fonts
from .formatting import short_date
from .pdfutil import binary_streams
from .records import ItemLabel, LocationLabel
from .templates import LabelLayout, PrintSettings

@lru_cache(maxsize=65536)
def stringWidth(text: str, font: str, size: float) -> float:  # noqa: N802 (reportlab's name)
    """Cached: a label measures the same few strings at a few sizes (1,000 labels stay near a second)."""
    return _string_width(text, font, size)


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


# a compact code standing alone in a sentence ("VC24000018B", not inside a longer word or number)
_COMPACT_IN_TEXT = re.compile(r"(?<![0-9A-Za-z-])[%s]{2}[0-9]{8,11}[%s](?![0-9A-Za-z-])" % (LETTERS, ALPHABET))


def printed_codes(text: str) -> str:
    """Every valid compact code in a sentence in its printed form ("… của VC24000018B …" → "… của VC-24-000018-B
    …"), at render time: the record's stored text, and so its check code, stays as it was first hashed."""
    return _COMPACT_IN_TEXT.sub(lambda m: display_code(m.group(0)), text) if text else text


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


@dataclass(frozen=True)
class Box:
    """Where a label may draw: its cell on the page minus the printer's non-printable margins.
    ``x, y, w, h`` are points in the cell's own coordinates; ``page_x`` / ``page_top`` place the cell
    on the page (for snapping bars to the printer's dots)."""

    x: float
    y: float
    w: float
    h: float
    page_x: float = 0.0
    page_top: float = 0.0
    printer: PrinterProfile = PrinterProfile()

    @property
    def scale(self) -> float:
        """How much larger than the 50×30 thermal label's printable 48×28 mm this box is."""
        return max(0.85, min(1.6, self.w / (48 * mm), self.h / (28 * mm)))


def full_box(width: float, height: float, inset: float = 1 * mm, printer: PrinterProfile = PrinterProfile()) -> Box:
    return Box(inset, inset, width - 2 * inset, height - 2 * inset, 0.0, height, printer)


def _wrap_fitted(text: str, font: str, size: float, width: float, min_size: float, max_lines: int) -> tuple[float, list[str]]:
    """Shrink to one line, else wrap into at most ``max_lines`` at the smallest size before cutting."""
    text = nfc(text)
    while size > min_size and stringWidth(text, font, size) > width:
        size -= 0.25
    if stringWidth(text, font, size) <= width or max_lines == 1:
        return size, [fit(text, font, size, width)]
    lines = simpleSplit(text, font, size, width)
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [fit(" ".join(lines[max_lines - 1:]), font, size, width)]
    return size, lines


def draw_item_label(c: Canvas, label: ItemLabel, agency: str, box: Box | None = None) -> None:
    """One item label laid out for its box (50×30 thermal, or a larger sheet cell that uses its room):
    header with the reprint marker, Code 128 on whole printer dots, the code in large type, a QR code
    with a 4-module quiet zone, and case, seal, identifier, name, intake date and place — the seal, the
    plate and the place are never cut (HANDS-ON 82–84)."""
    box = box or full_box(*ITEM_BOX)
    k = box.scale
    top = box.y + box.h
    marker = _("IN LẠI {n}", n=label.reprint) if label.reprint > 0 else ""
    head_size = 7 * k
    marker_w = stringWidth(marker, BOLD, head_size) + 2 * mm if marker else 0
    if marker:
        c.setFont(BOLD, head_size)
        c.drawRightString(box.x + box.w, top - head_size * 1.0, marker)
    size, lines = _wrap_fitted(agency, BOLD, head_size, box.w - marker_w, 5.0, 2 if k > 1.15 else 1)
    c.setFont(BOLD, size)
    for i, line in enumerate(lines):  # a capital's tone mark (Ậ, Ứ) rises to about one em
        c.drawString(box.x, top - size * 1.0 - i * size * 1.15, line)
    y = top - size * 1.0 - (len(lines) - 1) * size * 1.15 - 1.2 * mm
    bar_h = min(10 * mm, 6.6 * mm * k)
    module_w = code128_width_on_dots(label.code, MODULE, box.printer)
    draw_code128_on_dots(c, label.code, box.x + (box.w - module_w) / 2, y - bar_h, bar_h, MODULE, box.printer,
                         box.page_x)
    y -= bar_h + 0.5 * mm
    code_size = min(16.0, 11.5 * k)
    c.setFont(BOLD, code_size)
    c.drawCentredString(box.x + box.w / 2, y - code_size * 0.75, display_code(label.code))
    y -= code_size * 0.95
    area_h = y - box.y
    qr = draw_qr_on_dots(c, qr_payload(label.code, label.ledger_hash), box.x, box.y, min(area_h, 16 * mm),
                         box.printer, box.page_x, box.page_top, "L", best_mask=False)
    _draw_item_details(c, label, box.x + qr + 0.6 * mm, box.y, box.x + box.w, y, k)


def seal_phrase(seal_number: str) -> str:
    """'NP 004512'; a seal number that already names itself ('NP-0001', '000001/NP-PC02') prints as
    it is: never "NP 000001/NP-PC02" (HANDS-ON 83)."""
    seal = nfc(seal_number).strip()
    prefix = _("NP {n}", n="").strip()
    if prefix and re.search(rf"(^|[^A-Za-zÀ-ỹ]){re.escape(prefix)}([^A-Za-zÀ-ỹ]|$)", seal, re.IGNORECASE):
        return seal
    return _("NP {n}", n=seal)


def _detail_parts(label: ItemLabel):
    """(text, keep whole) in the order they print; the name is the only part that may be cut."""
    parts = []
    if label.case_number:
        parts.append((_("VA {n}", n=label.case_number), True))
    if label.seal_number:
        parts.append((seal_phrase(label.seal_number), True))
    if getattr(label, "identifier", ""):
        parts.append((nfc(label.identifier), True))
    place = " · ".join(p for p in (_("Nhập {d}", d=short_date(label.intake_date)) if label.intake_date else "",
                                   nfc(label.location)) if p)
    name = (nfc(label.short_name), False)
    return parts, name, place


def _draw_item_details(c: Canvas, label: ItemLabel, left: float, bottom: float, right: float, top: float,
                       k: float) -> None:
    """Lines packed from the parts: whole parts share a line when they fit ("VA … · NP …"), the place
    ends the block, the name takes the rows left and is the only text cut with "…". The largest type
    that keeps every whole part and still leaves the name a line wins."""
    width = right - left
    kept, name, place = _detail_parts(label)
    place_parts = [p.strip() for p in place.split(" · ") if p]
    choices = []
    for size in [x * k for x in (7.5, 7.0, 6.5, 6.0, 5.5, 5.0)]:
        pitch = size * 1.15
        rows = int((top - bottom - size * 0.25) / pitch)
        lines = _pack([t for t, _w in kept], size, width) + _pack(place_parts, size, width)
        if all(stringWidth(x, REGULAR, size) <= width for x in lines) and len(lines) <= rows:
            choices.append((size, pitch, rows, lines))
            if rows - len(lines) >= 1 or not name[0]:
                break
    size, pitch, rows, lines = (choices[-1] if choices and (rows - len(choices[-1][3]) >= 1 or not name[0])
                                else choices[0] if choices else (5.0 * k, 5.75 * k, 3, lines))
    free = rows - len(lines)
    if free > 0 and name[0]:
        name_lines = simpleSplit(name[0], REGULAR, size, width) or [name[0]]
        if len(name_lines) > free:
            name_lines = name_lines[:free - 1] + [fit(" ".join(name_lines[free - 1:]), REGULAR, size, width)]
        n_kept = len(_pack([t for t, _w in kept], size, width))
        lines = lines[:n_kept] + name_lines + lines[n_kept:]
    c.setFont(REGULAR, size)
    y = top - size * 0.95
    for line in lines[:max(rows, 1)]:
        c.drawString(left, y, fit(line, REGULAR, size, width))
        y -= pitch


def _pack(parts: list[str], size: float, width: float) -> list[str]:
    lines: list[str] = []
    for part in parts:
        if lines and stringWidth(lines[-1] + " · " + part, REGULAR, size) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return lines


def draw_location_label(c: Canvas, label: LocationLabel, box: Box | None = None) -> None:
    """One location label (100×50 mm): the warehouse on its own line (never cut by the location kind),
    the location's name large, Code 128 on whole dots, its code, a QR code with the kind under it."""
    box = box or full_box(*LOCATION_BOX, inset=3 * mm)
    top = box.y + box.h
    size, lines = _wrap_fitted(label.warehouse, BOLD, 10, box.w, 7, 2)
    c.setFont(BOLD, size)
    for i, line in enumerate(lines):
        c.drawString(box.x, top - size * 1.0 - i * size * 1.15, line)
    name_top = top - size * 1.0 - (len(lines) - 1) * size * 1.15 - 2 * mm
    qr_size = min(24 * mm, box.h - 4 * mm - (top - name_top) - 4 * mm)
    bars_top = box.y + qr_size + 2 * mm
    _draw_location_name(c, label.name, box.x, name_top, bars_top, box.w)
    bar_h = max(8 * mm, bars_top - box.y - 9 * mm)
    width = draw_code128_on_dots(c, label.code, box.x - 2 * mm, box.y + 7 * mm, bar_h, LOCATION_MODULE,
                                 box.printer, box.page_x)
    c.setFont(BOLD, 14)
    c.drawCentredString(box.x - 2 * mm + width / 2, box.y + 1.6 * mm, display_code(label.code))
    kind_name = _(LOCATION_KINDS[label.kind]) if label.kind in LOCATION_KINDS else location_kind_label(label.kind)
    kind = _("Loại: {kind}", kind=kind_name) if label.kind else ""
    column = min(30 * mm, box.w * 0.32)  # the QR code and, under it, the kind in up to two lines
    kind_size, kind_lines = _wrap_fitted(kind, REGULAR, 9, column, 6.5, 2) if kind else (9, [])
    under = len(kind_lines) * kind_size * 1.15 + 1 * mm
    qr_x = box.x + box.w - column + max(0.0, (column - qr_size) / 2)
    drawn = draw_qr_on_dots(c, label.code, qr_x, box.y + under, qr_size, box.printer, box.page_x, box.page_top, "M")
    c.setFont(REGULAR, kind_size)
    middle = box.x + box.w - column / 2
    for i, line in enumerate(kind_lines):
        c.drawCentredString(middle, box.y + under - 1 * mm - kind_size * 0.8 - i * kind_size * 1.15 + 0.6 * mm, line)


NAME_SIZES = (18.0, 13.0)  # one line: shrink from 18 pt down to 13 pt
NAME_SIZES_2 = (15.0, 10.0)  # then two lines, from 15 pt down to 10 pt; only then "…"
NAME_WIDTH = 92 * mm
NAME_MIDDLE = 35.8 * mm  # between the header line (44 mm) and the top of the bars (28 mm)


def name_lines(name: str, width: float = NAME_WIDTH) -> tuple[float, list[str]]:
    """Font size and one or two lines for a location name: shrink to fit, wrap, and only then ellipsise."""
    NAME_WIDTH = width  # noqa: N806 (the module constant is the default width)
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


def _draw_location_name(c: Canvas, name: str, left: float, top: float, bottom: float, width: float) -> None:
    size, lines = name_lines(name, width)
    c.setFont(BOLD, size)
    middle = (top + bottom) / 2
    step = size * 1.15
    first = middle + (len(lines) - 1) * step / 2 - size * 0.35
    for i, line in enumerate(lines):
        c.drawString(left, first - i * step, line)


def _new_canvas(buf: io.BytesIO, layout: LabelLayout, title: str) -> Canvas:
    register_fonts()
    c = Canvas(buf, pagesize=(layout.page_width_mm * mm, layout.page_height_mm * mm),
               invariant=1, pageCompression=1, initialFontName=REGULAR)
    c.setTitle(title)
    c.setCreator("Kho Vật Chứng")
    return c


def cell_boxes(layout: LabelLayout, printer: PrinterProfile, inset_mm: float = 1.0) -> list[tuple[float, float, Box]]:
    """(x, y, box) of every cell on a page, left to right, top to bottom: the label is laid out for its
    own cell (never a scaled 50×30 drawing) within the cell minus ``inset_mm`` and minus the page's
    non-printable margin (``layout.printable_margin_mm`` from each page edge, HANDS-ON 80, 84)."""
    out = []
    margin = layout.printable_margin_mm * mm
    page_w, page_h = layout.page_width_mm * mm, layout.page_height_mm * mm
    cw, ch = layout.label_width_mm * mm, layout.label_height_mm * mm
    for row in range(layout.rows):
        top_mm = layout.margin_top_mm + row * (layout.label_height_mm + layout.gap_y_mm)
        for col in range(layout.columns):
            left = (layout.margin_left_mm + col * (layout.label_width_mm + layout.gap_x_mm)) * mm
            bottom = page_h - top_mm * mm - ch
            x0 = max(inset_mm * mm, margin - left)
            y0 = max(inset_mm * mm, margin - bottom)
            x1 = min(cw - inset_mm * mm, page_w - margin - left)
            y1 = min(ch - inset_mm * mm, page_h - margin - bottom)
            out.append((left, bottom, Box(x0, y0, x1 - x0, y1 - y0, left, page_h - bottom, printer)))
    return out


def _render(items: Iterable, layout: LabelLayout, title: str, draw: Callable[[Canvas, object, Box], None],
            dpi: int | None = None, inset_mm: float = 1.0) -> bytes:
    buf = io.BytesIO()
    c = _new_canvas(buf, layout, title)
    cells = cell_boxes(layout, profile(dpi or layout.dpi), inset_mm)
    used = 0
    for item in items:
        if used == len(cells):
            c.showPage()
            used = 0
        x, y, box = cells[used]
        c.saveState()
        c.translate(x, y)
        draw(c, item, box)
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
                       layout: str | None = None, copies: int | None = None, dpi: int | None = None) -> bytes:
    """Item labels, each repeated ``copies`` times (default: settings.label_copies).

    layout: a key of settings.label_layouts ("thermal-50x30", "a4-3x8", "a4-2x7"…); dpi: the printer's
    resolution (203 or 300; default the layout's) to which the barcodes are snapped."""
    settings = settings or PrintSettings()
    sheet = settings.layout(layout or settings.item_label_layout)
    agency = settings.header.short_name
    n = settings.label_copies if copies is None else copies
    return _render(_repeat(labels, n), sheet, _("Nhãn vật chứng"),
                   lambda c, label, box: draw_item_label(c, label, agency, box), dpi)


def render_location_labels(labels: Sequence[LocationLabel], settings: PrintSettings | None = None,
                           layout: str | None = None, copies: int = 1, dpi: int | None = None) -> bytes:
    """Location labels 100×50 mm (or an A4 sheet layout such as "a4-location-2x5")."""
    settings = settings or PrintSettings()
    sheet = settings.layout(layout or settings.location_label_layout)
    return _render(_repeat(labels, copies), sheet, _("Nhãn vị trí"), draw_location_label, dpi, inset_mm=3.0)
