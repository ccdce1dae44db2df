"""Helpers shared by the lifecycle workflows (release, transfer, custody, disposal, incidents):
basis documents, leaving and entering a location, and the common ending of a service call."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ..domain import categories, chronology, moves
from ..domain.errors import NotFound, TransitionRefused, ValidationError
from ..domain.states import State
from ..db.models import Agency, Case, Handover, Item, Location, Person
from . import persistence
from .commands import DocumentInput, PersonInput
from .results import Changes


def basis(session, doc: DocumentInput | None, move: str, kinds=None, *, case_id: int | None = None):
    """The legal basis of a movement, refused when missing, of the wrong kind, of another case, or issued by an
    agency not competent at the case's stage on its date (ND 142/2024 Art 3; BLTTHS Điều 106; the competence
    table). A document given by id is checked exactly like one given inline. ``kinds``: the documents that
    authorise ``move`` — by default the domain's answer (domain.moves.authorising_documents); a caller names them
    only for a supporting paper (a QĐ chuyển giao with a release, a kết luận giám định with a disposal)."""
    kinds = moves.authorising_documents(move) if kinds is None else kinds
    if doc is None:
        raise TransitionRefused("basis_required", move=move)
    if doc.id is None and doc.kind not in {str(k) for k in kinds}:
        raise TransitionRefused("wrong_basis", move=move, basis=doc.kind)
    found = persistence.get_or_create_document(session, doc, case_id=case_id)
    if found.kind not in {str(k) for k in kinds}:
        raise TransitionRefused("wrong_basis", move=move, basis=found.kind)
    from .authority import check_document
    check_document(session, found, session.get(Case, case_id) if case_id else None, move=str(move))
    return found


def optional_basis(session, doc: DocumentInput | None, move: str, kinds=None, *, case_id: int | None = None):
    return basis(session, doc, move, kinds, case_id=case_id) if doc is not None else None


def person(session, p: PersonInput | None, field: str, *, required: bool = True) -> Person | None:
    if p is None:
        if required:
            raise ValidationError("person_required", field=field)
        return None
    return persistence.get_or_create_person(session, p, required_field=field)


def actor_person(uow) -> Person | None:
    pid = uow.actor.person_id
    return uow.session.get(Person, pid) if pid else None


def agency(session, agency_id: int | None, field: str = "agency") -> Agency:
    found = session.get(Agency, agency_id) if agency_id else None
    if found is None:
        raise NotFound("agency_not_found", field=field)
    return found


def case_of(session, item: Item) -> Case:
    return session.get(Case, item.case_id)


def state(item: Item) -> State:
    return State(item.state)


def leave_location(session, item: Item) -> dict:
    """The item leaves its shelf: free the place; return the "set" part for location_id."""
    if item.location_id is None:
        return {}
    if item.state == State.IN_STORAGE:
        persistence.adjust_occupancy(session, item.location_id, -1)
    return persistence.change_item(item, location_id=None)


UNDO_FIELDS = ("state", "location_id", "holder", "due_back_on")


def before_act(item: Item) -> dict:
    """Where the item stood before a two-sided act (issue 13): a refusal by the other side puts it back."""
    return {name: persistence.plain(getattr(item, name)) for name in UNDO_FIELDS}


def target_location(session, raw: str) -> Location:
    if not (raw or "").strip():
        raise ValidationError("location_required", field="location")
    loc = persistence.location_by_code(session, raw)
    if not loc.active:
        raise ValidationError("location_inactive", field="location", code=loc.code)
    return loc


def check_place(item: Item, loc: Location) -> None:
    """Wrong location kind refused (drugs only in the secure room, vehicles in the yard)."""
    categories.check_location(categories.category(item.category), categories.LocationKind(loc.kind))


def enter_location(item: Item, loc: Location) -> dict:
    loc.occupancy = (loc.occupancy or 0) + 1
    return persistence.change_item(item, location_id=loc.id)


def day_of(when: datetime | None) -> date:
    """The act's date in the warehouse's zone (a stored time is naive UTC: its own ``date()`` is a day early from
    17:00 to 24:00 UTC), today's when the act is now."""
    return chronology.today(when)


def finish(uow, items, ho: Handover | None = None, *, case_id: int | None = None, **extra) -> Changes:
    """Record the chain head on the handover, commit, and say what changed — with the seal incident the act opened,
    if any (``extra["seal_incident"]``: the screens tell the clerk that it was reported, ND 142/2024 Điều 11)."""
    if ho is not None:
        persistence.seal_ledger_position(uow, ho)
        if "seal_incident" not in extra and ho.details and '"seal_incident"' in ho.details:
            import json
            extra["seal_incident"] = json.loads(ho.details).get("seal_incident", "")
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(item_codes=tuple(i.code for i in items), handover_number=ho.number if ho else None,
                   case_id=case_id, ledger_seq=seq, ledger_hash=digest, extra=extra)


def close_deadlines(session, items, kinds, at: datetime | None = None) -> None:
    """Close the open deadlines of these kinds for all the items in one query (after the loop,
    so the item changes flush as one batch). ``at``: when the closing act happened (a return recorded
    afterwards closes its deadline on the day it happened, which the reports' kept / missed count reads)."""
    from sqlalchemy import select
    from ..db.models import Deadline
    ids = [i.id for i in items]
    if not ids:
        return
    now = persistence.utcnow()
    if at is not None:
        at = at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at
        now = min(at, now)
    for d in session.scalars(select(Deadline).where(Deadline.item_id.in_(ids), Deadline.closed_at.is_(None),
                                                    Deadline.kind.in_([str(k) for k in kinds]))):
        d.closed_at = now


def handover_by_number(session, number: str) -> Handover:
    from sqlalchemy import select
    ho = session.scalars(select(Handover).where(Handover.number == (number or "").strip())).first()
    if ho is None:
        raise NotFound("handover_not_found", number=number)
    return ho


def holder_text(p: Person | None, agency_row: Agency | None) -> str:
    parts = [p.full_name if p else "", agency_row.name if agency_row else ""]
    return " — ".join(x for x in parts if x)


