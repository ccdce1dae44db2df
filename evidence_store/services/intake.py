"""Nhập kho: receiving items against an intake order (ND 142/2024 Art 14): biên bản giao nhận,
item codes, locations, and one ledger event per item, all in one transaction."""

from __future__ import annotations

import hashlib
import json
import mimetypes

from sqlalchemy import select

from ..domain import categories
from ..domain.deadlines import IMMEDIATE_CATEGORIES
from ..domain import moves
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.permissions import require
from ..domain.states import State
from ..domain.text import nfc, sort_key
from ..db import key_locks
from ..db.models import Attachment, Case, Item, Location, Person, Warehouse
from . import concurrent_writes, intake_papers, persistence, receipt_seals
from . import workflow
from . import responsibility, scope
from .commands import CaseInput, FileInput, NewItem, ReceiveItems
from .context import concurrent
from .results import Changes

MAX_ITEMS_PER_HANDOVER = 2000
MAX_PHOTO_BYTES = 25 * 1024 * 1024


@concurrent
def receive_items(uow, cmd: ReceiveItems) -> Changes:
    """On PostgreSQL intakes run side by side, with each other and with moves (issue #19): the case, persons and
    documents are found or created under a lock on their own key (key_locks.find_or_lock), and the numbers
    — the record's and the items' codes — are drawn last (``_number``), just before the ledger events."""
    require(uow.actor, "receive_items")
    persistence.check_input_sizes(cmd)
    s = uow.session
    if not cmd.items:
        raise ValidationError("no_items", field="items")
    if len(cmd.items) > MAX_ITEMS_PER_HANDOVER:
        raise ValidationError("too_many_items", field="items", limit=MAX_ITEMS_PER_HANDOVER)
    if cmd.order is None or cmd.order.kind not in moves.authorising_documents("receive"):
        raise ValidationError("basis_required", field="order", move="receive")
    warehouse = _warehouse(s, cmd.warehouse_id)
    case = _case(uow, cmd)
    order = workflow.basis(s, cmd.order, "receive", case_id=case.id)  # competent issuer, by id too
    day = intake_papers.act_day(cmd.started_at)  # ND 142/2024 Điều 14: the seizure record, the deliverer's papers
    seizure = intake_papers.seizure_details(s, cmd.seizure_record, day)
    giver = persistence.get_or_create_person(s, cmd.giver, required_field="giver")
    letter = intake_papers.check_giver(giver, cmd.giver, day)
    receiver = s.get(Person, cmd.receiver_person_id or uow.actor.person_id) if (
        cmd.receiver_person_id or uow.actor.person_id) else None
    witnesses = [persistence.get_or_create_person(s, w, required_field="witness") for w in cmd.witnesses]
    prepared = [_validate(s, n) for n in cmd.items]
    seals = receipt_seals.new_item_states(cmd.items)  # stated by the clerk, never assumed (ND 127/2017)
    for (new, loc), state in zip(prepared, seals):
        if state == "broken" and loc is not None:  # no longer sealed: it waits in the receiving area (ND 127/2017)
            categories.check_sealed_before_shelving(new.category, nfc(new.unit), False, "", nfc(new.name))
    papers = intake_papers.papers_confirmation([n.category for n in cmd.items], cmd.papers_not_case_file)
    concurrent_writes.lock_rows(s, Location, [loc.id for _n, loc in prepared if loc is not None])  # occupancy, under lock
    ho = persistence.open_handover(uow, kind="intake", started_at=cmd.started_at, place=cmd.place or warehouse.address,
                         basis=order, giver=giver, receiver=receiver, witnesses=witnesses, case_id=case.id,
                         receiver_agency_id=warehouse.agency_id, notes=cmd.notes,
                         details={"seizure_record": intake_papers.seizure_text(seizure), "seizure": seizure} | letter | papers,
                         letters={"giver": cmd.giver.letter_number if cmd.giver else ""}, numbered=False)
    items = [_create_item(uow, warehouse, case, new, loc, ho, key_locks.provisional_number(20))
             for new, loc in prepared]
    s.flush()  # one INSERT round for every item (their ids name them in the ledger)
    photos = []
    for line_no, ((new, _loc), item, seal) in enumerate(zip(prepared, items, seals), start=1):
        photos.append([_attach(uow, item, f) for f in new.photos])
        persistence.add_line(uow, ho, item, line_no, note=seal, people=False)  # the seal as stated, printed so
    new_codes = _number(uow, warehouse, case, ho, items)
    received = [(item, {"set": persistence.change_item(item, **_initial_fields(item)), "handover": ho.number,
                        "order": order.number, "seizure_record": intake_papers.seizure_text(seizure),
                        "photos": shots, "seal_status": seal} | papers)
                for item, shots, seal in zip(items, photos, seals)]
    # the ledger events last, in line order: the chain lock (PostgreSQL) is held from here to the commit only
    events = [(item, "receive", data, order, ho, cmd.started_at) for item, data in received]
    if any(item.category in IMMEDIATE_CATEGORIES for item in items) or "broken" in seals:  # one more step
        seqs = concurrent_writes.record_many(uow, events)
        for (item, _data), seq in zip(received, seqs):  # a deadline names its event
            open_transfer_immediately(uow, item, cmd.started_at, seq)
        # a seal found broken or missing: the incident, reported, and the record says so (ND 142/2024 Điều 11)
        receipt_seals.report_broken(uow, items, dict(zip(new_codes, seals)), ho, cmd.started_at)
        persistence.seal_ledger_position(uow, ho)
        uow.commit()
    else:
        concurrent_writes.record_and_commit(uow, events, ho)
    return Changes(item_codes=tuple(new_codes), handover_number=ho.number, case_id=case.id,
                   ledger_seq=ho.ledger_seq, ledger_hash=ho.ledger_hash,
                   extra={"seal_incident": json.loads(ho.details or "{}").get("seal_incident", "")})


