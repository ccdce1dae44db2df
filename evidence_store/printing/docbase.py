"""The A4 page of an official record in the ND 30/2020 layout (LEGAL.md G).

Margins, the agency block and Quốc hiệu – Tiêu ngữ, page numbers from page 2 and the ledger footer
are drawn here; each document module only supplies its flowables.
"""

from __future__ import annotations

import io
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ..domain.ledger import short_hash
from ..domain.text import nfc
from ..i18n import _
from .barcodes import draw_qr
from .fonts import SERIF, font_name, register_fonts
from .formatting import long_date
from .pdfutil import binary_streams
from .records import LedgerStamp
from .templates import AgencyHeader, DocumentTemplate, PrintSettings

# ND 30/2020 Phụ lục I: top 20–25, bottom 20–25, left 30–35, right 15–20 mm
MARGINS = {"top": 20 * mm, "right": 15 * mm, "bottom": 20 * mm, "left": 30 * mm}
BODY_SIZE = 13  # ND 30/2020: body text 13–14 pt
REGULAR, BOLD = font_name(SERIF), font_name(SERIF, bold=True)
ITALIC, BOLD_ITALIC = font_name(SERIF, italic=True), font_name(SERIF, True, True)
LEFT_BLOCK = 68 * mm  # agency block; the rest of the width holds Quốc hiệu – Tiêu ngữ


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=BODY_SIZE, leading=15,
                          alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=2)
    return {
        "body": body,
        "flush": ParagraphStyle("flush", body, firstLineIndent=0),
        "title": ParagraphStyle("title", body, fontName=BOLD, fontSize=14, leading=17, alignment=TA_CENTER,
                                firstLineIndent=0, spaceAfter=0),
        "subtitle": ParagraphStyle("subtitle", body, fontName=BOLD, alignment=TA_CENTER, firstLineIndent=0,
                                   spaceAfter=8),
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=10.5, leading=12.5, alignment=TA_LEFT),
        "cell_c": ParagraphStyle("cell_c", fontName=REGULAR, fontSize=10.5, leading=12.5, alignment=TA_CENTER),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=10.5, leading=12.5, alignment=TA_CENTER),
        "sign_title": ParagraphStyle("sign_title", fontName=BOLD, fontSize=BODY_SIZE, leading=15.5,
                                     alignment=TA_CENTER),
        "sign_note": ParagraphStyle("sign_note", fontName=ITALIC, fontSize=12, leading=14, alignment=TA_CENTER),
        # ND 30/2020 Phụ lục I: "Nơi nhận:" 12 pt bold italic, its lines 11 pt
        # (no space before: the signature table's bottom padding separates it; the one-page intake record keeps
        # its signatures and "Nơi nhận" on its page)
        "recipients": ParagraphStyle("recipients", fontName=REGULAR, fontSize=11, leading=13, alignment=TA_LEFT),
        "sign_name": ParagraphStyle("sign_name", fontName=BOLD, fontSize=BODY_SIZE, leading=15.5,
                                    alignment=TA_CENTER),
    }


def para(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, styles()[style])


