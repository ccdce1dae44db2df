"""Helpers the service modules share: loading by code, basis documents, persons, item changes
with their ledger event and its chronology checks, handovers and deadlines (the row locks and batched appends of
concurrent services: concurrent_writes.py)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from ..domain import codes as code_format
from ..domain.chronology import SEQUENCED_ACTS, check_act, check_sequence, local_day
from ..domain.deadlines import DeadlineKind, due_date
from ..domain.errors import DomainError, NotFound, ValidationError
from ..domain.ledger import now_utc
from ..domain.states import Doc
from ..domain.text import fold, nfc
from ..db.key_locks import find_or_lock, provisional_number
from ..db.models import (Agency, CodeSequence, Deadline, Document, Handover, HandoverLine, Item, Location, Person,
                         Signature, User, Warehouse)
from .commands import DocumentInput, PersonInput

# Item fields the ledger replays (an event's data["set"]); verify compares them with the item row.
TRACKED = ("code", "warehouse_id", "case_id", "category", "name", "quantity", "unit", "characteristics", "condition",
           "sealed", "seal_number", "owner_name", "owner_id_number", "attributes", "state", "location_id", "holder",
           "responsible_agency_id", "due_back_on")


def check_input_sizes(value: Any, field: str = "", _depth: int = 0) -> None:
    """Refuse, before any work, a command carrying a text longer than any column takes (issue #14: a 20 MB
    paste is refused at once, not normalised, folded, hashed and then refused by the flush check)."""
    from ..db.limits import TEXT_MAX
    if isinstance(value, str):
        if len(value) > TEXT_MAX:
            raise ValidationError("text_too_long", field=field or "text", max=TEXT_MAX)
    elif _depth > 6 or isinstance(value, (bytes, bytearray, int, float, bool, date, datetime)) or value is None:
        return
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            check_input_sizes(getattr(value, name, None), name, _depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_input_sizes(item, str(key), _depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            check_input_sizes(item, field, _depth + 1)


def plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def utcnow() -> datetime:
    return now_utc().replace(tzinfo=None)


def as_utc(moment: datetime) -> datetime:
    """A time as stored (naive UTC): an aware time is converted, a naive one is taken as UTC already."""
    if moment.tzinfo is not None:
        from datetime import timezone
        return moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def item_by_code(session, raw: str, *, for_update: bool = True) -> Item:
    code = code_format.parse_code(raw).compact
    stmt = select(Item).where(Item.code == code)
    if for_update and session.bind.dialect.name == "postgresql":  # as committed now, locked (lock_rows)
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    item = session.scalars(stmt).first()
    if item is None:
        raise NotFound("item_not_found", code=code)
    return item


def items_by_codes(session, codes) -> list[Item]:
    if not codes:
        raise ValidationError("no_items", field="codes")
    if session.bind.dialect.name == "postgresql" and len(codes) > 1:  # one order: no deadlock (lock_rows)
        parsed = []
        for raw in codes:
            try:
                parsed.append(code_format.parse_code(raw).compact)
            except DomainError:
                pass  # reported by item_by_code below, in the user's order
        session.execute(select(Item.id).where(Item.code.in_(parsed)).order_by(Item.id).with_for_update())
    seen, items = set(), []
    for raw in codes:
        item = item_by_code(session, raw)
        if item.id in seen:
            raise ValidationError("duplicate_in_batch", field="codes", code=item.code)
        seen.add(item.id)
        items.append(item)
    return items


def location_by_code(session, raw: str) -> Location:
    code = code_format.clean(raw)
    loc = session.scalars(select(Location).where(Location.code == code)).first()
    if loc is None:
        if code_format.looks_like_code(code):
            code_format.parse_code(code)  # a wrong check character says so, rather than "not found"
        raise NotFound("location_not_found", code=code)
    return loc


def next_sequence(session, scope: str, count: int = 1) -> int:
    """The next value of the counter ``scope``, reserving ``count`` consecutive values (the first is returned)."""
    if session.bind.dialect.name == "postgresql":
        return _pg_next_sequence(session, scope, count)
    row = session.get(CodeSequence, scope)  # SQLite: the writer holds the file lock (BEGIN IMMEDIATE)
    if row is None:
        row = CodeSequence(scope=scope, next_value=1)
        session.add(row)
        session.flush()
    value = row.next_value
    row.next_value = value + count
    return value


def _pg_next_sequence(session, scope: str, count: int = 1) -> int:
    """One atomic statement: creates the counter if missing (two first-ever allocations cannot both
    insert it) and increments it under the row lock, so concurrent transactions never share a value,
    even without the writing engine's advisory lock."""
    table = CodeSequence.__table__
    from sqlalchemy.dialects.postgresql import insert as pg_insert  # on PostgreSQL only (#19)
    stmt = (pg_insert(table).values(scope=scope, next_value=1 + count)
            .on_conflict_do_update(index_elements=[table.c.scope], set_={"next_value": table.c.next_value + count})
            .returning(table.c.next_value))
    value = session.execute(stmt).scalar_one() - count
    cached = session.identity_map.get(session.identity_key(CodeSequence, scope))
    if cached is not None:
        session.expire(cached)
    return value


