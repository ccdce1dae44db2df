"""Small read-only lookups the desktop shell needs (status bar, printed records), as
plain data; lists for the browsing screens are in ``browse``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..db.models import Agency, Person, Warehouse
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
    agency_id: int | None = None


def warehouse_info(uow) -> WarehouseInfo | None:
    wh = uow.session.scalars(select(Warehouse).order_by(Warehouse.id)).first()
    if wh is None:
        return None
    agency = uow.session.get(Agency, wh.agency_id)
    parent = uow.session.get(Agency, agency.parent_id) if agency and agency.parent_id else None
    return WarehouseInfo(wh.id, wh.name, wh.code_prefix, wh.address, agency.name if agency else "",
                         agency.short_name if agency else "", parent.name if parent else "", wh.agency_id)


def person(uow, person_id: int | None) -> PersonRow | None:
    p = uow.session.get(Person, person_id) if person_id else None
    return PersonRow(p.id, p.full_name, p.rank, p.position, p.agency_id, p.id_number) if p else None


def find_persons(uow, text: str, limit: int = 15) -> list[PersonRow]:
    """Known persons whose name (accents ignored) or identity number contains what was typed, so a
    giver or witness is picked from the registry instead of retyped (HANDS-ON 14). Officers first."""
    from ..domain.text import fold
    needle = fold(text).strip()
    if len(needle) < 2:
        return []
    stmt = select(Person).order_by(Person.is_officer.desc(), Person.id.desc()).limit(5000)
    out: list[PersonRow] = []
    seen: set[tuple[str, str]] = set()
    for p in uow.session.scalars(stmt):
        key = (fold(p.full_name), p.id_number or "")
        if key in seen or not (needle in key[0] or (p.id_number and needle in p.id_number)):
            continue
        seen.add(key)
        out.append(PersonRow(p.id, p.full_name, p.rank, p.position, p.agency_id, p.id_number, p.phone))
        if len(out) >= limit:
            break
    return out