def _number(uow, warehouse, case, ho, items) -> list[str]:
    """The record's number and the items' codes (the yearly counters), drawn in the intake's final step, just before
    its ledger events: the counters' rows stay locked from here to the commit, so two intakes run side by side until
    then and only their last step is one at a time (issue #19) — outside the ledger's chain lock, which moves need
    too; the rows are written before the chain lock is taken (LedgerRepository.lock_chain), so a chain-lock holder
    never waits for a counter (an exclusive writer runs alone). The numbers follow the commit order without gaps.
    The items' search text names their codes and the record's giver and receiver (issue 17)."""
    from .participants import add_record_people
    s = uow.session
    ho.number = persistence.new_handover_number(s, ho.kind, ho.started_at)
    codes = persistence.new_item_codes(s, warehouse, ho.started_at, len(items))
    for item, code in zip(items, codes):
        item.code = code
        item.search_text = persistence.item_search_text(item, case.number)
        add_record_people(s, item, ho)
    return codes


def _warehouse(s, warehouse_id) -> Warehouse:
    wh = s.get(Warehouse, warehouse_id) if warehouse_id else s.scalars(select(Warehouse).order_by(Warehouse.id)).first()
    if wh is None:
        raise NotFound("warehouse_not_found")
    return wh


def _case(uow, cmd: ReceiveItems) -> Case:
    if cmd.case_id:
        case = uow.session.get(Case, cmd.case_id)
        if case is None:
            raise NotFound("case_not_found", id=cmd.case_id)
        return case
    if cmd.new_case is None:
        raise ValidationError("case_required", field="case")
    return create_case(uow, cmd.new_case, when=cmd.started_at)


def create_case(uow, c: CaseInput, *, when=None) -> Case:
    """``when``: the act that opens the case with its first items (an intake dated in the past): the first period of
    responsibility starts then, not at the moment of typing — it read «from 05/12 to 11/09» after a backdated intake
    and a transfer (issue 17)."""
    require(uow.actor, "manage_cases")
    number = nfc(c.number)
    if not number:
        raise ValidationError("case_number_required", field="case_number")
    if key_locks.find_or_lock(uow.session, f"case:{number}",  # two workstations opening the same case
                                      lambda: uow.session.scalars(select(Case.id).where(Case.number == number)).first()):
        raise ValidationError("case_number_exists", field="case_number", number=number)
    agency_id = c.handling_agency_id
    if not scope.warehouse_wide(uow.actor):  # an agency opens cases for itself only (issue 13)
        if agency_id and agency_id != uow.actor.agency_id:
            raise PermissionDenied("out_of_scope", action="manage_cases", user=uow.actor.username, case=number)
        agency_id = uow.actor.agency_id
    responsibility.check_officer(uow.session, agency_id, c.officer_id)
    if (c.stage or "investigation") != "investigation":  # the stage comes from milestones (domain/milestones.py)
        raise ValidationError("case_stage_from_milestones", field="stage", stage=str(c.stage))
    if agency_id is not None:
        _check_handling_agency(uow.session, agency_id)
    case = Case(number=number, title=nfc(c.title), offence=nfc(c.offence), handling_agency_id=agency_id,
                stage="investigation", stage_origin="investigation", officer_id=c.officer_id, opened_on=c.opened_on,
                created_at=persistence.utcnow(), sort_key=sort_key(number))
    uow.session.add(case)
    uow.session.flush()
    responsibility.open_period(uow.session, case, reason="intake", user_id=uow.actor.user_id, when=when)
    return case


