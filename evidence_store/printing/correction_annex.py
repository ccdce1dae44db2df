"""Phụ lục đính chính biên bản: what a correction changed in a signed record — the record, the item, each corrected
statement as printed and as corrected, the reason and the note it rests on — with a signature place for each of the
record's original signers and for the one who made the correction (BLTTHS Điều 133.2: a correction is confirmed by
the signatures of those who signed the record; LEGAL-RULES R13)."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from ..i18n import N_, _
from .blocks import case_phrase, document_phrase, participants
from .docbase import MARGINS, build_pdf, esc, header_flowables, para
from .formatting import clock, short_date
from .labels import display_code
from .records import CorrectionAnnex
from .signature_blocks import closing_flow
from .table_blocks import grid_table
from .templates import DocumentTemplate, PrintSettings, SignatureColumn

FRAME_WIDTH = 210 * mm - MARGINS["left"] - MARGINS["right"]


def annex_template(annex: CorrectionAnnex, columns: tuple[SignatureColumn, ...]) -> DocumentTemplate:
    return DocumentTemplate(
        title=_("PHỤ LỤC ĐÍNH CHÍNH"), subtitle=_("Biên bản số {number}", number=annex.record_number), copies=2,
        legal_bases=(_("Căn cứ Điều 133 Bộ luật Tố tụng hình sự năm 2015 (mọi sửa chữa, bổ sung trong biên bản phải "
                       "được những người ký biên bản xác nhận bằng chữ ký);"),),
        signature_columns=columns)


def render_correction_annex(annex: CorrectionAnnex, columns: tuple[SignatureColumn, ...],
                            settings: PrintSettings | None = None) -> bytes:
    settings = settings or PrintSettings()
    template = annex_template(annex, columns)
    # signed by hand on this paper: blank places, never the original record's screen signatures
    parties = tuple(replace(p, signature_png=b"", signed_on_screen=None, refusal_reason=None) for p in annex.parties)
    number = f"{annex.record_number}-ĐC{annex.event_seq}"
    story = header_flowables(settings, template, number, annex.corrected_at.date())
    story += [para(esc(b)) for b in template.legal_bases]
    started = (_(" lập hồi {time} ngày {day}", time=clock(annex.record_started_at),
                 day=short_date(annex.record_started_at)) if annex.record_started_at else "")
    story.append(para(_("Đính chính {title} số {number}{started}", title=esc(annex.record_title),
                        number=esc(annex.record_number), started=started)
                      + (_(" của {case}", case=case_phrase(annex.case)) if annex.case else "") + "."))
    item = annex.item
    story.append(para(_("Vật chứng: {name} (mã {code}).", name=esc(item.name), code=display_code(item.code))))
    rows = [[para(_("Nội dung"), "head"), para(_("Biên bản đã ghi"), "head"), para(_("Nay đính chính là"), "head")]]
    rows += [[para(esc(what), "cell"), para(esc(before) or "—", "cell"), para(esc(after) or "—", "cell")]
             for what, before, after in annex.changes]
    story.append(grid_table(rows, [FRAME_WIDTH * w for w in (0.26, 0.37, 0.37)], identity=()))
    story.append(para(_("Lý do đính chính: {reason}.", reason=esc(annex.reason.rstrip(".")))))
    if annex.document is not None:
        story.append(para(_("Căn cứ: {document}.", document=document_phrase(annex.document))))
    story.append(para(_("Đính chính ghi hồi {time} ngày {day} (sự kiện #{seq} của sổ cái).",
                        time=clock(annex.corrected_at), day=short_date(annex.corrected_at), seq=annex.event_seq)))
    story += participants(annex.parties, labels={"corrector": N_("Người đính chính")})
    story.append(Spacer(1, 6))
    lead = [para(_("Những người đã ký biên bản số {number} đã đọc lại nội dung đính chính trên, xác nhận bằng chữ ký "
                   "dưới đây; phụ lục này là bộ phận của biên bản.", number=esc(annex.record_number)))]
    story += closing_flow(template, parties, FRAME_WIDTH, lead)
    return build_pdf(story, template.title, number, None)
