"""Biên bản tiêu hủy (Luật THADS Điều 125; ND 62/2015 Điều 33) and the chain-of-custody report."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from ..describe import event_kind_label
from ..domain.ledger import short_hash
from ..domain.states import STATE_LABELS
from ..i18n import N_, _
from .handover import act_to_come
from .blocks import (basis_paragraphs, case_phrase, item_table, name_with_code, participants, refusals, remarks,
                     seal_text, time_place)
from .signature_blocks import closing, closing_and_signatures, closing_flow
from .table_blocks import grid_table
from ..domain.records import print_mark
from .docbase import MARGINS, breakable, build_pdf, esc, header_flowables, para
from .formatting import short_date, short_datetime
from .records import CustodyEvent, CustodyReport, DestructionRecord, Verification
from .templates import PrintSettings, _col

FRAME_WIDTH = 210 * mm - MARGINS["left"] - MARGINS["right"]
DESTRUCTION_ORDER = ("chair", "member", "supervisor", "witness", "giver", "keeper", "head")
# who hands the items over and who approved their leaving sign the destruction record too (issue #12)
HANDING_OVER = (("giver", N_("BÊN GIAO")), ("keeper", N_("THỦ KHO")), ("head", N_("THỦ TRƯỞNG ĐƠN VỊ")))

BREAK_REASONS = {
    "hash_mismatch": N_("mã băm không khớp (dữ liệu bị sửa)"),
    "prev_mismatch": N_("liên kết chuỗi bị đứt"),
    "sequence_gap": N_("thiếu sự kiện (số thứ tự bị ngắt quãng)"),
}


def render_destruction(record: DestructionRecord, settings: PrintSettings | None = None) -> bytes:
    """Biên bản tiêu hủy: council members, VKS supervision, method, witnesses, items."""
    settings = settings or PrintSettings()
    if record.issuing_agency:  # the record is the council's: its agency heads it (ND 30/2020 Art 8)
        settings = replace(settings, header=replace(settings.header, parent_agency=record.issuing_agency,
                                                    issuing_unit=record.issuing_unit or settings.header.issuing_unit))
    template = settings.document(destruction_template(record))
    known = {c.role for c in template.signature_columns}
    extra = tuple(_col(role, title, True) for role, title in HANDING_OVER if role not in known)
    if extra:  # a template saved before the storekeeper and the commander signed the destruction record
        template = replace(template, signature_columns=template.signature_columns + extra)
    started = None if act_to_come(record) else record.started_at  # not carried out yet: no hour printed
    story = header_flowables(settings, template, record.number, started.date() if started else None)
    story += basis_paragraphs(record.legal_bases or template.legal_bases, record.basis_documents)
    story.append(time_place(started, record.place))
    # the council and the procurator first, then the storekeeper who hands the items over and the commander who
    # approved it, each named as their signature slot holds them (issue #12; BLTTHS Điều 133: every participant)
    story += participants(record.parties, DESTRUCTION_ORDER)
    if record.absent:  # the record names who took part (BLTTHS Điều 133) and so who of the council did not (ND 62/2015
        # Điều 33): an absent member is neither listed among «chúng tôi gồm» nor given a place to sign
        story.append(para(_("<b>Vắng mặt:</b> {names}.", names=esc(", ".join(record.absent))), "flush"))
    if record.approved_on and any(p.role == "head" for p in record.parties):
        story.append(para(_("Việc xuất kho vật chứng để tiêu hủy đã được Thủ trưởng đơn vị phê duyệt ngày {day}.",
                            day=short_date(record.approved_on)), "flush"))
    case = case_phrase(record.case)
    intro = (_("Tiến hành tiêu hủy vật chứng, tài sản của {case}, gồm:", case=case) if case
             else _("Tiến hành tiêu hủy các vật chứng, tài sản sau:"))
    story += [para(intro), item_table(record.items, with_location=False)]
    story += [para(esc(f)) for f in record.facts]
    story.append(para(_("<b>Phương pháp tiêu hủy:</b> {method}.", method=esc(record.method))))
    if record.result:
        story.append(para(_("<b>Kết quả:</b> {result}.", result=esc(record.result))))
    said = record.remarks or any(p.refusal_reason is not None for p in record.parties)
    if started is None and not said:  # not carried out yet: nobody has been asked (issue #12)
        story.append(para(_("Ý kiến, khiếu nại của những người tham gia: ……………………………………")))
    else:
        story.append(remarks(record.remarks, record.parties))
    lead = refusals(record.parties) + [closing(template, record.started_at, record.ended_at, record.parties)]
    story += closing_flow(template, record.parties, FRAME_WIDTH, lead)  # a council of 4–6 signs on two rows
    return build_pdf(story, f"{template.title} {template.subtitle}", record.number, record.stamp,
                     mark=print_mark(record.status))


def destruction_template(record: DestructionRecord) -> str:
    """A destruction executing a judgment rests on the enforcement decision (Luật THADS Điều 125; ND 62/2015 Điều
    33): the THADS council's record; without one it is a procedural body's decision (BLTTHS Điều 106)."""
    if any(d.kind == "enforcement_decision" for d in record.basis_documents):
        return "destruction"
    return "destruction.procedural"


def render_custody_report(report: CustodyReport, settings: PrintSettings | None = None) -> bytes:
    """The item's whole ledger in sequence order, with the hash-chain verification result."""
    settings = settings or PrintSettings()
    template = settings.document("custody_report")
    number = report.number or _("BC-{code}", code=report.item.code)
    story = header_flowables(settings, template, number, report.generated_at.date())
    story += _item_facts(report)
    story.append(_verification(report.verification))
    story.append(_events_table(report.events))
    story.append(para(_("Báo cáo lập lúc {when}; gồm {n} sự kiện.", when=short_datetime(report.generated_at),
                        n=len(report.events))))
    story.append(closing_and_signatures(template, report.parties, FRAME_WIDTH))
    return build_pdf(story, f"{template.title} {template.subtitle}", number, report.stamp)


