"""Sự cố: loss or damage recorded with its report (ND 142/2024 Art 11), and the item found again."""

from __future__ import annotations

from ..domain import lifecycle_rules
from ..domain.deadlines import DeadlineKind
from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..domain.states import Doc, Move, State, check_transition
from ..domain.text import nfc
from . import persistence
from . import workflow
from .commands import RecordFound, RecordIncident
from .results import Changes

def record_incident(uow, cmd: RecordIncident) -> Changes:
    require(uow.actor, "record_incident")
    s = uow.session
    if cmd.kind not in lifecycle_rules.INCIDENT_KINDS:
        raise ValidationError("unknown_incident_kind", field="kind", kind=cmd.kind)
    if not nfc(cmd.description):
        raise ValidationError("description_required", field="description")
    items = persistence.items_by_codes(s, cmd.codes)
    report = workflow.basis(s, cmd.report, Move.INCIDENT, case_id=items[0].case_id)
    for item in items:
        check_transition(Move.INCIDENT, workflow.state(item), Doc(report.kind))
    lost = cmd.kind == "lost"
    for item in items:
        previous = item.state
        if lost:
            changed = workflow.leave_location(s, item)
            changed |= persistence.change_item(item, state=State.LOST_OR_DAMAGED.value, due_back_on=None)
        else:  # "damaged" is a condition of an item still held, not a state shared with "lost" (LEGAL-RULES §3)
            note = nfc(cmd.description)
            condition = f"{item.condition}; Hư hỏng: {note}" if item.condition else f"Hư hỏng: {note}"
            changed = persistence.change_item(item, condition=condition)
        data = {"set": changed, "incident": cmd.kind, "description": nfc(cmd.description), "previous_state": previous}
        persistence.record(uow, item, Move.INCIDENT.value, data, document=report, occurred_at=cmd.occurred_at)
    if lost:
        workflow.close_deadlines(s, items, [DeadlineKind.TEMPORARY_RETURN, DeadlineKind.ENTRUSTED_CHECK], at=cmd.occurred_at)
    return workflow.finish(uow, items)


def open_damage_incident(uow, items, found_during: str, description: str, *, occurred_at=None,
                         related_handover: str = ""):
    """Damage found on items as they come back (or are checked): the incident record with its report addressed to
    the agency responsible for the items (ND 142/2024 Điều 11: the warehouse alerts the competent authority when
    evidence is damaged), one ``incident`` event per item noting the damage in its condition. No commit."""
    from ..db.models import Agency
    s = uow.session
    agency_ids = {i.responsible_agency_id for i in items if i.responsible_agency_id}
    report_to = "; ".join(a.name for a in (s.get(Agency, i) for i in sorted(agency_ids)) if a)
    note = nfc(description)
    ho = persistence.open_handover(uow, kind="incident", started_at=occurred_at, place="", basis=None,
                                   giver=workflow.actor_person(uow), receiver=None, receiver_slot=False,
                                   case_id=items[0].case_id, receiver_agency_id=min(agency_ids) if agency_ids else None,
                                   details={"found_during": found_during, "description": note, "incident": "damaged",
                                            "report_to": report_to, "related_handover": related_handover})
    s.flush()
    for sig in ho.signatures:  # the acting user makes the record
        if sig.role == "giver":
            sig.role = "maker"
    for line_no, item in enumerate(items, start=1):
        persistence.add_line(uow, ho, item, line_no, note="damaged")
        condition = f"{item.condition}; Hư hỏng: {note}" if item.condition else f"Hư hỏng: {note}"
        data = {"set": persistence.change_item(item, condition=condition), "incident": "damaged",
                "description": note, "previous_state": item.state, "handover": ho.number, "report_to": report_to}
        persistence.record(uow, item, Move.INCIDENT.value, data, handover=ho, occurred_at=occurred_at)
    persistence.seal_ledger_position(uow, ho)  # its paper cites the ledger as its events left it (not event #0)
    return ho


def record_found(uow, cmd: RecordFound) -> Changes:
    require(uow.actor, "record_incident")
    s = uow.session
    items = persistence.items_by_codes(s, cmd.codes)
    report = workflow.basis(s, cmd.report, Move.FOUND, case_id=items[0].case_id)
    loc = workflow.target_location(s, cmd.location_code)
    for item in items:
        check_transition(Move.FOUND, workflow.state(item), Doc(report.kind))
        workflow.check_place(item, loc)
    for item in items:
        changed = persistence.change_item(item, state=State.IN_STORAGE.value, holder="")
        if nfc(cmd.condition):
            changed |= persistence.change_item(item, condition=cmd.condition)
        changed |= workflow.enter_location(item, loc)
        persistence.record(uow, item, Move.FOUND.value, {"set": changed, "to_code": loc.code}, document=report,
                 occurred_at=cmd.occurred_at)
    return workflow.finish(uow, items)
