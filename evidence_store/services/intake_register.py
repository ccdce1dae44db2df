"""Nhập kho from an old register (issue #16): the intake service's own steps — item code, fields, location
and its occupancy, biên bản line, one ``receive`` ledger event per item — for register rows already checked
(exports/register_check.py), in batches so that 100,000 rows go in within two minutes.

The basis of each row is what the register records (ND 142/2024 Art 14): its lệnh nhập kho (number and
date) when it has one, else the old register itself ("nhập từ sổ cũ", Doc.LEGACY_REGISTER, with its
reference). Rows whose register says the item has since left the warehouse, or was never received, get
what the register says recorded as such: a ``register_state`` event (or ``announce``), never a made-up
disposal or release."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from ..domain import codes as code_format
from ..domain.records import RecordStatus
from ..domain.states import Doc, State
from ..domain.text import fold, nfc
from ..domain.text import sort_key as _sort_key
from ..db.models import (Case, CodeSequence, Document, Handover, HandoverLine, ImportRow, Item, Location, Signature,
                         Warehouse)
from . import persistence
from ..domain.chronology import warehouse_zone

BATCH = 2000  # lines per biên bản, as receive_items (MAX_ITEMS_PER_HANDOVER)
RECEIVED_AT = time(8, 0)  # a register gives the day only: the morning of that day, local time


sort_key = lru_cache(maxsize=100_000)(_sort_key)  # a register repeats its item names thousands of times


class Cancelled(Exception):
    """The user cancelled: the unit of work rolls back, nothing is left half-imported."""


@dataclass(frozen=True)
class Basis:
    kind: str
    number: str
    issued_on: date
    agency_id: int | None


def _moment(day: date | None) -> datetime:
    if day is None:
        return persistence.utcnow()
    return datetime.combine(day, RECEIVED_AT, tzinfo=warehouse_zone()).astimezone(UTC).replace(tzinfo=None)


def basis_of(values: dict, register_ref: str, today: date) -> Basis:
    if values.get("order_number"):
        return Basis(Doc.INTAKE_ORDER.value, values["order_number"], values["order_date"], values.get("agency"))
    ref = values.get("register_ref") or register_ref
    return Basis(Doc.LEGACY_REGISTER.value, ref, today, None)


def _reserve(session, scope: str, n: int) -> int:
    """The first of ``n`` consecutive code numbers (one statement, whatever n)."""
    if session.bind.dialect.name == "postgresql":
        table = CodeSequence.__table__
        from sqlalchemy.dialects.postgresql import insert as pg_insert  # on PostgreSQL only (#19)
        stmt = (pg_insert(table).values(scope=scope, next_value=1 + n)
                .on_conflict_do_update(index_elements=[table.c.scope], set_={"next_value": table.c.next_value + n})
                .returning(table.c.next_value))
        return session.execute(stmt).scalar_one() - n
    row = session.get(CodeSequence, scope)
    if row is None:
        row = CodeSequence(scope=scope, next_value=1)
        session.add(row)
    first = row.next_value
    row.next_value = first + n
    return first


def ensure_cases(uow, rows) -> dict[str, Case]:
    """The cases the rows name, created when new (number, offence, agency from their first row)."""
    s = uow.session
    numbers = {r.values["case_number"] for r in rows}
    found: dict[str, Case] = {}
    listed = sorted(numbers)
    for i in range(0, len(listed), 500):
        for case in s.scalars(select(Case).where(Case.number.in_(listed[i:i + 500]))):
            found[case.number] = case
    new = []
    for r in rows:
        number = r.values["case_number"]
        if number not in found:
            case = Case(number=number, title="", offence=r.values.get("offence", ""),
                        handling_agency_id=r.values.get("agency"), stage="investigation",
                        opened_on=None, created_at=persistence.utcnow(), sort_key=sort_key(number))
            found[number] = case
            new.append(case)
    s.add_all(new)
    s.flush()
    return found


def open_records(uow, groups: dict, warehouse: Warehouse, source: dict) -> list[tuple]:
    """For each basis, its document and one biên bản per BATCH rows: [(handover, document, rows)]. A register
    may name thousands of intake orders: documents and records are written in a few statements (what
    persistence.get_or_create_document and persistence.open_handover write, one by one, for a single intake)."""
    s = uow.session
    docs = _documents(uow, list(groups), source)
    when = persistence.utcnow()
    chunks = [(basis, rows[i:i + BATCH]) for basis, rows in groups.items() for i in range(0, len(rows), BATCH)]
    first = _reserve(s, f"bb:{when.year}", len(chunks))
    plan = []
    for n, (basis, rows) in enumerate(chunks):
        # complete from the start: it records the import of what the old register says, nobody signs it
        ho = Handover(number=f"{first + n}/{when.year}/BB-GN", kind="intake", started_at=when, ended_at=when,
                      status=RecordStatus.COMPLETE.value, place=warehouse.address,
                      basis_document_id=docs[basis].id, receiver_agency_id=warehouse.agency_id,
                      details=json.dumps({"import": source, "register_ref": basis.number}, ensure_ascii=False,
                                         sort_keys=True, default=str),
                      notes=nfc(f"Nhập từ sổ cũ: {source.get('file', '')}"), created_by=uow.actor.user_id,
                      extra_document_ids="")
        plan.append((ho, docs[basis], rows))
    s.add_all([ho for ho, _d, _r in plan])
    s.flush()
    s.execute(insert(Signature.__table__), [{"handover_id": ho.id, "role": role, "person_id": None, "person_name": ""}
                                           for ho, _d, _r in plan for role in ("giver", "receiver")])
    return plan


def _documents(uow, bases: list[Basis], source: dict) -> dict[Basis, Document]:
    """The basis documents, found (kind, number, issuing agency) or created."""
    s = uow.session
    out: dict[Basis, Document] = {}
    numbers = sorted({b.number for b in bases})
    found: dict[tuple, Document] = {}
    for i in range(0, len(numbers), 500):
        for d in s.scalars(select(Document).where(Document.number.in_(numbers[i:i + 500]),
                                                  Document.kind.in_([Doc.INTAKE_ORDER.value,
                                                                     Doc.LEGACY_REGISTER.value]))):
            found[(d.kind, d.number, d.issuing_agency_id)] = d
    new = []
    for b in bases:
        doc = found.get((b.kind, b.number, b.agency_id))
        if doc is None:
            doc = found[(b.kind, b.number, b.agency_id)] = Document(
                kind=b.kind, number=nfc(b.number), issued_on=b.issued_on, issuing_agency_id=b.agency_id,
                signer_name="", signer_title="", summary=nfc(source.get("file", "")), created_at=persistence.utcnow())
            new.append(doc)
        out[b] = doc
    s.add_all(new)
    s.flush()
    return out


def receive_planned(uow, plan: list[tuple], *, warehouse: Warehouse, cases: dict[str, Case], batch_id: int,
                    source: dict, total: int, progress, cancelled) -> list[str]:
    """Receive the planned rows, BATCH items a flush whatever their record; each record's ledger position is
    taken after its last item. Returns the new item codes, in the file's order of the plan."""
    s = uow.session
    wanted = sorted({r.values["location"] for _h, _d, rows in plan for r in rows if r.values.get("location")})
    locations = {}
    for i in range(0, len(wanted), 500):
        locations.update({loc.code: loc for loc in s.scalars(select(Location).where(
            Location.code.in_(wanted[i:i + 500])))})
    flat = [(ho, doc, r, n == len(rows) - 1) for ho, doc, rows in plan for n, r in enumerate(rows)]
    codes: list[str] = []
    line_no: dict[int, int] = {}
    for start in range(0, len(flat), BATCH):
        chunk = flat[start:start + BATCH]
        items = _create(uow, [r for _h, _d, r, _last in chunk], warehouse, cases, locations)
        lines, keys = [], []
        for (ho, doc, row, last), item in zip(chunk, items):
            if _events(uow, row, item, ho, doc, source):
                line_no[ho.id] = line_no.get(ho.id, 0) + 1
                lines.append({"handover_id": ho.id, "item_id": item.id, "line_no": line_no[ho.id],
                              "quantity": item.quantity, "condition": item.condition, "sealed": item.sealed,
                              "seal_number": item.seal_number, "note": ""})
            keys.append({"key": row.key, "entity": "items", "batch_id": batch_id, "row_no": row.row_no,
                         "object_id": item.id})
            if last:
                persistence.seal_ledger_position(uow, ho)
            codes.append(item.code)
        if lines:  # the biên bản lines, as persistence.add_line writes them, in one statement
            s.execute(insert(HandoverLine.__table__), lines)
        s.execute(insert(ImportRow.__table__), keys)
        done = start + len(chunk)
        progress(done, total)
        if cancelled():
            raise Cancelled
    return codes


