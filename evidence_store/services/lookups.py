"""Small read-only lookups the desktop shell needs (status bar, home page, printed records), as
plain data; lists for the browsing screens are in ``browse``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..db.models import Agency, CustodyEvent, Item, Person, User, Warehouse
from .dto import PersonRow


@dataclass(frozen=True)
class WarehouseInfo:
    id: int
    name: str
    code_prefix: str
    address: str
    agency: str
    agency_short_name: str
    parent_agency: str


@dataclass(frozen=True)
class RecentEvent:
    seq: int
    kind: str
    occurred_at: datetime
    item_code: str
    item_name: str
    username: str
    data: dict


def warehouse_info(uow) -> WarehouseInfo | None:
    wh = uow.session.scalars(select(Warehouse).order_by(Warehouse.id)).first()
    if wh is None:
        return None
    agency = uow.session.get(Agency, wh.agency_id)
    parent = uow.session.get(Agency, agency.parent_id) if agency and agency.parent_id else None
    return WarehouseInfo(wh.id, wh.name, wh.code_prefix, wh.address, agency.name if agency else "",
                         agency.short_name if agency else "", parent.name if parent else "")


def person(uow, person_id: int | None) -> PersonRow | None:
    p = uow.session.get(Person, person_id) if person_id else None
    return PersonRow(p.id, p.full_name, p.rank, p.position, p.agency_id, p.id_number) if p else None


def recent_events(uow, limit: int = 15) -> list[RecentEvent]:
    E, I, U = CustodyEvent.__table__, Item.__table__, User.__table__
    stmt = (select(E.c.seq, E.c.kind, E.c.occurred_at, E.c.data, I.c.code, I.c.name, U.c.username)
            .select_from(E.outerjoin(I, I.c.id == E.c.item_id).outerjoin(U, U.c.id == E.c.user_id))
            .order_by(E.c.seq.desc()).limit(limit))
    out = []
    for r in uow.session.execute(stmt):
        when = r.occurred_at
        if isinstance(when, str):
            when = datetime.strptime(when, "%Y-%m-%dT%H:%M:%S.%fZ")
        out.append(RecentEvent(r.seq, r.kind, when, r.code or "", r.name or "", r.username or "system",
                               json.loads(r.data or "{}")))
    return out


def item_total(uow) -> int:
    return uow.session.scalar(select(func.count()).select_from(Item)) or 0
