"""Biên bản giao nhận (all variants) and Phiếu nhập kho / Phiếu xuất kho (ND 142/2024 Art 14)."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from ..i18n import N_, _
from .blocks import (NAMED_IN_FACTS, amounts_in_words, basis_paragraphs, case_phrase, describe_item, describe_person,
                     document_phrase, item_table, name_with_code, participants, refusals, remarks, seal_summary,
                     seal_text, time_place)
from .signature_blocks import closing, closing_and_signatures, closing_flow, recipients, void_statement
from .table_blocks import amount_cell, grid_table_with_tail, grid_table
from ..domain.records import print_mark
from .docbase import MARGINS, build_pdf, esc, header_flowables, para
from .formatting import clock, quantity, short_date
from .labels import printed_codes
from .seal_paper import as_request
from .records import Party
from .records import HandoverRecord, StockSlip
from .templates import HANDOVER_KINDS, PrintSettings

FRAME_WIDTH = 210 * mm - MARGINS["left"] - MARGINS["right"]


def render_handover(record: HandoverRecord, settings: PrintSettings | None = None) -> bytes:
    """Biên bản giao nhận vật chứng; record.kind selects the template "handover.<kind>"."""
    if record.kind not in HANDOVER_KINDS:
        raise ValueError(f"unknown handover kind {record.kind!r}")
    settings = settings or PrintSettings()
    if record.kind == "incident":
        record = _incident_maker(record)
    record = _each_person_once(record)
    if record.kind in ("seal", "unseal"):  # ND 127/2017: the act rests on a procedural body's written request, not
        # on "Văn bản khác" (the kind of document the request is filed under)
        record = replace(record, basis_documents=tuple(as_request(d) for d in record.basis_documents))
    if record.issuing_agency:  # the record is the giving agency's: its name heads it (ND 30/2020 Art 8)
        settings = replace(settings, header=replace(settings.header, parent_agency=record.issuing_parent,
                                                    issuing_unit=record.issuing_agency))
    template = settings.document(record.template or f"handover.{record.kind}")
    started = None if act_to_come(record) else record.started_at
    story = header_flowables(settings, template, record.number, started.date() if started else None)
    story += basis_paragraphs(record.legal_bases or template.legal_bases, record.basis_documents)
    story.append(time_place(started, record.place))
    story += participants([p for p in record.parties if p.role not in NAMED_IN_FACTS],
                          labels=ORGANISER_LABELS.get(record.kind))
    void = record.status == "void"
    story.append(para(_void_intro(record) if void else _intro(record)))
    story.append(item_table(record.items))
    story += amounts_in_words(record.items)
    # sentences the record stores with compact codes print them as on the labels (VC-24-000018-B), formatted here
    # so the stored content — and the check code on papers already printed — stays the same (issue #12)
    story += [para(esc(printed_codes(f))) for f in record.facts]
    if not void:  # a void record states no seal found "khi giao nhận" and no participants' remarks: there was no act
        # a disposal not carried out yet: the seals are looked at when the items are handed over, written then
        seals = _("Tình trạng niêm phong khi giao nhận: ……………………………………") if act_to_come(record) else None
        said = record.remarks or any(p.refusal_reason is not None for p in record.parties)
        # nobody was asked yet — an act to come, or one whose end is not entered (the remarks are taken when the
        # record is read back at the end, BLTTHS Điều 133.1): «không có» is written when they were
        asked = not seals and record.ended_at is not None
        story += [para(seals) if seals else seal_summary(record.items, printed_codes(record.seal_summary), record.kind),
                  remarks(record.remarks, record.parties) if asked or said
                  else para(_("Ý kiến, khiếu nại của những người tham gia: ……………………………………"))]
    if void:  # the act did not happen: the refusal, no closing to attest, no signatures
        story.append(void_statement(printed_codes(record.void_statement)))
        return build_pdf(story, f"{template.title} {template.subtitle}", record.number, record.stamp,
                         mark=print_mark(record.status))
    # "Nơi nhận" (ND 30/2020 Art 8.2.9; HANDS-ON 75): who keeps each copy, listed once under the signatures; the
    # closing still states how many copies were made (BLTTHS Điều 133)
    if any(p.role == "chair" for p in record.parties) and not any(p.role == "receiver" for p in record.parties):
        # items handed to a destruction council: nobody receives them as «BÊN NHẬN» — the council signs as such
        template = replace(template, signature_columns=tuple(c for c in template.signature_columns
                                                             if c.role != "receiver"))
    listed = recipients(template)
    lead = refusals(record.parties) + [closing(template, record.started_at, record.ended_at, record.parties,
                                               distribution_listed=bool(listed))]
    story += closing_flow(template, record.parties, FRAME_WIDTH, lead, tail=listed)
    return build_pdf(story, f"{template.title} {template.subtitle}", record.number, record.stamp,
                     mark=print_mark(record.status))


def _incident_maker(record: HandoverRecord) -> HandoverRecord:
    """An incident record has no giver: the acting user who found the broken seal makes it, "Người lập biên bản"
    (BLTTHS Điều 133; ND 142/2024 Art 11) — records made before the role existed stored him as the giver."""
    return replace(record, parties=tuple(replace(p, role="maker") if p.role == "giver" else p
                                         for p in record.parties))


# a sealing record's organiser organised a sealing, an unsealing record's an unsealing (ND 127/2017)
ORGANISER_LABELS = {"seal": {"organiser": N_("Người tổ chức niêm phong")},
                    "unseal": {"organiser": N_("Người tổ chức mở niêm phong")}}


def act_to_come(record) -> bool:
    """A disposal's draft is a proposal or an approval not carried out yet (carrying it out opens the record): its
    stored start is the proposal's, not the act's — the hour, day and date are left to be written (issue #12)."""
    return getattr(record, "kind", "disposal") == "disposal" and record.status == "draft"


def _same_person(a: Party, b: Party) -> bool:
    pa, pb = a.person, b.person
    return pa.full_name == pb.full_name and (pa.id_number == pb.id_number or not pa.id_number or not pb.id_number) \
        and pa.agency == pb.agency


def _each_person_once(record: HandoverRecord) -> HandoverRecord:
    """The storekeeper who gives the items (a disposal, a transfer) is named and signs once, as "Bên giao", not again
    as "Thủ kho" (issue #12, as the check record: each person once). Done at printing: the stored parties — and the
    check code of papers already printed — stay as they were; a storekeeper's slot with a refusal, a fingerprint or
    an on-screen signature of its own still prints."""
    sides = [p for p in record.parties if p.role in ("giver", "receiver", "maker")]
    keep = tuple(p for p in record.parties
                 if not (p.role == "keeper" and p.refusal_reason is None and not p.fingerprint
                         and p.signed_on_screen is None and any(_same_person(p, q) for q in sides)))
    return record if len(keep) == len(record.parties) else replace(record, parties=keep)


def _void_intro(record: HandoverRecord) -> str:
    """A void record lists what the act was to concern, never "Tiến hành giao, nhận …" (it did not happen)."""
    case = case_phrase(record.case)
    return _("Vật chứng, tài liệu, đồ vật{of} dự kiến giao, nhận:", of=_(" của {case}", case=case) if case else "")


def _intro(record: HandoverRecord) -> str:
    case = case_phrase(record.case)
    if record.kind == "incident":
        return _("Phát hiện niêm phong của các vật chứng, tài liệu, đồ vật{of} sau đây bị rách, mất hoặc có dấu hiệu "
                 "bóc mở:", of=_(" của {case}", case=case) if case else "")
    if record.kind == "check":
        return _("Tiến hành kiểm tra định kỳ các vật chứng, tài liệu, đồ vật{of} đang giao bảo quản, kết quả như sau:",
                 of=_(" của {case}", case=case) if case else "")
    if record.kind == "seal":
        return _("Theo yêu cầu nêu trên, tiến hành kiểm tra, mô tả thực trạng và niêm phong các vật chứng, tài liệu, "
                 "đồ vật{of} như sau:", of=_(" của {case}", case=case) if case else "")
    if record.kind == "unseal":
        return _("Theo yêu cầu nêu trên, tiến hành kiểm tra niêm phong trước khi mở, mở niêm phong và kiểm tra vật "
                 "chứng, tài liệu, đồ vật{of} sau khi mở như sau:", of=_(" của {case}", case=case) if case else "")
    if case:
        return _("Tiến hành giao, nhận vật chứng, tài liệu, đồ vật của {case} như sau:", case=case)
    return _("Tiến hành giao, nhận các vật chứng, tài liệu, đồ vật như sau:")


def render_stock_slip(slip: StockSlip, settings: PrintSettings | None = None) -> bytes:
    """Phiếu nhập kho (slip.direction == "in") or Phiếu xuất kho ("out")."""
    if slip.direction not in ("in", "out"):
        raise ValueError(f"unknown slip direction {slip.direction!r}")
    settings = settings or PrintSettings()
    template = settings.document(f"slip.{slip.direction}")
    story = header_flowables(settings, template, slip.number, slip.issued_at.date())
    story += _slip_facts(slip)
    body, tail = _slip_table(slip)
    if body is not None:
        story.append(body)
    total = [para(_("Tổng số: {n} khoản vật chứng, tài liệu, đồ vật.", n=f"{len(slip.items):02d}"))]
    story.append(closing_and_signatures(template, _slip_parties(slip), FRAME_WIDTH,
                                        [tail] + amounts_in_words(slip.items) + total))
    return build_pdf(story, template.title, slip.number, slip.stamp, mark=print_mark(slip.status))


def _slip_parties(slip: StockSlip) -> tuple[Party, ...]:
    if any(p.role == "counterpart" for p in slip.parties):
        return slip.parties
    return (Party("counterpart", slip.counterpart),) + tuple(slip.parties)


def _slip_facts(slip: StockSlip) -> list[Flowable]:
    inbound = slip.direction == "in"
    who = _("Họ và tên người giao") if inbound else _("Họ và tên người nhận")
    facts = [para(f"<b>{who}:</b> {describe_person(slip.counterpart)}.", "flush")]
    sources = [document_phrase(d) for d in slip.basis_documents]
    if slip.handover_number:
        sources.append(_("Biên bản giao nhận số {n}", n=esc(slip.handover_number)))
    if sources:
        facts.append(para(f"<b>{_('Theo')}:</b> {'; '.join(sources)}.", "flush"))
    if slip.case:
        facts.append(para(f"<b>{_('Vụ án / vụ việc')}:</b> {case_phrase(slip.case)}.", "flush"))
    if slip.purpose:
        facts.append(para(f"<b>{_('Lý do xuất')}:</b> {esc(slip.purpose)}.", "flush"))
    if slip.due_on is not None:  # tạm xuất: the day the items must be back in the warehouse (HANDS-ON 34)
        facts.append(para(f"<b>{_('Hạn trả lại kho')}:</b> {short_date(slip.due_on)}.", "flush"))
    where = _("Nhập tại kho") if inbound else _("Xuất tại kho")
    when = _("{time}, ngày {day}", time=clock(slip.issued_at), day=short_date(slip.issued_at))
    facts.append(para(f"<b>{where}:</b> {esc(slip.warehouse)}; <b>{_('thời gian')}:</b> {when}.", "flush"))
    return facts


def _slip_table(slip: StockSlip):
    actual = _("Thực nhập") if slip.direction == "in" else _("Thực xuất")
    top = [_("STT"), _("Tên, đặc điểm, tình trạng"), _("ĐVT"), _("Số lượng"), "", _("Niêm phong"), _("Vị trí")]
    sub = ["", "", "", _("Theo chứng từ"), actual, "", ""]
    rows = [[para(h, "head") for h in top], [para(h, "head") for h in sub]]
    widths = [10 * mm, 56 * mm, 13 * mm, 19 * mm, 19 * mm, 27 * mm, 21 * mm]
    for n, item in enumerate(slip.items, 1):
        documented = item.quantity if item.documented_quantity is None else item.documented_quantity
        detail = describe_item(item)
        name = name_with_code(item) + (f"<br/>{detail}" if detail else "")
        rows.append([para(str(n), "cell_c"), para(name, "cell"),
                     para(esc(item.unit), "cell_c"), amount_cell(quantity(documented), widths[3]),
                     amount_cell(quantity(item.quantity), widths[4]), para(seal_text(item, widths[5]), "cell"),
                     para(esc(item.location), "cell")])
    spans = [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2, 5, 6)] + [("SPAN", (3, 0), (4, 0))]
    return grid_table_with_tail(rows, widths, header_rows=2, extra_style=spans, space_before=2)