def new_item_code(session, warehouse: Warehouse, when: datetime) -> str:
    return new_item_codes(session, warehouse, when, 1)[0]


def new_item_codes(session, warehouse: Warehouse, when: datetime, count: int) -> list[str]:
    """``count`` consecutive item codes, reserved with one counter update (a 100-item intake read and flushed
    the counter row once per item)."""
    year = when.year % 100
    first = next_sequence(session, f"item:{warehouse.code_prefix}:{year:02d}", count)
    return [code_format.make_code(warehouse.code_prefix, year, seq).compact for seq in range(first, first + count)]


def new_handover_number(session, kind: str, when: datetime) -> str:
    """'12/2026/BB-NP': one yearly sequence for every record, the symbol of the kind of act (domain.records)."""
    from ..domain.records import record_symbol
    seq = next_sequence(session, f"bb:{when.year}")
    return f"{seq}/{when.year}/{record_symbol(kind)}"


def get_or_create_document(session, doc: DocumentInput | None, *, accepted: frozenset | None = None,
                           case_id: int | None = None) -> Document | None:
    if doc is None:
        return None
    if doc.id:
        found = session.get(Document, doc.id)
        if found is None:
            raise NotFound("document_not_found", id=doc.id)
        return found
    kind = Doc(doc.kind) if doc.kind in Doc._value2member_map_ else None
    if kind is None:
        raise ValidationError("unknown_document_kind", field="document_kind", kind=doc.kind)
    number = nfc(doc.number)
    if not number:
        raise ValidationError("document_number_required", field="document_number")
    if doc.issued_on is None:
        raise ValidationError("document_date_required", field="document_date")
    if doc.issued_on > local_day(utcnow()):  # documents carry Việt Nam dates (UTC+7): after 17:00 UTC it is tomorrow
        raise ValidationError("document_date_future", field="document_date", date=doc.issued_on.isoformat())
    # two workstations naming the same new document at once: one row (db.key_locks)
    existing = find_or_lock(session, f"document:{kind.value}:{number}:{doc.issuing_agency_id}", lambda: session.scalars(
        select(Document).where(Document.kind == kind.value, Document.number == number,
                               Document.issuing_agency_id == doc.issuing_agency_id)).first())
    if existing:
        return existing
    found = Document(kind=kind.value, number=number, issued_on=doc.issued_on, issuing_agency_id=doc.issuing_agency_id,
                     signer_name=nfc(doc.signer_name), signer_title=nfc(doc.signer_title), case_id=case_id,
                     summary=nfc(doc.summary), created_at=utcnow())
    session.add(found)
    session.flush()
    return found


def get_or_create_person(session, p: PersonInput | None, *, required_field: str = "person") -> Person | None:
    if p is None:
        return None
    if p.id:
        person = session.get(Person, p.id)
        if person is None:
            raise NotFound("person_not_found", id=p.id)
        return person
    name = nfc(p.full_name)
    if not name:
        raise ValidationError("person_name_required", field=required_field)
    if p.id_number and not p.id_number.strip().isdigit():
        raise ValidationError("id_number_digits", field=required_field, value=p.id_number)
    if p.id_number:
        # two workstations naming the same new person at once: one row (db.key_locks)
        existing = find_or_lock(session, f"person:{p.id_number.strip()}:{name}", lambda: session.scalars(
            select(Person).where(Person.id_number == p.id_number.strip(), Person.full_name == name)).first())
        if existing:
            _complete_identity(existing, p)
            return existing
    if not p.id_number and p.agency_id and (seated := _seated_namesake(session, name, p.agency_id)) is not None:
        _complete_identity(seated, p)
        return seated
    if p.gender not in ("", "male", "female"):
        raise ValidationError("gender_invalid", field=required_field, value=p.gender)
    person = Person(full_name=name, rank=nfc(p.rank), position=nfc(p.position), agency_id=p.agency_id,
                    id_number=p.id_number.strip(), phone=nfc(p.phone), address=nfc(p.address), gender=p.gender,
                    id_issued_on=p.id_issued_on, id_issued_by=nfc(p.id_issued_by))
    session.add(person)
    session.flush()
    return person


