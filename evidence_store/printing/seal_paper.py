"""Giấy niêm phong: the paper stuck on a sealed package (ND 127/2017 Điều 3.3): the name of the agency organising the
sealing, the seal number, the case and the item, the time of sealing, the full names and signatures (or fingerprints)
of the organisers and participants, and the place of that agency's stamp. One page per package."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from ..i18n import _
from .blocks import case_phrase, describe_item, document_phrase
from .signature_blocks import closing_and_signatures
from .docbase import MARGINS, build_pdf, esc, header_flowables, para
from .formatting import clock, quantity, short_date
from .labels import display_code
from .records import SealPaper
from .templates import PrintSettings

FRAME_WIDTH = 210 * mm - MARGINS["left"] - MARGINS["right"]


def render_seal_paper(paper: SealPaper, settings: PrintSettings | None = None) -> bytes:
    settings = settings or PrintSettings()
    if paper.organiser_agency:  # the paper names the agency that organised the sealing (ND 127/2017 Điều 3.3)
        settings = replace(settings, header=replace(settings.header, parent_agency=paper.organiser_parent,
                                                    issuing_unit=paper.organiser_agency))
    template = settings.document("seal_paper")
    # signed by hand on the paper itself: blank places, never a screen signature's image
    parties = tuple(replace(p, signature_png=b"", signed_on_screen=None, refusal_reason=None) for p in paper.parties)
    story = []
    for n, item in enumerate(paper.items):
        if n:
            story.append(PageBreak())
        story += header_flowables(settings, template, paper.seal_number, paper.sealed_at.date())
        story += [para(esc(b)) for b in template.legal_bases]
        facts = [(_("Số niêm phong"), f"<b>{esc(paper.seal_number)}</b>")]
        if paper.organiser_agency:
            facts.append((_("Cơ quan tổ chức niêm phong"), esc(paper.organiser_agency)))
        if paper.request:
            facts.append((_("Theo yêu cầu"), document_phrase(paper.request)))
        if paper.case:
            facts.append((_("Vụ án / vụ việc"), case_phrase(paper.case)))
        detail = describe_item(item)
        facts.append((_("Vật chứng"), f"{esc(item.name)} ({_('mã')} {display_code(item.code)}); "
                                      f"{quantity(item.quantity)} {esc(item.unit)}" + (f"; {detail}" if detail else "")))
        facts.append((_("Thời gian niêm phong"), _("{time}, ngày {day}, tại {place}", time=clock(paper.sealed_at),
                                                     day=short_date(paper.sealed_at), place=esc(paper.place))))
        facts.append((_("Biên bản niêm phong"), _("số {number}", number=esc(paper.record_number))))
        story += [para(f"<b>{label}:</b> {value}.", "flush") for label, value in facts]
        story.append(Spacer(1, 6))
        story.append(closing_and_signatures(template, parties, FRAME_WIDTH, [para(
            _("Những người tổ chức và tham gia niêm phong ký, ghi rõ họ tên (hoặc điểm chỉ, ghi rõ họ tên người điểm "
              "chỉ) trên giấy niêm phong; giấy niêm phong được đóng dấu của cơ quan tổ chức niêm phong."), "body")]))
        story.append(Spacer(1, 10))
        story.append(para(_("(Đóng dấu của {agency})", agency=esc(paper.organiser_agency or _("cơ quan tổ chức niêm phong"))),
                          "sign_note"))
    return build_pdf(story, template.title, paper.seal_number, paper.stamp)
