"""Sổ biên bản (issue 13): one register of every biên bản and slip — filter by kind, case, agency and status,
and the "unfinished" queue (records still to be signed, answered or completed). Scoped like every list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import any_, func, or_, select

from ..domain.permissions import require
from ..domain.text import fold
from ..db.models import Agency, Case, Handover, HandoverLine, Person, Signature
from . import scope

H, Ln, Ca, Sg = Handover.__table__, HandoverLine.__table__, Case.__table__, Signature.__table__
UNFINISHED = ("draft", "open")  # domain.records.RecordStatus: not yet complete, nor void


@dataclass(frozen=True)
class RegisterQuery:
    kind: str | None = None  # intake | release | return | transfer | deposit | disposal
    case_text: str = ""  # case number (part of it)
    agency_id: int | None = None  # giving or receiving agency
    status: str | None = None  # record status (domain.records.RecordStatus)
    acceptance: str | None = None  # pending | accepted | refused | paper
    unfinished: bool = False  # the queue: not complete, or waiting for a signature or an answer


@dataclass(frozen=True)
class RegisterRow:
    id: int
    number: str
    kind: str
    started_at: datetime
    status: str
    acceptance: str
    case_number: str
    giver_agency: str
    receiver_agency: str
    giver: str
    receiver: str
    items: int
    unsigned: int
    approval: str = ""  # disposals: domain.records.Approval


def _filters(uow, q: RegisterQuery) -> list:
    conds = []
    ids = scope.case_ids(uow)
    if ids is not None:
        conds.append(H.c.case_id.in_(ids))
    if q.kind:
        conds.append(H.c.kind == q.kind)
    if q.status:
        conds.append(H.c.status == q.status)
    if q.acceptance:
        conds.append(H.c.acceptance == q.acceptance)
    if q.agency_id:
        conds.append(or_(H.c.giver_agency_id == q.agency_id, H.c.receiver_agency_id == q.agency_id))
    text = (q.case_text or "").strip()
    if text:
        like = "%" + text.replace("%", "").replace("_", "") + "%"
        conds.append(H.c.case_id.in_(select(Ca.c.id).where(or_(Ca.c.number.ilike(like),
                                                               Ca.c.sort_key.like("%" + fold(text) + "%")))))
    if q.unfinished:
        pending_sig = _pending_signature(uow)
        # each term on an index (status, acceptance, the pending slots): SQLite ORs three index lookups instead
        # of reading every record — «status NOT IN» could use none (the home banner at 1M: 0.57 s → ms)
        conds.append(or_(H.c.status.in_(UNFINISHED), H.c.acceptance == "pending",
                         (H.c.status != "void") & pending_sig))
        conds.append(H.c.acceptance != "refused")
    return conds


def _pending_signature(uow):
    """The records with a signature still pending, listed once (IN), not probed record by record (EXISTS): the home
    screen's "Biên bản chưa hoàn tất" count at a million items 90 → 34 ms on SQLite (issue #19). PostgreSQL cannot
    use an index for ``IN (subquery)`` inside an OR (a hashed SubPlan): it read every record (52 ms at 100,000
    items, at start-up); ``id = ANY(ARRAY(subquery))`` is an index condition there, the three terms one BitmapOr."""
    pending = select(Sg.c.handover_id).where(Sg.c.status == "pending")
    if uow.session.bind.dialect.name == "postgresql":
        return H.c.id == any_(func.array(pending.scalar_subquery()))
    return H.c.id.in_(pending)


def count_statement(uow, q: RegisterQuery):
    return select(func.count()).select_from(H).where(*_filters(uow, q))


def count_records(uow, q: RegisterQuery = RegisterQuery()) -> int:
    require(uow.actor, "verify_ledger")
    return uow.session.execute(count_statement(uow, q)).scalar_one()


def record_page(uow, q: RegisterQuery, offset: int = 0, limit: int = 200) -> list[RegisterRow]:
    """Newest first; every user with a seat reads the records of the cases in scope."""
    require(uow.actor, "verify_ledger")
    GA, RA = Agency.__table__.alias("ga"), Agency.__table__.alias("ra")
    Giver, Receiver = Person.__table__.alias("gp"), Person.__table__.alias("rp")
    n = select(func.count()).where(Ln.c.handover_id == H.c.id).scalar_subquery()
    unsigned = select(func.count()).where(Sg.c.handover_id == H.c.id, Sg.c.status == "pending").scalar_subquery()
    stmt = (select(H.c.id, H.c.number, H.c.kind, H.c.started_at, H.c.status, H.c.acceptance, H.c.approval,
                   Ca.c.number.label("case_number"), GA.c.short_name.label("ga_short"), GA.c.name.label("ga"),
                   RA.c.short_name.label("ra_short"), RA.c.name.label("ra"), Giver.c.full_name.label("giver"),
                   Receiver.c.full_name.label("receiver"), n.label("n"), unsigned.label("unsigned"))
            .select_from(H.outerjoin(Ca, Ca.c.id == H.c.case_id).outerjoin(GA, GA.c.id == H.c.giver_agency_id)
                         .outerjoin(RA, RA.c.id == H.c.receiver_agency_id)
                         .outerjoin(Giver, Giver.c.id == H.c.giver_id)
                         .outerjoin(Receiver, Receiver.c.id == H.c.receiver_id))
            .where(*_filters(uow, q)).order_by(H.c.id.desc()).offset(offset).limit(limit))
    return [RegisterRow(r.id, r.number, r.kind, r.started_at, r.status, r.acceptance or "none", r.case_number or "",
                        r.ga_short or r.ga or "", r.ra_short or r.ra or "", r.giver or "", r.receiver or "", r.n,
                        r.unsigned, r.approval or "") for r in uow.session.execute(stmt)]
