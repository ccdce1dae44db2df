"""Tables of the records: the body table that splits long rows across pages, amount cells and the grid styles."""

from __future__ import annotations

from typing import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from ..i18n import _
from .docbase import REGULAR, esc, styles
from .formatting import quantity

GRID = [("FONT", (0, 0), (-1, -1), REGULAR, 10.5),  # plain-string cells would default to base-14 Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]


class BodyTable(Table):
    """A table whose repeated header never ends a page alone.

    reportlab splits a long table wherever the page ends: with ``repeatRows`` that can leave the header
    (and at most a sliver of a row split inside) at the bottom of a page. A split here keeps at least
    ``min_rows`` whole body rows with the header, or a good piece of a row too tall for the room left;
    otherwise the table starts on the next page. At the top of a page anything goes (nothing better exists).
    """

    MIN_PIECE = 48  # points: a row split inside keeps at least ~4 lines on each side

    def __init__(self, *args, min_rows: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_rows = min_rows

    def _header_count(self) -> int:
        rows = self.repeatRows
        return rows if isinstance(rows, int) else (max(rows) + 1 if rows else 0)

    def split(self, availWidth, availHeight):
        frame = self._doctemplateAttr("frame")
        if frame is None or getattr(frame, "_atTop", False):
            return super().split(availWidth, availHeight)
        self._calc(availWidth, availHeight)
        heads, heights = self._header_count(), self._rowHeights
        n = self._getFirstPossibleSplitRowPosition(availHeight)
        whole = n - heads
        if whole < 0:
            return []
        if n >= len(heights) or whole >= min(self.min_rows, len(heights) - heads):
            return super().split(availWidth, availHeight)
        room = availHeight - sum(heights[:n])  # left for the next row, which does not fit whole
        if self.splitInRow and room >= self.MIN_PIECE and heights[n] - room >= self.MIN_PIECE:
            return self._splitRows(availHeight, doInRowSplit=1)
        return []  # would leave the header (almost) alone: move to the next page


ROW_PIECE = 150  # points (~12 lines of a cell): a longer row continues in rows of this height


def amount_cell(text: str, width: float, size: float = 10.5, min_size: float = 7.0) -> Paragraph:
    """A quantity or an amount in a cell ``width`` wide: smaller type when needed, never broken inside
    the number ("23.300.␤000" reads as two numbers; HANDS-ON 77)."""
    base = styles()["cell_c"]  # registers the fonts too
    text = esc(text)
    room = width - 6  # the GRID's padding
    while size > min_size and stringWidth(text, REGULAR, size) > room:
        size -= 0.25
    style = ParagraphStyle(f"amount{size}", base, fontSize=size, leading=size * 1.2,
                           splitLongWords=0)
    return Paragraph(text, style)


def _continued_rows(rows: list, widths: Sequence[float], header_rows: int, identity: Sequence[int]) -> list:
    """Rows taller than ``ROW_PIECE`` become a row and continuation rows: each long cell's text flows on
    in pieces, and every continuation row repeats the item's number and name "(tiếp theo)", so no piece
    of text is ever separated from what it describes and no row is split by the page (HANDS-ON 78)."""
    out = rows[:header_rows]
    for row in rows[header_rows:]:
        pieces = [_pieces(cell, widths[c]) for c, cell in enumerate(row)]
        count = max(len(p) for p in pieces)
        if count == 1:
            out.append(row)
            continue
        for k in range(count):
            line = []
            for c, cell in enumerate(row):
                if k < len(pieces[c]):
                    line.append(pieces[c][k] if len(pieces[c]) > 1 or k == 0 else "")
                elif c in identity and isinstance(cell, Paragraph):
                    line.append(_continuation(cell, c == identity[-1]))
                else:
                    line.append("")
            out.append(line)
    return out


def _pieces(cell, width: float) -> list:
    """A paragraph cut into pieces at most ``ROW_PIECE`` high (one piece when it fits)."""
    if not isinstance(cell, Paragraph):
        return [cell]
    room = width - 6
    pieces, rest = [], cell
    while True:
        _w, height = rest.wrap(room, 10_000)
        if height <= ROW_PIECE:
            pieces.append(rest)
            return pieces
        parts = rest.split(room, ROW_PIECE)
        if len(parts) < 2:
            pieces.append(rest)
            return pieces
        pieces.append(parts[0])
        rest = parts[1]


def _continuation(cell: Paragraph, name: bool) -> Paragraph:
    text = cell.text if hasattr(cell, "text") else ""
    mark = _("(tiếp theo)")
    return Paragraph(f"{text}<br/><i>{mark}</i>" if name else f"{text}", cell.style)


def grid_table(rows: list, widths: Sequence[float], header_rows: int = 1, extra_style: Sequence = (),
               space_before: float = 4, identity: Sequence[int] = (0, 1)) -> Table:
    """The ruled table of the records: header repeated on every page, a long row continued in rows that
    repeat its number and name, never a header alone at the bottom of a page."""
    table = BodyTable(_continued_rows(rows, widths, header_rows, identity), colWidths=list(widths),
                      repeatRows=header_rows, splitInRow=0, spaceBefore=space_before, spaceAfter=6)
    table.setStyle(TableStyle(GRID + list(extra_style)))
    return table


def grid_table_with_tail(rows: list, widths: Sequence[float], header_rows: int = 1, extra_style: Sequence = (),
                         space_before: float = 4, tail: int = 2) -> tuple[Table | None, Table]:
    """The table in two parts: the body, and its last ``tail`` rows as a table that the caller keeps with
    the totals and the signatures — a last page never holds signatures alone (HANDS-ON 79)."""
    rows = _continued_rows(rows, widths, header_rows, (0, 1))
    body = rows[header_rows:]
    if len(body) <= tail:
        return None, grid_table(rows, widths, header_rows, extra_style, space_before, identity=())
    main = grid_table(rows[:len(rows) - tail], widths, header_rows, extra_style, space_before, identity=())
    main.spaceAfter = 0
    end = Table(rows[len(rows) - tail:], colWidths=list(widths), spaceBefore=0, spaceAfter=6)
    end.setStyle(TableStyle(GRID))
    return main, end
