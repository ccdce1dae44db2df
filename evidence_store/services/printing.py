"""Printing from the database (DESIGN §5 Printing): each function builds the printing package's plain
records from the rows, checks the permission, and returns PDF bytes. Times are printed in Việt Nam
local time; every record carries a ledger stamp (its content hash and the chain position).

Labels need ``print_labels`` and are recorded in the ledger (a reprint says "BẢN IN LẠI n");
records follow the read rules of the queries (``read_all``, or an officer's own cases)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Sequence

from sqlalchemy import select

from .printing_official import official
from ..describe import location_kind_label, state_label
from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..domain.records import Approval, RecordStatus
from ..db.models import Case, CustodyEvent, Document, Handover, Item, Person
from ..domain import codes as code_format
from ..domain.states import TERMINAL, State
from ..i18n import N_, _
from ..error_texts import register as register_message
from .. import printing  # the renderers (and reportlab) load on first use: start-up (DESIGN §7)
from ..printing import records
from ..printing.templates import HANDOVER_KINDS
from . import persistence
from .handover_paper import (_basis_of, _case, _handover, _legal_bases, _lines, _location_text, _maker, _parties,
                             _place, left_locations, _template, _times, _void_statement)
from .handover_facts import _facts, _purpose, disposal_seal_fact
from .signature_slots import live
from .label_prints import record_label_print
from .printing_data import (agency_name, basis_document, derived_number, documents_of, load_print_settings, local,
                            save_print_settings, stamped, warehouse)
from .printing_registers import (custody_report, custody_report_pdf, ledger_book, ledger_book_pdf,  # noqa: F401
                                 stock_card, stock_card_pdf)

from .slip_rule import IN_KINDS, OUT_KINDS, no_physical_movement  # noqa: E402

__all__ = [
    "custody_report", "custody_report_pdf", "destruction_pdf", "destruction_record", "handover_pdf",
    "handover_record", "item_labels_pdf", "ledger_book", "ledger_book_pdf", "load_print_settings",
    "location_labels_pdf", "save_print_settings", "seal_paper", "seal_paper_pdf", "stock_card", "stock_card_pdf", "stock_slip", "stock_slip_pdf",
]


# --- labels -----------------------------------------------------------------------------------------

register_message("label_layout_not_for_items", N_("Khổ nhãn «{layout}» dành cho nhãn vị trí, không in nhãn vật chứng"))
register_message("label_for_disposed_item", N_("Vật chứng {code} đã xử lý xong («{state}»): không in nhãn"))
register_message("printer_dpi_invalid", N_("Độ phân giải máy in không hợp lệ: {dpi} (203, 300 hoặc 600 dpi)"))

LABEL_IDENTIFIERS = (("plate", N_("BKS {v}")), ("imei", N_("IMEI {v}")), ("frame_no", N_("SK {v}")),
                     ("serial", N_("Số {v}")), ("engine_no", N_("SM {v}")))


def label_identifier(attributes: dict) -> str:
    """The one identifier a label prints whole: a plate first, else an IMEI, frame or serial number."""
    for key, template in LABEL_IDENTIFIERS:
        value = str(attributes.get(key) or "").strip()
        if value:
            return _(template, v=value)
    return ""


def item_labels_pdf(uow, codes: Sequence[str], layout: str | None = None, copies: int = 1,
                    dpi: int | None = None) -> bytes:
    """Item labels; the print is recorded first (one "label_printed" event per item, committed),
    so the QR carries the code and the short hash of that event, and a reprint is numbered.
    A disposed item gets no label, and a location layout is not for items (HANDS-ON 85)."""
    require(uow.actor, "print_labels")
    settings = load_print_settings(uow)
    if layout and layout not in settings.label_layouts:
        raise ValidationError("unknown_label_layout", field="layout", layout=layout)
    if layout and (layout.startswith(("location", "a4-location")) or settings.layout(layout).label_height_mm > 45):
        raise ValidationError("label_layout_not_for_items", field="layout", layout=layout)
    if dpi is not None and int(dpi) not in (203, 300, 600):
        raise ValidationError("printer_dpi_invalid", field="dpi", dpi=dpi)
    for item in uow.session.scalars(select(Item).where(Item.code.in_([code_format.clean(c) for c in codes]))):
        if State(item.state) in TERMINAL:
            raise ValidationError("label_for_disposed_item", field="codes", code=item.code,
                                  state=state_label(item.state))
    changes = record_label_print(uow, list(codes), copies=copies)
    reprints = changes.extra.get("reprints", {})
    s = uow.session
    labels = []
    for code in changes.item_codes:
        item = s.scalars(select(Item).where(Item.code == code)).one()
        case = s.get(Case, item.case_id)
        last = s.scalar(select(CustodyEvent.hash).where(CustodyEvent.seq == item.last_event_seq))
        received = local(item.received_at)
        labels.append(records.ItemLabel(item.code, item.name, case.number if case else "",
                                  item.seal_number if item.sealed else "", received.date() if received else None,
                                  _location_text(s, item.location_id) or item.holder, last or "",
                                  int(reprints.get(code, 0)), label_identifier(json.loads(item.attributes or "{}"))))
    return printing.render_item_labels(labels, settings, layout, copies, dpi=dpi)


def location_labels_pdf(uow, codes: Sequence[str], layout: str | None = None) -> bytes:
    require(uow.actor, "print_location_labels")
    settings = load_print_settings(uow)
    if layout and layout not in settings.label_layouts:
        raise ValidationError("unknown_label_layout", field="layout", layout=layout)
    if not codes:
        raise ValidationError("no_items", field="codes")
    labels = []
    for raw in codes:
        loc = persistence.location_by_code(uow.session, raw)
        wh = warehouse(uow.session, loc.warehouse_id)
        labels.append(records.LocationLabel(loc.code, loc.name, location_kind_label(loc.kind), wh.name if wh else ""))
    return printing.render_location_labels(labels, settings, layout)


# --- biên bản giao nhận -----------------------------------------------------------------------------


def handover_record(uow, number: str) -> records.HandoverRecord:
    ho, details = _handover(uow, number)
    s = uow.session
    if ho.kind not in HANDOVER_KINDS:
        raise ValidationError("unknown_handover_kind", field="number", kind=ho.kind)
    start, end = _times(ho)
    record = records.HandoverRecord(
        kind=ho.kind, number=ho.number, started_at=start, ended_at=end, place=_place(s, ho),
        parties=tuple(_parties(s, ho)), items=_lines(s, ho), basis_documents=_basis_of(s, ho, details),
        case=_case(s, ho), remarks=ho.notes or "", status=ho.status,
        void_statement=_void_statement(s, ho, details) if ho.status == RecordStatus.VOID else "",
        legal_bases=_legal_bases(s, ho, details, ho.kind), facts=_facts(s, ho, details),
        template=_template(s, ho), **_maker(s, ho))
    return stamped(record, ho.ledger_seq, ho.ledger_hash)


@official
def handover_pdf(uow, number: str) -> bytes:
    """Biên bản giao nhận of any kind (intake, release, return, transfer, deposit, disposal)."""
    return printing.render_handover(handover_record(uow, number), load_print_settings(uow))


# --- giấy niêm phong (ND 127/2017 Điều 3.3) --------------------------------------------------------------

register_message("seal_paper_not_for_record", N_("Biên bản {number} không phải biên bản niêm phong: không có giấy "
                                                 "niêm phong để in"))
register_message("seal_paper_void", N_("Biên bản niêm phong {number} đã hủy: việc niêm phong không diễn ra, không in "
                                       "giấy niêm phong"))


def seal_paper(uow, number: str) -> records.SealPaper:
    """The seal paper of a sealing or resealing record: the organising agency (the organiser's), the seal number,
    the request, the case, each package's item, the time and place, and the people who sign it."""
    from ..db.models import Agency
    ho, details = _handover(uow, number)
    s = uow.session
    if ho.kind != "seal":
        raise ValidationError("seal_paper_not_for_record", field="number", number=ho.number)
    if ho.status == RecordStatus.VOID:
        raise ValidationError("seal_paper_void", field="number", number=ho.number)
    slots = [sig for sig in live(ho) if sig.role == "organiser"]
    organiser = s.get(Person, slots[0].person_id) if slots and slots[0].person_id else None
    agency = s.get(Agency, organiser.agency_id) if organiser is not None and organiser.agency_id else None
    parent = s.get(Agency, agency.parent_id) if agency is not None and agency.parent_id else None
    basis = s.get(Document, ho.basis_document_id) if ho.basis_document_id else None
    start, _end = _times(ho)
    items = _lines(s, ho)
    seal = details.get("seal_number") or next((i.seal_number for i in items if i.seal_number), "")
    paper = records.SealPaper(ho.number, seal, start, _place(s, ho), agency.name if agency else "",
                        parent.name if parent else "", tuple(_parties(s, ho)), items,
                        basis_document(s, basis) if basis is not None else None, _case(s, ho))
    return stamped(paper, ho.ledger_seq, ho.ledger_hash)


@official
def seal_paper_pdf(uow, number: str) -> bytes:
    return printing.render_seal_paper(seal_paper(uow, number), load_print_settings(uow))


# --- phiếu nhập kho / phiếu xuất kho ------------------------------------------------------------------

def stock_slip(uow, number: str, direction: str) -> records.StockSlip:
    if direction not in ("in", "out"):
        raise ValidationError("slip_direction_invalid", field="direction", direction=direction)
    ho, details = _handover(uow, number)
    s = uow.session
    slip = _("phiếu nhập kho") if direction == "in" else _("phiếu xuất kho")
    if ho.kind not in (IN_KINDS if direction == "in" else OUT_KINDS):
        raise ValidationError("slip_direction_mismatch", field="direction", number=ho.number, slip=slip)
    no_movement = _no_physical_movement(ho, details)
    if no_movement:
        raise ValidationError("slip_not_for_record", field="number", number=ho.number, slip=slip, reason=no_movement)
    parties = _parties(s, ho)
    by_role = {p.role: p for p in reversed(parties)}
    counterpart_role, keeper_role = ("giver", "receiver") if direction == "in" else ("receiver", "giver")
    counterpart = by_role.get(counterpart_role)
    who = counterpart.person if counterpart else records.Person(
        details.get("holder") or details.get("receiving_agency") or "")
    slip_parties = [records.Party("counterpart", who)]
    if keeper_role in by_role:
        slip_parties.append(records.Party("keeper", by_role[keeper_role].person))
    if "head" in by_role:
        slip_parties.append(records.Party("head", by_role["head"].person))
    start, end = _times(ho)
    wh = warehouse(s)
    record = records.StockSlip(
        direction, derived_number(ho.number, "PNK" if direction == "in" else "PXK"), end or start,
        wh.name if wh else "", who, _slip_lines(s, ho, direction), tuple(slip_parties), documents_of(s, ho), _case(s, ho),
        ho.number, _purpose(ho.kind, details), status=ho.status,
        due_on=date.fromisoformat(details["due_on"]) if ho.kind == "release" and details.get("due_on") else None)
    return stamped(record, ho.ledger_seq, ho.ledger_hash)


def _slip_lines(session, ho: Handover, direction: str) -> tuple[records.ItemLine, ...]:
    """The slip's lines; a phiếu xuất kho states the shelf each item left from (ND 142/2024 Art 14: the warehouse
    keeps track of where each item is), read from the ledger at the time of the act (issue #12). Papers printed
    before it with the column empty still read "khớp" (services.paper_check.earlier_slip_contents)."""
    lines = _lines(session, ho)
    if direction != "out":
        return lines
    left = left_locations(session, ho)
    codes = {i.code: i.id for i in session.scalars(select(Item).where(Item.id.in_([ln.item_id for ln in ho.lines])))}
    return tuple(replace(ln, location=left.get(codes.get(ln.code), ln.location)) for ln in lines)


def _no_physical_movement(ho: Handover, details: dict) -> str:
    """A slip attests that items physically left or entered the warehouse (services.slip_rule): the reason
    there is none, or "" when the slip is due."""
    return no_physical_movement(ho.kind, ho.status, ho.approval or "", ho.ended_at is not None, details,
                                ho.acceptance or "")


@official
def stock_slip_pdf(uow, number: str, direction: str) -> bytes:
    """Phiếu nhập kho ("in", from an intake or return handover) or Phiếu xuất kho ("out", from a release,
    transfer, deposit or disposal handover)."""
    return printing.render_stock_slip(stock_slip(uow, number, direction), load_print_settings(uow))


# --- biên bản tiêu hủy ------------------------------------------------------------------------------

def destruction_record(uow, number: str) -> records.DestructionRecord:
    """From a disposal handover with outcome "destroyed": the council (its first member chairs it, as the
    disposal service stores the members in order), the Kiểm sát viên supervising, witnesses, method."""
    ho, details = _handover(uow, number)
    s = uow.session
    if ho.kind != "disposal" or details.get("outcome") != "destroyed":
        raise ValidationError("not_destruction_record", field="number", number=ho.number)
    # every slot of the act signs its paper: the council, the procurator, witnesses, and the storekeeper who hands
    # the items over ("giver" when the clerk proposed it, else "keeper") and the commander who approved it
    # ("approver", printed "head"), who were named nowhere though the record dialog asks for their signatures
    # (issue #12; BLTTHS Điều 133; ND 142/2024 Art 4: no removal without the ordering person and the manager)
    parties = [p for p in _parties(s, ho) if p.role in DESTRUCTION_SIGNERS]
    if not any(p.role in ("chair", "member") for p in parties):  # a record made before the council signed in slots
        members = [m for m in details.get("council_members") or [] if m]
        parties = [records.Party("chair" if i == 0 else "member", records.Person(m)) for i, m in enumerate(members)] + parties
    if ho.status == RecordStatus.VOID:
        raise ValidationError("record_void", field="number", handover=ho.number,
                              reason=details.get("reason") or _("không được phê duyệt"))
    start, end = _times(ho)
    done = ho.approval == Approval.APPROVED and ho.ended_at is not None  # carried out, not merely approved
    council_agency = _council_agency(s, ho)
    record = records.DestructionRecord(
        derived_number(ho.number, "BB-TH"), start, end, _place(s, ho), tuple(parties), _lines(s, ho),
        details.get("method") or "", _judgment_first(s, ho), _case(s, ho),
        _("toàn bộ vật chứng nêu trên đã được tiêu hủy") if done else "", ho.notes or details.get("note") or "",
        status=ho.status, issuing_agency=council_agency,
        legal_bases=_legal_bases(s, ho, details, "destruction"),
        issuing_unit=_("HỘI ĐỒNG TIÊU HỦY\nVẬT CHỨNG, TÀI SẢN") if council_agency else "",
        approved_on=_approval_day(details) if ho.approval == Approval.APPROVED else None,
        absent=tuple(n for n in details.get("council_absent") or () if n),
        facts=tuple(f for f in [disposal_seal_fact(ho, details)] if f))
    return stamped(record, ho.ledger_seq, ho.ledger_hash)


DESTRUCTION_SIGNERS = ("chair", "member", "supervisor", "witness", "giver", "keeper", "head", "refusal_witness",
                       "fingerprint_witness")
# the signers the destruction record printed before issue #12 named the storekeeper and the commander
EARLIER_DESTRUCTION_SIGNERS = ("chair", "member", "supervisor", "witness", "keeper", "refusal_witness",
                               "fingerprint_witness")


def earlier_destruction_content(record: records.DestructionRecord) -> records.DestructionRecord:
    """The record as printed before issue #12 (no giver, no commander, no approval day, no absent council member):
    its papers still match."""
    return replace(record, parties=tuple(p for p in record.parties if p.role in EARLIER_DESTRUCTION_SIGNERS),
                   approved_on=None, absent=())


def without_dismissal(record: records.DestructionRecord) -> records.DestructionRecord:
    """The record as printed before it cited the QĐ đình chỉ (a destruction's own documents are never one)."""
    return replace(record, basis_documents=tuple(d for d in record.basis_documents
                                                 if d.kind != "dismissal_decision"))


def _approval_day(details: dict) -> date | None:
    approved = details.get("approved_at")
    if not approved:
        return None
    from datetime import datetime
    moment = local(datetime.fromisoformat(approved))
    return moment.date() if moment else None


def _council_agency(session, ho: Handover) -> str:
    """The agency that set the council up (its decision's issuer, THADS): the record is the council's."""
    for doc_id in ho.extra_document_id_list:
        doc = session.get(Document, doc_id)
        if doc is not None and doc.kind == "council_decision" and doc.issuing_agency_id:
            return agency_name(session, doc.issuing_agency_id)
    return ""


def _judgment_first(session, ho: Handover) -> tuple:
    """The judgment it executes, then the enforcement decision and the council decision (Kiên Giang THADS
    practice: the record cites the bản án and the QĐ THA). With no judgment, a case dropped before trial cites the
    QĐ đình chỉ the destruction follows from (BLTTHS Điều 106.1.a, 230, 248)."""
    docs = documents_of(session, ho)
    if ho.case_id and not any(d.kind == "judgment" for d in docs):
        judgment = session.scalars(select(Document).where(Document.case_id == ho.case_id, Document.kind == "judgment")
                                   .order_by(Document.issued_on.desc())).first()
        if judgment is not None:
            docs = (basis_document(session, judgment),) + docs
        else:
            dismissal = _dismissal_in_force(session, ho)
            docs = ((basis_document(session, dismissal),) if dismissal is not None else ()) + docs
    return docs


def _dismissal_in_force(session, ho: Handover) -> Document | None:
    """The case's QĐ đình chỉ in force on the day of the act: the last milestone recorded on or before that day is a
    dismissal (one cancelled since, BLTTHS Điều 235, is followed by the milestone that restored the case)."""
    from ..db.models import CaseMilestone
    day = (local(ho.started_at) or ho.started_at).date()
    last = session.scalars(select(CaseMilestone).where(CaseMilestone.case_id == ho.case_id,
                                                       CaseMilestone.occurred_on <= day)
                           .order_by(CaseMilestone.occurred_on.desc(), CaseMilestone.id.desc())).first()
    if last is None or last.kind != "dismissal":
        return None
    return session.get(Document, last.document_id)


@official
def destruction_pdf(uow, number: str) -> bytes:
    return printing.render_destruction(destruction_record(uow, number), load_print_settings(uow))
