"""The ledger book (Sổ theo dõi) for reading: the chain head, the number of events and the most
recent events of every item, newest first, in pages (SQLAlchemy Core, plain DTOs); and the
permission-checked verification. Officers see the events of their own cases only (DESIGN §1)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..domain.ledger import GENESIS
from ..domain.permissions import can_read_everything, require
from ..db.models import Case, CustodyEvent, Document, Handover, Item, User
from .verify import VerifyResult, verify

E, I, Ca = CustodyEvent.__table__, Item.__table__, Case.__table__
D, H, U = Document.__table__, Handover.__table__, User.__table__


@dataclass(frozen=True)
class LedgerHead:
    seq: int  # the last event's sequence number (0: empty ledger); also the number of events
    hash: str  # its hash (GENESIS when empty), printed short on every record


@dataclass(frozen=True)
class LedgerEvent:
    seq: int
    kind: str
    occurred_at: datetime  # naive UTC
    recorded_at: datetime
    username: str
    workstation: str
    item_id: int | None
    item_code: str
    item_name: str
    case_number: str
    document_kind: str
    document_number: str
    handover_number: str
    corrects_seq: int | None
    corrected_by: tuple[int, ...]
    data: dict
    hash: str

    @property
    def id(self) -> int:  # the windowed table model's row id
        return self.seq


def _own_cases(uow):
    """None when the user reads everything; else the officer's own-cases condition."""
    actor = uow.actor
    if can_read_everything(actor.roles):
        return None
    require(actor, "verify_ledger")
    from . import scope
    return scope.case_condition(uow)


def ledger_head(uow) -> LedgerHead:
    """The chain head, as printed on the records (sequence + hash)."""
    require(uow.actor, "verify_ledger")
    row = uow.session.execute(select(E.c.seq, E.c.hash).order_by(E.c.seq.desc()).limit(1)).first()
    return LedgerHead(row[0], row[1]) if row else LedgerHead(0, GENESIS)


def count_events(uow) -> int:
    """Events this user may see. For everyone-readers it is the head's sequence number: the chain
    has no gaps (``verify`` proves it), and counting ten million rows would freeze the screen."""
    own = _own_cases(uow)
    if own is None:
        return uow.session.execute(select(func.coalesce(func.max(E.c.seq), 0))).scalar_one()
    q = select(func.count()).select_from(E.join(I, I.c.id == E.c.item_id).join(Ca, Ca.c.id == I.c.case_id))
    return uow.session.execute(q.where(own)).scalar_one()


def recent_events(uow, offset: int, limit: int, *, upto_seq: int | None = None) -> list[LedgerEvent]:
    """Events newest first, rows ``offset`` … ``offset + limit``. With ``upto_seq`` (the head when
    the list was counted) an everyone-reader's page is a range of sequence numbers: one index seek
    at row 900,000 as at row 0, and events appended meanwhile do not shift the rows."""
    own = _own_cases(uow)
    limit = max(0, min(int(limit), 5000))
    src = (E.outerjoin(I, I.c.id == E.c.item_id).outerjoin(Ca, Ca.c.id == I.c.case_id)
           .outerjoin(D, D.c.id == E.c.document_id).outerjoin(H, H.c.id == E.c.handover_id)
           .outerjoin(U, U.c.id == E.c.user_id))
    q = (select(E.c.seq, E.c.kind, E.c.occurred_at, E.c.recorded_at, E.c.workstation, E.c.item_id, E.c.corrects_seq,
                E.c.data, E.c.hash, I.c.code, I.c.name, Ca.c.number.label("case_number"),
                D.c.kind.label("doc_kind"), D.c.number.label("doc_number"), H.c.number.label("ho_number"),
                U.c.username)
         .select_from(src).order_by(E.c.seq.desc()).limit(limit))
    if own is not None:
        q = q.where(own)
        if upto_seq is not None:
            q = q.where(E.c.seq <= upto_seq)
        q = q.offset(max(0, int(offset)))
    elif upto_seq is not None:
        q = q.where(E.c.seq <= upto_seq - max(0, int(offset)))
    else:
        q = q.offset(max(0, int(offset)))
    rows = uow.session.execute(q).mappings().all()
    fixes = _corrections(uow, [r["seq"] for r in rows])
    return [_event(r, fixes.get(r["seq"], ())) for r in rows]


def _corrections(uow, seqs: list[int]) -> dict[int, tuple[int, ...]]:
    if not seqs:
        return {}
    out: dict[int, list[int]] = {}
    q = select(E.c.seq, E.c.corrects_seq).where(E.c.corrects_seq.in_(seqs)).order_by(E.c.seq)
    for seq, corrects in uow.session.execute(q):
        out.setdefault(corrects, []).append(seq)
    return {k: tuple(v) for k, v in out.items()}


def _ts(text: str) -> datetime:
    return datetime.fromisoformat(text[:-1] if text.endswith("Z") else text)


def _event(r, corrected_by: tuple[int, ...]) -> LedgerEvent:
    return LedgerEvent(seq=r["seq"], kind=r["kind"], occurred_at=_ts(r["occurred_at"]),
                       recorded_at=_ts(r["recorded_at"]), username=r["username"] or "system",
                       workstation=r["workstation"] or "", item_id=r["item_id"], item_code=r["code"] or "",
                       item_name=r["name"] or "", case_number=r["case_number"] or "",
                       document_kind=r["doc_kind"] or "", document_number=r["doc_number"] or "",
                       handover_number=r["ho_number"] or "", corrects_seq=r["corrects_seq"],
                       corrected_by=corrected_by, data=json.loads(r["data"] or "{}"), hash=r["hash"])


def verify_ledger(db, actor, *, progress=None, cancelled=lambda: False, batch: int = 50_000) -> VerifyResult:
    """``verify`` for a logged-in user who may verify the ledger (runs off the UI thread)."""
    from .context import current_actor
    require(current_actor(db, actor), "verify_ledger")
    return verify(db, progress=progress, cancelled=cancelled, batch=batch)