def _create(uow, chunk, warehouse, cases, locations) -> list[Item]:
    s = uow.session
    by_year: dict[int, list] = {}
    for r in chunk:
        by_year.setdefault(_moment(r.values.get("received_on") or r.values.get("order_date")).year % 100, []).append(r)
    next_code = {y: _reserve(s, f"item:{warehouse.code_prefix}:{y:02d}", len(rs)) for y, rs in by_year.items()}
    items = []
    for r in chunk:
        v = r.values
        when = _moment(v.get("received_on") or v.get("order_date"))
        year = when.year % 100
        code = code_format.make_code(warehouse.code_prefix, year, next_code[year]).compact
        next_code[year] += 1
        case = cases[v["case_number"]]
        state = v.get("state", State.IN_STORAGE.value)
        attrs = {k[5:]: v[k] for k in v if k.startswith("attr:")}
        item = Item(code=code, warehouse_id=warehouse.id, case_id=case.id, category=v["category"], name=v["name"],
                    quantity=float(v["quantity"]), unit=v["unit"], characteristics=v.get("characteristics", ""),
                    condition=v.get("condition", ""), sealed=bool(v.get("seal_number")),
                    seal_number=v.get("seal_number", ""), owner_name=v.get("owner_name", ""),
                    owner_id_number=v.get("owner_id_number", ""),
                    attributes=json.dumps(attrs, ensure_ascii=False, sort_keys=True),
                    state=State.AWAITING_INTAKE.value if state == State.AWAITING_INTAKE.value else State.IN_STORAGE.value,
                    location_id=None, holder="", responsible_agency_id=case.handling_agency_id or v.get("agency"),
                    due_back_on=None, received_at=None if state == State.AWAITING_INTAKE.value else when,
                    event_count=0, last_event_seq=0, sort_key=sort_key(v["name"])[:400])
        if state == State.IN_STORAGE.value and v.get("location"):
            loc = locations[v["location"]]
            item.location_id = loc.id
            loc.occupancy = (loc.occupancy or 0) + 1
        item.search_text = persistence.item_search_text(item, case.number) + (" " + fold(v["legacy_code"])
                                                                    if v.get("legacy_code") else "")
        items.append(item)
    s.add_all(items)
    s.flush()
    return items


def _events(uow, row, item: Item, ho, doc, source: dict) -> bool:
    """The item's ledger events; True when it was received (a line of the biên bản)."""
    v = row.values
    when = _moment(v.get("received_on") or v.get("order_date"))
    origin = {**source, "row": row.row_no, "legacy_code": v.get("legacy_code", "")}
    fields = {name: persistence.plain(getattr(item, name)) for name in persistence.TRACKED}
    if item.state == State.AWAITING_INTAKE.value:
        persistence.record(uow, item, "announce", {"set": fields, "order": doc.number, "import": origin}, document=doc,
                 occurred_at=when)
        return False
    persistence.record(uow, item, "receive", {"set": fields, "handover": ho.number, "order": doc.number, "import": origin},
             document=doc, handover=ho, occurred_at=when)
    state = v.get("state", State.IN_STORAGE.value)
    if state != State.IN_STORAGE.value:
        changed = persistence.change_item(item, state=state)
        persistence.record(uow, item, "register_state", {"set": changed, "outcome": state, "import": origin}, document=doc,
                 occurred_at=when + timedelta(seconds=1))
    return True