def esc(text: object) -> str:
    """NFC and XML-escape free text before it goes into a Paragraph's mini-markup."""
    return nfc(str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def breakable(text: str, width: float, style: str = "cell", at: str = "/") -> str:
    """Escaped text for a table cell ``width`` points wide (padding included) in which a word too long for
    the cell breaks only after ``at``: '377/2026/BB-GN' → '377/2026/' + 'BB-GN', never 'BB-G' + 'N'.
    Words that fit are left to the paragraph's own wrapping."""
    st = styles()[style]
    room = width - 6  # the GRID's left and right padding
    words = nfc(str(text)).split(" ")
    return " ".join(_break_word(w, st.fontName, st.fontSize, room, at) for w in words)


def _break_word(word: str, font: str, size: float, room: float, at: str) -> str:
    if at not in word or stringWidth(word, font, size) <= room:
        return esc(word)
    pieces = [p + at for p in word.split(at)]
    pieces[-1] = pieces[-1][:-len(at)]
    lines = [""]
    for piece in pieces:
        if lines[-1] and stringWidth(lines[-1] + piece, font, size) > room:
            lines.append(piece)
        else:
            lines[-1] += piece
    return "<br/>".join(esc(line) for line in lines if line)


_BREAK_BEFORE = ("VÀ", "và")  # "… BẢO VỆ / VÀ HỖ TRỢ TƯ PHÁP", never "… BẢO VỆ VÀ / HỖ TRỢ …" (HANDS-ON 81)


def _lines(text: str, font: str, size: float, width: float, upper: bool = False) -> list[str]:
    text = nfc(text.upper() if upper else text) if "\n" not in text else text
    out: list[str] = []
    for part in text.split("\n"):
        part = nfc(part.upper() if upper else part)
        out.extend(_before_conjunction(simpleSplit(part, font, size, width) or [""], font, size, width))
    return out


def _before_conjunction(lines: list[str], font: str, size: float, width: float) -> list[str]:
    """A line that ends in "và" gives the word to the next line, when that line still fits."""
    for i in range(len(lines) - 1):
        head, _sep, last = lines[i].rpartition(" ")
        if head and last in _BREAK_BEFORE and stringWidth(f"{last} {lines[i + 1]}", font, size) <= width:
            lines[i], lines[i + 1] = head, f"{last} {lines[i + 1]}"
    return lines


class HeaderBlock(Flowable):
    """Agency block (left) and Quốc hiệu – Tiêu ngữ (right), number and place-date line (ND 30/2020 Art 8)."""

    LOGO = 14 * mm  # emblem box, centred above the agency lines

    def __init__(self, header: AgencyHeader, number: str, day: date, form_code: str = "",
                 logo: bytes | str = b""):
        super().__init__()
        self.header, self.number, self.day, self.form_code, self.logo = header, number, day, form_code, logo
        self.parent = _lines(header.parent_agency, REGULAR, 12.5, LEFT_BLOCK, upper=True)
        self.unit = _lines(header.issuing_unit, BOLD, 12.5, LEFT_BLOCK, upper=True)
        self.image = self._image()

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        rows = max(len(self.parent) + len(self.unit), 2)
        self.height = (1.2 if self.form_code else 0) * 14 + rows * 15 + 30 + self._logo_room()
        return self.width, self.height

    def draw(self):
        c, top = self.canv, self.height
        if self.form_code:
            c.setFont(ITALIC, 11)
            c.drawRightString(self.width, top - 10, nfc(self.form_code))
            top -= 1.2 * 14
        self._draw_logo(c, top)
        y = self._draw_agency(c, top - self._logo_room())
        right = LEFT_BLOCK + (self.width - LEFT_BLOCK) / 2
        y_right = self._draw_national(c, right, top)
        base = min(y - 10, y_right - 6)
        if self.number:  # a register (sổ) has no number
            c.setFont(REGULAR, BODY_SIZE)
            c.drawCentredString(LEFT_BLOCK / 2, base, _("Số: {number}", number=nfc(self.number)))
        c.setFont(ITALIC, BODY_SIZE)
        c.drawCentredString(right, base, long_date(self.day, self.header.place_name))

    def _draw_agency(self, c, top: float) -> float:
        y, centre = top - 12, LEFT_BLOCK / 2
        for font, lines in ((REGULAR, self.parent), (BOLD, self.unit)):
            c.setFont(font, 12.5)
            for line in lines:
                c.drawCentredString(centre, y, line)
                y -= 15
        rule = stringWidth(self.unit[-1], BOLD, 12.5) * 0.45 if self.unit else 20 * mm
        c.setLineWidth(0.6)
        c.line(centre - rule / 2, y + 9, centre + rule / 2, y + 9)  # ND 30: rule 1/3–1/2 of the line
        return y

    def _draw_national(self, c, centre: float, top: float) -> float:
        c.setFont(BOLD, 12.5)
        c.drawCentredString(centre, top - 12, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        motto = _("Độc lập - Tự do - Hạnh phúc")
        c.setFont(BOLD, 13)
        c.drawCentredString(centre, top - 27, motto)
        half = stringWidth(motto, BOLD, 13) / 2
        c.setLineWidth(0.6)
        c.line(centre - half, top - 30.5, centre + half, top - 30.5)  # rule as long as the Tiêu ngữ
        return top - 27 - 15

    def _image(self):
        """The emblem as an ImageReader (stored bytes, or a legacy file path), or None."""
        from reportlab.lib.utils import ImageReader
        if isinstance(self.logo, bytes) and self.logo:
            return ImageReader(io.BytesIO(self.logo))
        if isinstance(self.logo, str) and self.logo and Path(self.logo).is_file():
            return ImageReader(self.logo)
        return None

    def _logo_room(self) -> float:
        return self.LOGO + 3 if self.image is not None else 0

    def _draw_logo(self, c, top: float) -> None:
        if self.image is not None:
            size = self.LOGO
            c.drawImage(self.image, LEFT_BLOCK / 2 - size / 2, top - size, size, size, preserveAspectRatio=True,
                        mask="auto")


def title_block(template: DocumentTemplate) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 10), para(esc(template.title), "title")]
    if template.subtitle:
        out.append(para(esc(template.subtitle), "subtitle"))
    else:
        out.append(Spacer(1, 8))
    return out


def record_qr_payload(number: str, stamp: LedgerStamp) -> str:
    """QR in the footer: record number, its check code and the ledger position (DESIGN §4)."""
    return f"KVC|{nfc(number)}|{short_hash(stamp.record_hash)}|{stamp.head_seq}|{short_hash(stamp.head_hash)}"


def footer_text(stamp: LedgerStamp) -> str:
    return _("Mã kiểm tra {code} · sổ cái đến sự kiện #{seq} ({head})",
             code=short_hash(stamp.record_hash), seq=stamp.head_seq, head=short_hash(stamp.head_hash))


