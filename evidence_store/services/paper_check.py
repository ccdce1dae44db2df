"""Scanning the QR code printed on a record (issue 13): ``KVC|number|check code|ledger seq|ledger head``
(printing/docbase.record_qr_payload). The record is rebuilt from the database exactly as it would print now; its
check code and the ledger event the paper cites are compared with the paper's, and the answer says "khớp" or what
differs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from ..domain import codes
from ..domain.errors import NotFound, ValidationError
from ..domain.ledger import GENESIS, short_hash
from ..domain.records import document_kind_name
from .printing_data import record_hashes
from ..domain.permissions import require
from ..db.models import CustodyEvent, Handover
from ..i18n import N_, _
from ..error_texts import register

SLIP_SUFFIXES = {"PNK": ("in",), "PXK": ("out",), "BB-TH": ("destruction",)}

register("not_a_record_qr", N_("Mã QR không phải của biên bản in từ phần mềm"))


@dataclass(frozen=True)
class PaperCheck:
    number: str  # as printed
    handover_number: str  # the record in the database
    matches: bool
    differences: tuple[str, ...]
    printed_code: str
    current_code: str
    document: str = ""  # what the paper is, by its kind: «Phiếu xuất kho», «Biên bản niêm phong» (issue #12)

    @property
    def name(self) -> str:
        """One line for the scan indicator, naming the paper by its kind: a slip is no «Biên bản» (issue #12)."""
        document = self.document or _(document_kind_name(self.number))
        if self.matches:
            return _("{document} {number}: khớp với cơ sở dữ liệu", document=document, number=self.number)
        return _("{document} {number}: KHÔNG KHỚP — {what}", document=document, number=self.number,
                 what="; ".join(self.differences))


def parse_label_qr(text: str) -> str | None:
    """The item code of a label's QR (domain.codes reads the payload)."""
    label = codes.parse_label_qr(text)
    return label[0] if label else None


def _candidates(uow, number: str):
    """(handover number, renderer) pairs that could have printed this number."""
    from . import printing
    s = uow.session
    if s.scalars(select(Handover.id).where(Handover.number == number)).first():
        yield number, lambda: printing.handover_record(uow, number)
        return
    for suffix, kinds in SLIP_SUFFIXES.items():
        if number.endswith(suffix):
            base = number[: -len(suffix)] + "BB-GN"
            for kind in kinds:
                if kind == "destruction":
                    yield base, lambda b=base: printing.destruction_record(uow, b)
                else:
                    yield base, lambda b=base, k=kind: printing.stock_slip(uow, b, k)


def _earlier_headers(uow, number: str, record) -> set[str]:
    """The check codes of this record as printed under the header an earlier release put on it (issue #12: sealing
    records headed by the warehouse's unit, a transfer by the agency holding the case rather than the giver's):
    what the paper states of the act is the same, so it still reads "khớp"."""
    from dataclasses import replace
    from ..printing.records import HandoverRecord
    from .record_header import earlier_makers
    if not isinstance(record, HandoverRecord):
        return set()
    ho = uow.session.scalars(select(Handover).where(Handover.number == number)).first()
    return {short_hash(h) for maker in (earlier_makers(uow.session, ho) if ho is not None else [])
            for h in record_hashes(replace(record, **maker))}


def earlier_slip_contents(record) -> set[str]:
    """The check codes of a phiếu xuất kho as printed before issue #12 filled its "Vị trí" column (the shelf each
    item left from): that paper printed the column empty and states nothing else differently, so it still reads
    "khớp". Only the column left empty is accepted — a paper naming another shelf does not match."""
    from dataclasses import replace
    from ..printing.records import StockSlip
    if not isinstance(record, StockSlip) or record.direction != "out" or not any(i.location for i in record.items):
        return set()
    blank = replace(record, items=tuple(replace(i, location="") for i in record.items))
    return {short_hash(h) for h in record_hashes(blank)}


def earlier_intake_contents(uow, number: str, record) -> set[str]:
    """The check codes of an intake record as printed before issue #12 printed its initial seizure record: the same
    act, one sentence fewer, so that paper still reads "khớp"."""
    import json
    from dataclasses import replace
    from ..printing.records import HandoverRecord
    from .handover_facts import seizure_fact
    if not isinstance(record, HandoverRecord) or record.kind != "intake":
        return set()
    ho = uow.session.scalars(select(Handover).where(Handover.number == number)).first()
    fact = seizure_fact(json.loads(ho.details or "{}")) if ho is not None else ""
    if not fact or fact not in record.facts:
        return set()
    return {short_hash(h) for h in record_hashes(replace(record, facts=tuple(f for f in record.facts if f != fact)))}


def earlier_citations(uow, number: str, record) -> set[str]:
    """The check codes of a record as printed before issue #12 chose the ND 142/2024 citations of its sentences by
    the act's date (a release approved in 2024 said «Điều 4 Nghị định 142/2024/NĐ-CP»): that paper still matches."""
    from ..printing.records import HandoverRecord
    from . import printing
    from .handover_facts import CITE_AS_BEFORE
    if not isinstance(record, HandoverRecord):
        return set()
    token = CITE_AS_BEFORE.set(True)
    try:
        before = printing.handover_record(uow, number)
    finally:
        CITE_AS_BEFORE.reset(token)
    if before.facts == record.facts:
        return set()
    return {short_hash(h) for h in record_hashes(before)} | _earlier_headers(uow, number, before)


def earlier_destruction_contents(record) -> set[str]:
    """The check codes of a biên bản tiêu hủy as printed before issue #12 named the storekeeper who handed the items
    over and the commander who approved it, or cited the QĐ đình chỉ of a case dropped before trial: what that paper
    states of the act is the same, so it reads "khớp"."""
    from ..printing.records import DestructionRecord
    from .printing import earlier_destruction_content, without_dismissal
    if not isinstance(record, DestructionRecord):
        return set()
    forms = [earlier_destruction_content(record)]
    if any(d.kind == "dismissal_decision" for d in record.basis_documents):  # printed before it cited the QĐ đình chỉ
        forms += [without_dismissal(record), without_dismissal(forms[0])]
    return {short_hash(h) for form in forms for h in record_hashes(form)}


def _printed_forms(uow, number: str, record):
    """The check codes a paper of this record may carry, the current form first; each earlier form is rendered only
    when the ones before it did not match (a scan of a fresh paper re-renders nothing)."""
    yield lambda: {short_hash(h) for h in record_hashes(record)}
    yield lambda: _earlier_headers(uow, number, record)
    yield lambda: earlier_slip_contents(record)
    yield lambda: earlier_destruction_contents(record)
    yield lambda: earlier_intake_contents(uow, number, record)
    yield lambda: earlier_citations(uow, number, record)


def check_record_qr(uow, payload: "str | codes.RecordQr") -> PaperCheck:
    """``payload``: the QR's text, or its parts as the scan filter read them (domain.codes.RecordQr)."""
    require(uow.actor, "verify_ledger")
    parts = payload if isinstance(payload, codes.RecordQr) else codes.parse_record_qr(payload)
    if parts is None:
        raise ValidationError("not_a_record_qr", field="code")
    number, code, seq, head = parts.number, parts.check, parts.seq, parts.head
    # an input method undone on the scanned text also drops the dashes: "…/BBGN" is "…/BB-GN", "…/BBMNP" "…/BB-MNP"
    number = re.sub(r"/BB([A-Z]{2,3})$", r"/BB-\1", number)
    found_number, current = "", ""
    for ho_number, render in _candidates(uow, number):
        try:
            record = render()
        except ValidationError:  # a renderer that does not apply to this record kind
            continue
        found_number = ho_number
        current = short_hash(record.stamp.record_hash)
        if any(code in printed() for printed in _printed_forms(uow, ho_number, record)):
            current = code  # printed now, or by an earlier release
            break
    if not found_number:
        raise NotFound("handover_not_found", number=number)
    differences = []
    ho = uow.session.scalars(select(Handover).where(Handover.number == found_number)).first()
    document = _(document_kind_name(number, ho.kind if ho is not None and number == found_number else None))
    if current != code:
        # a slip or a destruction record changes with the giao nhận record it is printed from: name that one
        record_name = (_(document_kind_name(found_number, ho.kind if ho is not None else None)) + " " + found_number
                       if number != found_number else document)
        differences.append(_("nội dung trong cơ sở dữ liệu khác bản giấy (mã kiểm tra trên giấy {paper}, hiện tại "
                             "{now}): {record} đã được ký, hoàn tất hoặc đính chính sau khi in, hoặc bản giấy bị "
                             "sửa", paper=code, now=current, record=record_name[:1].lower() + record_name[1:]))
    event = uow.session.execute(select(CustodyEvent.hash).where(CustodyEvent.seq == seq)).scalar()
    if seq == 0 and head == short_hash(GENESIS) and record.stamp.head_seq == 0:
        pass  # an incident record opened inside a return before issue #12 stored no ledger position: its papers
        # cite none (#0), and the content check above is all there is to compare
    elif event is None:
        differences.append(_("sổ theo dõi không có sự kiện #{seq} mà bản giấy dẫn chiếu", seq=seq))
    elif short_hash(event) != head:
        differences.append(_("mã sự kiện #{seq} trong sổ theo dõi ({now}) khác bản giấy ({paper})", seq=seq,
                             now=short_hash(event), paper=head))
    return PaperCheck(number, found_number, not differences, tuple(differences), code, current, document)
