"""Danh sách vật chứng đủ điều kiện đề xuất xử lý: one row per item with its Code 128 barcode (the same symbol
as on its label), so the proposal on the Xử lý screen is made by scanning the list (HANDS-ON 50). Rows in the
order of the shelves. Plain data in, PDF bytes out."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..domain import codes
from ..domain.categories import CATEGORIES
from ..domain.states import STATE_LABELS, State
from ..i18n import _
from .barcodes import code128_width, draw_code128
from .table_blocks import grid_table
from .docbase import MARGINS, REGULAR, build_pdf, esc, header_flowables, para
from .formatting import quantity
from .templates import DocumentTemplate, PrintSettings

FRAME_WIDTH = 210 * mm - MARGINS["left"] - MARGINS["right"]
MODULE = 0.25 * mm  # as on the item labels: office printers at 300/600 dpi draw it cleanly
BAR_HEIGHT = 9 * mm
WIDTHS = (11 * mm, 48 * mm, FRAME_WIDTH - 11 * mm - 48 * mm - 42 * mm - 26 * mm, 42 * mm, 26 * mm)


class BarcodeCell(Flowable):
    """The item's code as Code 128 with its quiet zones, the readable code under it."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.width = code128_width(code, MODULE)
        self.height = BAR_HEIGHT + 3.2 * mm

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        draw_code128(self.canv, self.code, 0, 3.2 * mm, BAR_HEIGHT, MODULE)
        self.canv.setFont(REGULAR, 7.5)
        self.canv.drawCentredString(self.width / 2, 0.4 * mm, codes.parse_code(self.code).display)


def _template() -> DocumentTemplate:
    return DocumentTemplate(_("DANH SÁCH"), _("Vật chứng đủ điều kiện đề xuất xử lý"), copies=1)


def render_candidate_list(data, settings: PrintSettings | None = None) -> bytes:
    """``data``: services.disposal_candidates.CandidateList."""
    settings = settings or PrintSettings()
    template = _template()
    story = header_flowables(settings, template, "", data.made_on)
    story.append(para(_("Kho: {warehouse}. Số vật chứng: {n}. Quét mã vạch từng dòng trên màn hình «Xử lý» để "
                        "lập đề xuất.", warehouse=esc(data.warehouse), n=len(data.rows)), "flush"))
    narrowed = [(_("Vụ án"), data.case_filter), (_("Vị trí"), data.place_filter)]
    if any(v for _k, v in narrowed):
        story.append(para(_("Lọc theo: {filters}.", filters="; ".join(
            f"<b>{esc(k)}:</b> {esc(v)}" for k, v in narrowed if v)), "flush"))
    head = [_("STT"), _("Mã vạch"), _("Tên vật chứng, số lượng"), _("Vụ án"), _("Vị trí")]
    rows = [[para(h, "head") for h in head]]
    for n, r in enumerate(data.rows, 1):
        category = CATEGORIES.get(r.category)
        name = f"<b>{esc(r.name)}</b><br/>{esc(_(category.label) if category else r.category)} — " \
               f"{esc(quantity(r.quantity))} {esc(r.unit)}"
        case = f"<b>{esc(r.case_number)}</b>" + (f"<br/>{esc(r.case_title)}" if r.case_title else "")
        place = esc(r.location_name or _("(ngoài kho: {state})", state=_(STATE_LABELS[State(r.state)]).lower()))
        rows.append([para(str(n), "cell_c"), BarcodeCell(r.code), para(name, "cell"), para(case, "cell"),
                     para(place, "cell")])
    if not data.rows:
        rows.append(["", "", para(_("Không có vật chứng nào đủ điều kiện đề xuất xử lý."), "cell"), "", ""])
    story.append(grid_table(rows, WIDTHS))
    return build_pdf(story, _("Danh sách vật chứng đủ điều kiện đề xuất xử lý"), "", None)