def _check_handling_agency(session, agency_id: int) -> None:
    """A new case is handled by an investigating body (or a body assigned investigative tasks): the stage
    starts at investigation (BLTTHS Điều 34, 35)."""
    from ..db.models import Agency
    from ..domain.agencies import investigates
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("agency_not_found", field="handling_agency")
    if not investigates(agency.kind):
        raise ValidationError("transfer_not_investigating_body", field="handling_agency", agency=agency.name)


def _validate(s, new: NewItem):
    cat = categories.category(new.category)
    if not nfc(new.name):
        raise ValidationError("item_name_required", field="name")
    persistence.positive_quantity(new.quantity)
    if not nfc(new.unit):
        raise ValidationError("unit_required", field="unit")
    if new.sealed and not nfc(new.seal_number):
        raise ValidationError("seal_number_required", field="seal_number")
    if new.sealed and not cat.sealable:
        raise ValidationError("category_not_sealable", field="sealed", category=cat.code)
    unknown = set(new.attributes) - set(cat.fields)
    if unknown:
        raise ValidationError("unknown_attribute", field="attributes", names=", ".join(sorted(unknown)))
    loc = None
    if new.location_code:
        loc = persistence.location_by_code(s, new.location_code)
        categories.check_location(cat, categories.LocationKind(loc.kind))
        categories.check_sealed_before_shelving(cat.code, nfc(new.unit), new.sealed, "", nfc(new.name))  # ND 127/2017
    return new, loc


def open_transfer_immediately(uow, item: Item, when, seq) -> None:
    """BLTTHS Điều 90.1.b: cash, gold, precious metals and stones, weapons and explosives go at once to the Treasury
    or a specialised body; still in the warehouse after the set number of days, they warn (closed at deposit)."""
    from datetime import timedelta
    from ..domain.deadlines import DeadlineKind
    from .settings import read_setting
    if item.category not in IMMEDIATE_CATEGORIES:
        return
    start = (persistence.as_utc(when) if when else persistence.utcnow()).date()
    persistence.open_deadline(uow.session, DeadlineKind.TRANSFER_IMMEDIATELY, start, item_id=item.id, case_id=item.case_id,
                    due=start + timedelta(days=read_setting(uow.session, "transfer_immediately_days")),
                    source_seq=seq)


def _create_item(uow, warehouse, case, new: NewItem, loc, ho, code: str | None = None) -> Item:
    """A new item row, added to the session (not flushed: ``record`` or the caller flushes)."""
    s = uow.session
    when = ho.started_at
    item = Item(code=code or persistence.new_item_code(s, warehouse, when), warehouse_id=warehouse.id, case_id=case.id, event_count=0,
                last_event_seq=0, received_at=when)
    attrs = {k: nfc(str(v)) for k, v in new.attributes.items() if str(v).strip()}
    item.category, item.name, item.quantity, item.unit = new.category, nfc(new.name), float(new.quantity), nfc(new.unit)
    item.characteristics, item.condition = nfc(new.characteristics), nfc(new.condition)
    item.sealed, item.seal_number = bool(new.sealed), nfc(new.seal_number)
    item.owner_name, item.owner_id_number = nfc(new.owner_name), nfc(new.owner_id_number)
    item.attributes = json.dumps(attrs, ensure_ascii=False, sort_keys=True)
    item.state, item.location_id, item.holder = State.IN_STORAGE.value, loc.id if loc else None, ""
    item.responsible_agency_id, item.due_back_on = case.handling_agency_id, None
    provisional = item.code.startswith(key_locks.PROVISIONAL)  # the code and search text come in _number
    item.search_text = "" if provisional else persistence.item_search_text(item, case.number)
    item.sort_key = sort_key(item.name)[:400]
    if loc is not None:
        _check_capacity(loc, 1)
        loc.occupancy = (loc.occupancy or 0) + 1
    s.add(item)
    return item


def _check_capacity(loc, adding: int) -> None:
    if loc.capacity is not None and (loc.occupancy or 0) + adding > loc.capacity:
        raise ValidationError("location_full", field="location", code=loc.code, capacity=loc.capacity)


def _initial_fields(item: Item) -> dict:
    return {name: getattr(item, name) for name in persistence.TRACKED}


def _attach(uow, item: Item, f: FileInput) -> str:
    if not f.content:
        raise ValidationError("empty_file", field="photos", filename=f.filename)
    if len(f.content) > MAX_PHOTO_BYTES:
        raise ValidationError("file_too_large", field="photos", filename=f.filename)
    digest = hashlib.sha256(f.content).hexdigest()
    mime = f.mime or mimetypes.guess_type(f.filename)[0] or "application/octet-stream"
    uow.session.add(Attachment(sha256=digest, filename=nfc(f.filename)[:300], mime=mime, size=len(f.content),
                               content=f.content, kind="photo", item_id=item.id, created_at=persistence.utcnow(),
                               created_by=uow.actor.user_id))
    return digest