def _seated_namesake(session, name: str, agency_id: int) -> Person | None:
    """A party named by name alone at an agency where one person of that name has a seat is that person (seen in the
    app: a second, seatless «Đỗ Minh Châu» was created and the real procurator could not sign his slot)."""
    found = session.scalars(select(Person).join(User, User.person_id == Person.id).where(
        Person.full_name == name, Person.agency_id == agency_id, User.active.is_(True))).unique().all()
    return found[0] if len(found) == 1 else None


def _complete_identity(person: Person, p: PersonInput) -> None:
    """The same person named again: what he did not have yet (gender, the card's issue date and place) is kept;
    nothing recorded is overwritten."""
    if p.gender in ("male", "female") and not person.gender:
        person.gender = p.gender
    if p.id_issued_on and person.id_issued_on is None:
        person.id_issued_on = p.id_issued_on
    if nfc(p.id_issued_by) and not person.id_issued_by:
        person.id_issued_by = nfc(p.id_issued_by)


def item_search_text(item: Item, case_number: str = "") -> str:
    attrs = json.loads(item.attributes or "{}")
    values = [str(v) for v in attrs.values()] + [item.seal_number or ""]
    # plates, IMEIs, frame numbers and seals are typed without their punctuation too: "29B112345"
    # must find "29-B1 123.45" (HANDS-ON 24), so each such value is also indexed as one compact word
    compact = ["".join(ch for ch in v if ch.isalnum()) for v in values if any(not ch.isalnum() for ch in v.strip())]
    parts = [item.code, code_format.parse_code(item.code).display, case_number, item.name, item.characteristics,
             item.owner_name, item.owner_id_number, item.seal_number, " ".join(str(v) for v in attrs.values()), " ".join(compact)]
    return fold(" ".join(p for p in parts if p))


def change_item(item: Item, **changes) -> dict[str, Any]:
    """Apply changes to an item; return the canonical {field: value} for the event's data["set"]."""
    out = {}
    for name, value in changes.items():
        assert name in TRACKED, name
        if isinstance(value, str):
            value = nfc(value)
        setattr(item, name, value)
        out[name] = plain(value)
    return out


def record(uow, item: Item | None, kind: str, data: dict[str, Any], *, document: Document | None = None,
           handover: Handover | None = None, occurred_at: datetime | None = None, corrects_seq: int | None = None):
    """Append one custody event for ``item`` in the current transaction and keep the item's
    event counters (which verify compares with the ledger)."""
    if item is not None and item.id is None:
        uow.session.flush()
    check_chronology(uow.session, item, kind, occurred_at, (document,))
    event = uow.ledger.append(kind=kind, data=data, user_id=uow.actor.user_id, workstation=uow.actor.workstation,
                              item_id=item.id if item is not None else None, occurred_at=occurred_at,
                              document_id=document.id if document else None,
                              handover_id=handover.id if handover else None, corrects_seq=corrects_seq)
    if item is not None:
        item.event_count = (item.event_count or 0) + 1
        item.last_event_seq = event.seq
    return event


def check_chronology(session, item: Item | None, kind: str, occurred_at: datetime | None, documents=()) -> None:
    """No act before its basis documents, in the future, before the item was received or before the item's previous
    act (BLTTHS Điều 132, 133): :func:`record` checks every event; a release prepared for approval is checked at
    once too, not only when it is approved."""
    check_act(occurred_at, documents, item_code=item.code if item is not None else "",
              received_at=item.received_at if item is not None and kind != "receive" else None)
    if occurred_at is not None and item is not None and item.id is not None and kind in SEQUENCED_ACTS:
        check_sequence(kind, occurred_at, *_previous_act(session, item.id), item_code=item.code)


def _previous_act(session, item_id: int) -> tuple[datetime | None, str]:
    """The item's latest act in time (of domain.chronology.SEQUENCED_ACTS) and its kind."""
    from ..db.models import CustodyEvent
    row = session.execute(select(CustodyEvent.occurred_at, CustodyEvent.kind).where(CustodyEvent.item_id == item_id, CustodyEvent.kind.in_(SEQUENCED_ACTS))
                          .order_by(CustodyEvent.occurred_at.desc(), CustodyEvent.seq.desc()).limit(1)).first()
    if row is None:
        return None, ""
    at = row[0] if isinstance(row[0], datetime) else datetime.fromisoformat(str(row[0]))
    return at, row[1]


def adjust_occupancy(session, location_id: int | None, delta: int) -> None:
    if location_id is not None:
        loc = session.get(Location, location_id)
        loc.occupancy = max(0, (loc.occupancy or 0) + delta)