def _item_facts(report: CustodyReport) -> list[Flowable]:
    item = report.item
    state = _(STATE_LABELS[report.state]) if report.state in STATE_LABELS else esc(report.state)
    facts = [(_("Vật chứng"), name_with_code(item).replace("<br/>", " — ")),
             (_("Vụ án / vụ việc"), case_phrase(report.case)), (_("Trạng thái hiện tại"), state),
             (_("Niêm phong"), seal_text(item)), (_("Vị trí"), esc(item.location))]
    return [para(f"<b>{k}:</b> {v}", "flush") for k, v in facts if v]


def _verification(v: Verification) -> Flowable:
    head = f"#{v.head_seq} ({short_hash(v.head_hash)})"
    if v.ok:
        text = _("<b>Kết quả kiểm tra chuỗi sổ cái:</b> TOÀN VẸN — đã kiểm tra {n} sự kiện, đầu chuỗi {head}.",
                 n=v.checked, head=head)
    else:
        reason = _(BREAK_REASONS[v.reason]) if v.reason in BREAK_REASONS else esc(v.reason)
        text = _("<b>Kết quả kiểm tra chuỗi sổ cái:</b> PHÁT HIỆN SAI LỆCH tại sự kiện #{seq}: {reason}; "
                 "đã kiểm tra {n} sự kiện, đầu chuỗi {head}.", seq=v.broken_seq, reason=reason, n=v.checked,
                 head=head)
    return para(text, "flush")


def describe_event(event: CustodyEvent) -> str:
    text = esc(event_kind_label(event.kind))
    if event.corrects_seq is not None:
        text += " " + _("(đính chính sự kiện #{seq})", seq=event.corrects_seq)
    return text


def _events_table(events: tuple[CustodyEvent, ...]) -> Table:
    head = [_("Số TT sổ cái"), _("Thời điểm xảy ra / ghi nhận"), _("Sự kiện"), _("Người thực hiện"),
            _("Văn bản"), _("Chi tiết"), _("Mã băm")]
    rows = [[para(h, "head") for h in head]]
    widths = [14 * mm, 28 * mm, 24 * mm, 28 * mm, 24 * mm, 25 * mm, 22 * mm]
    for e in sorted(events, key=lambda e: e.seq):
        when = f'<font size="9.5">{short_datetime(e.occurred_at)}<br/>{short_datetime(e.recorded_at)}</font>'
        rows.append([para(f"#{e.seq}", "cell_c"), para(when, "cell_c"), para(describe_event(e), "cell"),
                     para(actor_text(e), "cell"), para(breakable(e.document, widths[4]), "cell"),
                     para(breakable(e.details, widths[5]), "cell"),
                     para(f'<font size="7.5">{short_hash(e.hash)}</font>', "cell_c")])
    return grid_table(rows, widths)


def actor_text(event: CustodyEvent) -> str:
    """The person's name; the workstation under it, smaller and labelled (a bare "vm" reads like a name)."""
    name = esc(event.actor)
    if not event.workstation:
        return name
    station = _("Máy: {name}", name=esc(event.workstation))
    return f'{name}<br/><font size="9">{station}</font>'