# An official record is Vietnamese (BLTTHS 2015 Điều 29: tiếng nói và chữ viết dùng trong tố tụng hình sự là
# tiếng Việt). A print in another language is a translation: every page says so (HANDS-ON 66).
TRANSLATION: ContextVar[str] = ContextVar("translation", default="")


@dataclass
class PageDecor:
    """Page number from page 2, centred in the top margin; ledger footer on every page (ND 30/2020)."""

    number: str
    stamp: LedgerStamp | None
    mark: str = ""  # "DỰ THẢO" / "CHƯA HOÀN TẤT" / "KHÔNG CÓ HIỆU LỰC": a record that is not complete

    def __call__(self, canvas, doc) -> None:
        canvas.saveState()
        width, height = canvas._pagesize
        if self.mark:  # drawn first: the page's text stays on top
            self._mark(canvas, width, height)
        if TRANSLATION.get():
            self._translation(canvas, width, height)
        page = canvas.getPageNumber()
        if page > 1:
            canvas.setFont(REGULAR, BODY_SIZE)
            canvas.drawCentredString(MARGINS["left"] + (width - MARGINS["left"] - MARGINS["right"]) / 2,
                                     height - 12 * mm, str(page))
        if self.stamp:
            self._footer(canvas, width)
        canvas.restoreState()

    def _mark(self, canvas, width: float, height: float) -> None:
        """Across the page, light grey behind the text, and in a box at the top: never mistaken for a final
        record, on any page, even in a photocopy."""
        text = nfc(_(self.mark))
        canvas.saveState()
        canvas.setFillGray(0.82)
        size = min(72.0, (width * 0.95) / max(1.0, stringWidth(text, BOLD, 1) * 1.0))
        canvas.setFont(BOLD, size)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45 if width < height else 30)
        canvas.drawCentredString(0, -size / 3, text)
        canvas.restoreState()
        canvas.saveState()
        canvas.setFont(BOLD, 12)
        box = stringWidth(text, BOLD, 12) + 6 * mm
        x, y = MARGINS["left"], height - 13 * mm
        canvas.setLineWidth(1.2)
        canvas.rect(x, y - 2.5 * mm, box, 7 * mm)
        canvas.drawString(x + 3 * mm, y, text)
        canvas.restoreState()

    def _translation(self, canvas, width: float, height: float) -> None:
        canvas.saveState()
        canvas.setFont(BOLD, 9)
        canvas.setFillGray(0.25)
        canvas.drawCentredString(width / 2, height - 7 * mm, TRANSLATION.get())
        canvas.restoreState()

    def _footer(self, canvas, width: float) -> None:
        """The ledger footer, 5 mm clear of the paper's edge (most printers cannot print nearer) with the
        QR code's 4-module quiet zone inside its square (HANDS-ON 80)."""
        size, right = 14 * mm, width - MARGINS["right"]
        canvas.setFillGray(0)
        draw_qr(canvas, record_qr_payload(self.number, self.stamp), right - size, FOOTER_EDGE, size, "M")
        canvas.setFont(REGULAR, 8)
        canvas.drawRightString(right - size - 1 * mm, FOOTER_EDGE + 8.5 * mm, footer_text(self.stamp))
        canvas.drawRightString(right - size - 1 * mm, FOOTER_EDGE + 5 * mm,
                               _("Số {number} · Quét mã QR trong ứng dụng để đối chiếu với cơ sở dữ liệu.",
                                 number=nfc(self.number)))


FOOTER_EDGE = 5 * mm


class PagedCanvas(Canvas):
    """Writes "Trang x/y" on every page once the page count is known (the pages are held until save)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(REGULAR, 8)
            self.setFillGray(0)
            self.drawString(MARGINS["left"], FOOTER_EDGE + 5 * mm,
                            _("Trang {page}/{pages}", page=self._pageNumber, pages=total))
            self.restoreState()
            super().showPage()
        super().save()


def build_pdf(flowables: Sequence[Flowable], title: str, number: str, stamp: LedgerStamp | None,
              landscape_page: bool = False, mark: str = "") -> bytes:
    """Lay the flowables out on A4 with the ND 30 frame; deterministic bytes (invariant=1)."""
    register_fonts()
    size = landscape(A4) if landscape_page else A4
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=size, leftMargin=MARGINS["left"], rightMargin=MARGINS["right"],
                          topMargin=MARGINS["top"], bottomMargin=MARGINS["bottom"], title=nfc(title),
                          creator="Kho Vật Chứng", author="", subject=nfc(number), invariant=1,
                          pageCompression=1, initialFontName=REGULAR)  # not base-14 Helvetica
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=PageDecor(number, stamp, mark))])
    with binary_streams():
        doc.build(list(flowables), canvasmaker=PagedCanvas)
    return buf.getvalue()


def header_flowables(settings: PrintSettings, template: DocumentTemplate, number: str, day: date) -> list[Flowable]:
    register_fonts()
    from .validation import logo_bytes
    head = HeaderBlock(settings.header, number, day, template.form_code, logo_bytes(settings) or settings.logo_path)
    return [head] + title_block(template)