def open_handover(uow, *, kind: str, started_at: datetime | None, place: str, basis: Document | None,
                  giver: Person | None, receiver: Person | None, witnesses=(), case_id: int | None = None,
                  giver_agency_id=None, receiver_agency_id=None, details: dict | None = None, notes: str = "",
                  extra_documents=(), approver: bool = False, keeper: Person | None | bool = None,
                  letters: dict[str, str] | None = None, extra_slots=(), receiver_slot: bool = True,
                  numbered: bool = True) -> Handover:
    """A record in DRAFT with its signature slots: giver, receiver, witnesses, (approver), and the storekeeper
    (``keeper``: a person, or True for a slot filled later) on records of items leaving the warehouse when the
    giver is somebody else. ``letters``: role → giấy giới thiệu number (ND 142/2024 Art 14). ``numbered=False``: a
    provisional number, the caller draws the real one last (services.intake._number)."""
    when = started_at or utcnow()
    check_act(started_at, (basis, *extra_documents))
    number = new_handover_number(uow.session, kind, when) if numbered else provisional_number(40)
    ho = Handover(number=number, kind=kind, started_at=when, place=nfc(place),
                  basis_document_id=basis.id if basis else None, giver_id=giver.id if giver else None,
                  receiver_id=receiver.id if receiver else None, case_id=case_id,
                  giver_agency_id=giver_agency_id or (giver.agency_id if giver else None),
                  receiver_agency_id=receiver_agency_id or (receiver.agency_id if receiver else None),
                  details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str),
                  notes=nfc(notes), created_by=uow.actor.user_id,
                  extra_document_ids=",".join(str(d.id) for d in extra_documents if d))
    uow.session.add(ho)
    uow.session.flush()
    slots = [("giver", giver)] + ([("receiver", receiver)] if receiver_slot else []) + list(extra_slots) \
        + [("witness", w) for w in witnesses]
    if keeper is not None and keeper is not False and (keeper is True or giver is None or keeper.id != giver.id):
        slots.append(("keeper", None if keeper is True else keeper))
    if approver:
        slots.append(("approver", None))
    letters = letters or {}
    for role, person in slots:
        uow.session.add(Signature(handover_id=ho.id, role=role, person_id=person.id if person else None,
                                  person_name=person.full_name if person else "",
                                  letter_number=nfc(letters.get(role, ""))))
    return ho


def add_line(uow, ho: Handover, item: Item, line_no: int, note: str = "", *, people: bool = True) -> HandoverLine:
    line = HandoverLine(handover_id=ho.id, item_id=item.id, line_no=line_no, quantity=item.quantity,
                        condition=item.condition, sealed=item.sealed, seal_number=item.seal_number, note=nfc(note))
    uow.session.add(line)
    if people:  # the item is found by the record's giver and receiver (issue 17)
        from .participants import add_record_people
        add_record_people(uow.session, item, ho)
    return line


def seal_ledger_position(uow, ho: Handover) -> None:
    """Record the chain head on the handover so the printed paper witnesses the ledger."""
    seq, digest = uow.ledger.head()
    ho.ledger_seq, ho.ledger_hash = seq, digest


def open_deadline(session, kind: DeadlineKind, start: date, *, item_id=None, case_id=None, responsible="",
                  due: date | None = None, source_seq=None) -> Deadline:
    """A legal deadline from the event the law names; ending on a day off it rolls to the next working day
    (BLDS Điều 148, holidays kept by the administrator). A due date the user chose (a release) is kept."""
    if due is None:
        from .workdays import due_on_working_day
        due = due_on_working_day(session, due_date(kind, start))
    d = Deadline(kind=kind.value, item_id=item_id, case_id=case_id, start_on=start,
                 due_on=due, responsible=nfc(responsible), source_seq=source_seq)
    session.add(d)
    return d


def close_deadlines(session, *, item_id: int, kinds) -> None:
    for d in session.scalars(select(Deadline).where(Deadline.item_id == item_id, Deadline.closed_at.is_(None),
                                                    Deadline.kind.in_([k.value for k in kinds]))):
        d.closed_at = utcnow()


def agency(session, agency_id: int | None) -> Agency | None:
    return session.get(Agency, agency_id) if agency_id else None


def positive_quantity(q) -> float:
    try:
        value = float(q)
    except (TypeError, ValueError):
        raise ValidationError("quantity_invalid", field="quantity", value=str(q)) from None
    if not value > 0 or value != value or value > 1e12:
        raise ValidationError("quantity_positive", field="quantity", value=str(q))
    return value


def count_items_at(session, location_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Item).where(Item.location_id == location_id,
                                                                      Item.state == "in_storage")) or 0
