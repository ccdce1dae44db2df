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
