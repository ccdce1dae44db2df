"""Inside the warehouse: shelving (move by scan) and seals (ND 127/2017)."""

from __future__ import annotations

from ..domain import categories
from ..domain.errors import TransitionRefused, ValidationError
from ..domain.participants import split_line
from ..domain.permissions import require
from ..domain.states import check_in_warehouse
from ..domain.text import nfc
from ..domain.agencies import sector
from ..db.models import Agency, Location
from . import concurrent_writes, persistence
from . import workflow
from .commands import MoveItems, PersonInput, SealItems
from .context import concurrent
from .results import Changes


@concurrent
def move_items(uow, cmd: MoveItems) -> Changes:
    """Put scanned items on a location. Refuses a location of the wrong kind for a category and,
    unless confirmed, a location over its capacity."""
    require(uow.actor, "move_items")
    s = uow.session
    loc = persistence.location_by_code(s, cmd.location_code)
    if not loc.active:
        raise ValidationError("location_inactive", field="location", code=loc.code)
    items = persistence.items_by_codes(s, cmd.codes)
    concurrent_writes.lock_rows(s, Location, [loc.id] + [i.location_id for i in items])  # occupancy read under lock
    for item in items:
        check_in_warehouse("move", _state(item))
        categories.check_location(categories.category(item.category), categories.LocationKind(loc.kind))
        categories.check_sealed_before_shelving(item.category, item.unit, item.sealed, item.code, item.name)  # ND 127/2017
    arriving = [i for i in items if i.location_id != loc.id]
    if loc.capacity is not None and (loc.occupancy or 0) + len(arriving) > loc.capacity and not cmd.allow_over_capacity:
        raise ValidationError("location_full", field="location", code=loc.code, capacity=loc.capacity)
    events = []
    for item in arriving:
        previous = item.location_id
        persistence.adjust_occupancy(s, previous, -1)
        events.append((item, "move", {"set": persistence.change_item(item, location_id=loc.id), "from": previous,
                                      "to_code": loc.code}, None, None, None))
        loc.occupancy = (loc.occupancy or 0) + 1
    # under a user's login one append for the batch, and the commit with it: the chain lock's hold is one round trip
    _seqs, (seq, digest) = concurrent_writes.record_and_commit(uow, events, batch=False)
    return Changes(item_codes=tuple(i.code for i in items), ledger_seq=seq, ledger_hash=digest,
                   extra={"location_code": loc.code, "unchanged": len(items) - len(arriving)})


PROCEDURAL_SECTORS = frozenset({"police", "procuracy", "court", "enforcement"})
ORGANISER_TITLES = ("thủ trưởng", "phó thủ trưởng", "điều tra viên", "cán bộ điều tra", "kiểm sát viên",
                    "kiểm tra viên", "thẩm phán", "thư ký tòa", "chấp hành viên", "thẩm tra viên")


