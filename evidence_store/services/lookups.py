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


@dataclass(frozen=True)
class ActPrefill:
    """What is already known about the people of an act on a batch of items, so the clerk confirms instead of
    retyping (HANDS-ON 14, 38): the case and its officer, the agency that asked for the items (an open
    request, else the case's handling agency), who holds them out on a temporary release, and their owner.
    A value is given only when every item of the batch agrees on it."""

    case_number: str = ""
    case_title: str = ""
    officer: PersonRow | None = None
    receiver: PersonRow | None = None  # an open request's recipient, else the case's officer
    receiver_agency_id: int | None = None
    holder: PersonRow | None = None  # the receiver of the items' temporary release (returns)
    holder_agency_id: int | None = None
    owner_name: str = ""
    owner_id_number: str = ""
    owner_address: str = ""


def _row(p: Person | None) -> PersonRow | None:
    return PersonRow(p.id, p.full_name, p.rank, p.position, p.agency_id, p.id_number, p.phone) if p else None


def _one(values):
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def act_prefill(uow, codes) -> ActPrefill:
    from ..db.models import Case, Handover, HandoverLine, Item, ItemRequest, ItemRequestLine
    s = uow.session
    items = list(s.scalars(select(Item).where(Item.code.in_(list(codes))))) if codes else []
    if not items:
        return ActPrefill()
    ids = [i.id for i in items]
    case = s.get(Case, _one(i.case_id for i in items)) if _one(i.case_id for i in items) else None
    officer = s.get(Person, case.officer_id) if case and case.officer_id else None
    receiver, receiver_agency = officer, case.handling_agency_id if case else None
    request_ids = s.execute(select(ItemRequestLine.item_id, ItemRequest.id).join(
        ItemRequest, ItemRequest.id == ItemRequestLine.request_id).where(
        ItemRequestLine.item_id.in_(ids), ItemRequest.status == "open")).all()
    request = s.get(ItemRequest, _one(r for _i, r in request_ids)) \
        if len({i for i, _r in request_ids}) == len(ids) and _one(r for _i, r in request_ids) else None
    if request is not None:
        receiver = s.get(Person, request.recipient_person_id) if request.recipient_person_id else receiver
        receiver_agency = request.recipient_agency_id or request.agency_id or receiver_agency
    # the holder: the receiver of each item's latest release record (the one a return answers)
    latest = {}
    for item_id, ho_id in s.execute(select(HandoverLine.item_id, Handover.id).join(
            Handover, Handover.id == HandoverLine.handover_id).where(
            HandoverLine.item_id.in_(ids), Handover.kind == "release").order_by(Handover.id)):
        latest[item_id] = ho_id
    release = s.get(Handover, _one(latest.values())) if len(latest) == len(ids) and _one(latest.values()) else None
    holder = s.get(Person, release.receiver_id) if release and release.receiver_id else None
    owner_name = _one(i.owner_name for i in items) or ""
    owner_id = _one(i.owner_id_number for i in items) or "" if owner_name else ""
    known = s.scalars(select(Person).where(Person.id_number == owner_id)).first() if owner_id else None
    return ActPrefill(case.number if case else "", case.title if case else "", _row(officer), _row(receiver),
                      receiver_agency, _row(holder), release.receiver_agency_id if release else None,
                      owner_name, owner_id, known.address if known else "")


def names_with_id_number(uow, id_number: str) -> list[str]:
    """The names the registry holds for a CCCD / CMND number: one number is one person (Luật Căn cước 2023
    Điều 12), so a second name for it is a typing error or a mix-up (HANDS-ON 38)."""
    number = (id_number or "").strip()
    if not number:
        return []
    return sorted(set(uow.session.scalars(select(Person.full_name).where(Person.id_number == number))))
