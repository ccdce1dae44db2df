"""The read side of handover records: one record in full, and the list (newest first)."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from ..domain import codes
from ..domain.errors import NotFound, PermissionDenied
from ..domain.lifecycle_rules import SEAL_STATES
from ..domain.permissions import can_read_everything, require
from ..db.models import (Agency, Attachment, Case, Document, Handover, HandoverLine, Item, Person, User)
from . import scope
from .dto import HandoverRow
from .dto import DocumentRef, HandoverDetail, HandoverLineView, PartyView, SignatureView
from .signature_slots import live
from .slip_rule import slip_direction


def handover_detail(uow, number: str) -> HandoverDetail:
    s = uow.session
    ho = s.scalars(select(Handover).where(Handover.number == (number or "").strip())).first()
    if ho is None:
        raise NotFound("handover_not_found", number=number)
    case = s.get(Case, ho.case_id) if ho.case_id else None
    _check_visible(uow, case)
    details = json.loads(ho.details or "{}")
    creator = s.get(User, ho.created_by) if ho.created_by else None
    return HandoverDetail(
        id=ho.id, number=ho.number, kind=ho.kind, status=ho.status, started_at=ho.started_at, ended_at=ho.ended_at,
        place=ho.place, case_number=case.number if case else "", case_offence=case.offence if case else "",
        giver_agency=_agency_name(s, ho.giver_agency_id), receiver_agency=_agency_name(s, ho.receiver_agency_id),
        basis_documents=tuple(_documents(s, ho)), participants=tuple(_parties(s, ho)),
        lines=tuple(_lines(s, ho, details)), signatures=tuple(_signatures(s, ho)), details=details, notes=ho.notes,
        copies=ho.copies, created_by=creator.username if creator else "system", ledger_seq=ho.ledger_seq,
        ledger_hash=ho.ledger_hash, approval=ho.approval or "", acceptance=ho.acceptance or "none",
        accepted_by=_username(s, ho.accepted_by), accepted_by_name=_user_name(s, ho.accepted_by),
        accepted_at=ho.accepted_at, acceptance_note=ho.acceptance_note or "",
        case_id=ho.case_id, receiver_agency_id=ho.receiver_agency_id,
        answering_agency_id=ho.giver_agency_id if ho.kind == "return" else ho.receiver_agency_id)


def _username(s, user_id) -> str:
    u = s.get(User, user_id) if user_id else None
    return u.username if u else ""


def _user_name(s, user_id) -> str:
    """The person behind an account, as a record names people ("Đỗ Minh Châu", not "kiemsatvien")."""
    u = s.get(User, user_id) if user_id else None
    person = s.get(Person, u.person_id) if u is not None and u.person_id else None
    return person.full_name if person is not None else (u.username if u else "")


def list_handovers(uow, item_code: str | None = None, limit: int = 50) -> list[HandoverRow]:
    """Handover records, newest first; those of one item when a code is given."""
    s = uow.session
    H, Ln = Handover.__table__, HandoverLine.__table__
    Giver, Receiver = Person.__table__.alias("giver"), Person.__table__.alias("receiver")
    count = select(func.count()).where(Ln.c.handover_id == H.c.id).scalar_subquery()
    stmt = (select(H.c.id, H.c.number, H.c.kind, H.c.started_at, H.c.ended_at, H.c.status, H.c.approval, H.c.details,
                   H.c.acceptance,
                   Case.__table__.c.number.label("case_number"), count.label("n"),
                   Giver.c.full_name.label("giver"), Receiver.c.full_name.label("receiver"))
            .select_from(H.outerjoin(Case.__table__, Case.__table__.c.id == H.c.case_id)
                         .outerjoin(Giver, Giver.c.id == H.c.giver_id)
                         .outerjoin(Receiver, Receiver.c.id == H.c.receiver_id))
            .order_by(H.c.id.desc()).limit(limit))
    if item_code:
        code = codes.parse_code(item_code).compact
        stmt = stmt.where(H.c.id.in_(select(Ln.c.handover_id).join(Item.__table__, Item.__table__.c.id == Ln.c.item_id)
                                     .where(Item.__table__.c.code == code)))
    if not _reads_everything(uow):
        stmt = stmt.where(H.c.case_id.in_(scope.case_ids(uow)))
    return [HandoverRow(r.id, r.number, r.kind, r.started_at, r.ended_at, r.status, r.case_number or "", r.n,
                        r.giver or "", r.receiver or "", r.approval or "",
                        slip_direction(r.kind, r.status, r.approval or "", r.ended_at is not None,
                                       json.loads(r.details or "{}"), r.acceptance or "")) for r in s.execute(stmt)]


def _reads_everything(uow) -> bool:
    """Officers read their own cases only (DESIGN §1)."""
    if can_read_everything(uow.actor.roles):
        return True
    require(uow.actor, "read_own_cases")
    return False


def _check_visible(uow, case) -> None:
    if can_read_everything(uow.actor.roles):
        return
    scope.require_case_visible(uow, case.id if case is not None else None, "read_handover")


def _agency_name(s, agency_id) -> str:
    a = s.get(Agency, agency_id) if agency_id else None
    return a.name if a else ""


def _documents(s, ho: Handover):
    ids = [ho.basis_document_id] + ho.extra_document_id_list
    for doc_id in ids:
        d = s.get(Document, doc_id) if doc_id else None
        if d is not None:
            yield DocumentRef(d.kind, d.number, d.issued_on, _agency_name(s, d.issuing_agency_id), d.signer_name,
                              d.signer_title)


def _parties(s, ho: Handover):
    for sig in live(ho):
        p = s.get(Person, sig.person_id) if sig.person_id else None
        if p is None:
            yield PartyView(sig.role, sig.person_name)
        else:
            yield PartyView(sig.role, p.full_name, p.rank, p.position, _agency_name(s, p.agency_id), p.id_number)


def _lines(s, ho: Handover, details: dict):
    items = {i.id: i for i in s.scalars(select(Item).where(Item.id.in_([ln.item_id for ln in ho.lines])))}
    for ln in ho.lines:
        item = items[ln.item_id]
        seal_state = ln.note if ln.note in SEAL_STATES else ""
        yield HandoverLineView(ln.line_no, item.code, item.name, item.unit, ln.quantity, ln.condition, ln.sealed,
                               ln.seal_number, seal_state, item.characteristics)


def _signatures(s, ho: Handover):
    for sig in live(ho):
        att = s.get(Attachment, sig.attachment_id) if sig.attachment_id else None
        yield SignatureView(sig.id, sig.role, sig.person_name, sig.status, sig.signed_at, sig.refusal_reason,
                            sig.refusal_witness, att.sha256 if att else "", sig.witness_for, sig.letter_number or "", sig.person_id)