def seal_items(uow, cmd: SealItems) -> Changes:
    """Seal, unseal or reseal at the request of a procedural body, organised by a procedural officer, before a
    witness or the commune's representative, each in a named role (ND 127/2017; BLTTHS Điều 90.1.a). Every act
    produces its record — biên bản niêm phong / mở niêm phong — to sign and print."""
    require(uow.actor, "seal_items")
    s = uow.session
    if cmd.action not in ("seal", "unseal", "reseal"):
        raise ValidationError("unknown_seal_action", field="action", action=cmd.action)
    if cmd.action != "unseal" and not nfc(cmd.seal_number):
        raise ValidationError("seal_number_required", field="seal_number")
    request = _request(s, cmd)
    organiser = _organiser(uow, cmd)
    witness = workflow.person(s, cmd.witness, "witness")
    if witness.id == organiser.id:
        raise ValidationError("witness_is_the_party", field="witness", name=witness.full_name)
    items = persistence.items_by_codes(s, cmd.codes)
    from ..db.models import Case
    from . import scope
    for case_id in sorted({i.case_id for i in items}):  # rights follow the responsible agency (issue 13)
        scope.require_case_write(uow, s.get(Case, case_id), "seal_items")
    for item in items:
        check_in_warehouse(cmd.action, _state(item))
        cat = categories.category(item.category)
        if cmd.action != "unseal" and not cat.sealable:
            raise TransitionRefused("category_not_sealable", category=cat.code)
        if cmd.action == "seal" and item.sealed:
            raise TransitionRefused("already_sealed", code=item.code, seal=item.seal_number)
        if cmd.action == "unseal" and not item.sealed:
            raise TransitionRefused("not_sealed", code=item.code)
    others = [nfc(p) for p in cmd.participants if nfc(p)]
    keeper = workflow.actor_person(uow) if "clerk" in uow.actor.roles else None
    kind = "unseal" if cmd.action == "unseal" else "seal"
    ho = persistence.open_handover(uow, kind=kind, started_at=cmd.occurred_at, place=cmd.place, basis=request,
                         giver=organiser, receiver=None, receiver_slot=False, case_id=items[0].case_id,
                         witnesses=[witness], keeper=keeper if keeper is not None else None,
                         extra_slots=[("participant", persistence.get_or_create_person(s, PersonInput(
                             full_name=split_line(p)[0], position=split_line(p)[1]), required_field="participants"))
                                      for p in others],  # "họ tên, chức vụ": the name signs, not the line
                         details={"action": cmd.action, "reason": nfc(cmd.reason), "seal_number": nfc(cmd.seal_number)})
    uow.session.flush()
    _organiser_role(ho)
    names = [organiser.full_name, witness.full_name] + others
    for line_no, item in enumerate(items, start=1):
        before = item.seal_number
        if cmd.action == "unseal":
            changed = persistence.change_item(item, sealed=False)
        else:
            changed = persistence.change_item(item, sealed=True, seal_number=cmd.seal_number)
        line = persistence.add_line(uow, ho, item, line_no, note="unsealed" if cmd.action == "unseal" else "intact")
        line.seal_number, line.sealed = (before if cmd.action == "unseal" else item.seal_number), True
        data = {"set": changed, "previous_seal": before, "participants": names, "reason": nfc(cmd.reason),
                "handover": ho.number}
        persistence.record(uow, item, cmd.action, data, document=request, handover=ho, occurred_at=cmd.occurred_at)
    if cmd.ended_at is not None:
        from ..domain.records import check_end_time, status_after_end
        ended = persistence.as_utc(cmd.ended_at)
        problem = check_end_time(ho.started_at, ended, persistence.utcnow())
        if problem:
            raise ValidationError(problem, field="ended_at", handover=ho.number)
        ho.ended_at, ho.status = max(ended, ho.started_at), status_after_end(ho.status)
    return workflow.finish(uow, items, ho, case_id=items[0].case_id)


def _request(s, cmd: SealItems):
    """ND 127/2017: sealing and unsealing happen only at the request of a body conducting the proceedings."""
    if cmd.document is None:
        raise TransitionRefused("seal_request_required", action=cmd.action)
    doc = persistence.get_or_create_document(s, cmd.document)
    issuer = s.get(Agency, doc.issuing_agency_id) if doc.issuing_agency_id else None
    if issuer is None or sector(issuer.kind) not in PROCEDURAL_SECTORS:
        raise TransitionRefused("seal_request_not_procedural", document=doc.number,
                                agency=issuer.name if issuer else "—")
    return doc


def _organiser(uow, cmd: SealItems):
    """The organiser is a procedural officer (Thủ trưởng/Phó CQĐT, ĐTV, cán bộ điều tra, KSV…), not the storekeeper
    alone (ND 127/2017; LEGAL-RULES R16): of a procedural agency, or holding such a title."""
    s = uow.session
    who = workflow.person(s, cmd.organiser, "organiser")
    agency = s.get(Agency, who.agency_id) if who.agency_id else None
    titled = any(t in (who.position or "").lower() for t in ORGANISER_TITLES)
    if not titled and (agency is None or sector(agency.kind) not in PROCEDURAL_SECTORS
                       or who.id == uow.actor.person_id and "clerk" in uow.actor.roles):
        raise TransitionRefused("seal_organiser_not_procedural", name=who.full_name)
    return who


def _organiser_role(ho) -> None:
    for sig in ho.signatures:
        if sig.role == "giver":
            sig.role = "organiser"


def _state(item):
    from ..domain.states import State
    return State(item.state)
