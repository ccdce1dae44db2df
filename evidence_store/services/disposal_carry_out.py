"""The act of an approved disposal (services.disposal): the items leave the warehouse in the outcome's state, the
persons of the act are named, the council's absent members marked; the form the carry-out dialog shows."""

from __future__ import annotations

import json
from datetime import datetime

from ..domain.errors import TransitionRefused, ValidationError
from ..domain.permissions import Role, require, roles_of
from ..domain.records import Approval, RecordStatus, check_end_time
from ..domain.states import Doc, Move, State, check_transition
from ..domain.text import nfc
from ..db.models import Case, Document, Handover, Person
from . import persistence
from . import workflow
from . import scope
from .commands import CarryOutDisposal
from .results import Changes
from .disposal_council import REQUIRED_AT_DESTRUCTION, check_presence, council_slots
from .receipt_seals import stated_seals
from .seals import incident_on_record
from ..i18n import _
from .disposal import CARRIED_OUT_DEADLINES, NOT_IN_WAREHOUSE, close_case_council, destroyable_held, line_items


def carry_out_disposal(uow, cmd: CarryOutDisposal) -> Changes:
    """Record the act itself after approval: its real start and end (never the proposal's time), the place where it
    happened and, for a destruction, the council members present; the items leave the warehouse now, in the outcome's
    state, dated on the act (BLTTHS Điều 106.1: the execution is recorded; Điều 133.1); the record becomes open for
    signature."""
    require(uow.actor, "record_disposal")
    s = uow.session
    ho = workflow.handover_by_number(s, cmd.handover_number)
    scope.require_case_write(uow, s.get(Case, ho.case_id) if ho.case_id else None, "record_disposal")
    if ho.kind != "disposal" or ho.approval != Approval.APPROVED:
        raise TransitionRefused("not_approved_yet", handover=ho.number)
    if ho.ended_at is not None or ho.status != RecordStatus.DRAFT:
        raise TransitionRefused("already_carried_out", handover=ho.number)
    details = json.loads(ho.details or "{}")
    if cmd.started_at is None:
        raise ValidationError("start_time_required", field="started_at", handover=ho.number)
    if cmd.ended_at is None:
        raise ValidationError("end_time_required", field="ended_at", handover=ho.number)
    started, ended = persistence.as_utc(cmd.started_at), persistence.as_utc(cmd.ended_at)
    if started.replace(second=0, microsecond=0) > persistence.utcnow():  # recorded once it has happened; to the
        # minute, as typed: the editor keeps the seconds it was opened with and does not show them (seen in the app)
        raise ValidationError("act_in_future", field="started_at", date=local_text(started))
    problem = check_end_time(started, ended, persistence.utcnow())
    if problem:
        raise ValidationError(problem, field="ended_at", handover=ho.number)
    approved_at = datetime.fromisoformat(details["approved_at"]) if details.get("approved_at") else None
    if approved_at and started < approved_at:  # Điều 132/133: no act before its basis
        if _minute(started) < _minute(approved_at):
            raise TransitionRefused("act_before_approval", act=local_text(started), basis=local_text(approved_at))
        started, ended = approved_at, max(ended, approved_at)  # typed to the approval's minute: not before it
    if not nfc(cmd.place) and not nfc(ho.place):  # Điều 133.1: where the act happened
        raise ValidationError("place_required", field="place", handover=ho.number)
    outcome, decision = State(details["outcome"]), s.get(Document, ho.basis_document_id)
    items = line_items(s, ho)
    for item in items:  # still in the warehouse (not released, deposited or lost since the approval)
        if workflow.state(item) is outcome:
            continue  # approved before this version, when the approval applied the outcome
        if workflow.state(item) in NOT_IN_WAREHOUSE:
            raise TransitionRefused("disposal_not_in_warehouse", code=item.code, state=item.state)
        check_transition(Move.DISPOSE, workflow.state(item), Doc(decision.kind), outcome)
    absent = check_presence(s, ho, cmd.absent_members) if outcome is State.DESTROYED else []
    _fill_act_persons(uow, ho, details, cmd)
    seals = stated_seals(items, cmd.seal_states)  # each seal checked as the items leave: nothing printed by default
    ho.started_at, ho.ended_at = started, ended
    if nfc(cmd.place):
        ho.place = nfc(cmd.place)
    ho.status = RecordStatus.OPEN
    carried = {"carried_out_by": uow.actor.username, "carried_out_at": persistence.utcnow().isoformat()}
    if absent:
        carried["council_absent"] = absent
    ho.details = json.dumps(details | carried, ensure_ascii=False, sort_keys=True)
    _state_seals(uow, ho, items, seals, started)
    for item in items:
        if workflow.state(item) is outcome:
            persistence.record(uow, item, "disposal_carried_out", {"handover": ho.number, "outcome": outcome.value,
                                                         "ended_at": ended.isoformat(), "place": ho.place,
                                                         "seal_status": seals[item.code]},
                     handover=ho, occurred_at=started)
            continue
        changed = workflow.leave_location(s, item)
        changed |= persistence.change_item(item, state=outcome.value, holder=details.get("holder", ""), due_back_on=None)
        data = {"set": changed, "outcome": outcome.value, "handover": ho.number,
                "approved_by": details.get("approved_by", ""), "ended_at": ended.isoformat(), "place": ho.place,
                "seal_status": seals[item.code]}
        if absent:
            data["council_absent"] = absent
        persistence.record(uow, item, Move.DISPOSE.value, data, document=decision, handover=ho, occurred_at=started)
    workflow.close_deadlines(s, items, CARRIED_OUT_DEADLINES, at=started)
    if details.get("unclaimed_sale"):  # Luật THADS Điều 126: the returns nobody came to did not happen
        from .unclaimed import void_unclaimed_returns
        void_unclaimed_returns(s, details, ho.number)
    s.flush()
    if ho.case_id and not destroyable_held(s, ho.case_id):  # nothing left for a council to destroy
        close_case_council(s, ho.case_id, started)
    return workflow.finish(uow, items, ho, case_id=ho.case_id, status=ho.status, approval=ho.approval,
                    outcome=outcome.value)


def _state_seals(uow, ho: Handover, items, seals: dict[str, str], started: datetime) -> None:
    """The record's lines keep each seal as stated at the act (the line was written at the proposal); a seal found
    broken or missing is an incident reported to the responsible agency, and the record says so (ND 142/2024
    Điều 11; ND 127/2017). Before the items leave, so the incident's events precede the disposal's."""
    by_id = {i.id: i for i in items}
    for line in ho.lines:
        item = by_id.get(line.item_id)
        if item is None:
            continue
        line.sealed, line.seal_number = item.sealed, item.seal_number
        if seals[item.code] != "none" or line.note == "register":  # the proposal's "register": now looked at
            line.note = seals[item.code]
    broken = [i for i in items if seals[i.code] == "broken"]
    if broken:
        uow.session.flush()
        incident_on_record(uow, broken, ho, "disposal", _("Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi giao "
                                                          "vật chứng để xử lý"), occurred_at=started,
                           witness=_present_at_handover(uow.session, ho))


def _present_at_handover(session, ho: Handover) -> Person | None:
    """Who takes the items at the act and so sees the torn seal: the receiving person, or the council's chair at a
    destruction; he signs the incident record with its maker (BLTTHS Điều 133)."""
    slots = {sig.role: sig for sig in ho.signatures if sig.person_id}
    slot = slots.get("receiver") or slots.get("chair")
    return session.get(Person, slot.person_id) if slot is not None else None


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def local_text(moment: datetime) -> str:
    """dd/mm/yyyy HH:MM in the warehouse's time (the refusal speaks the time the user typed)."""
    from ..formatting import in_zone
    return in_zone(moment).strftime("%d/%m/%Y %H:%M")


def carry_out_form(uow, number: str):
    """The approved disposal waiting for its act, as the carry-out dialog shows it."""
    from .dto import CarryOutForm, CouncilSlot
    require(uow.actor, "record_disposal")
    s = uow.session
    ho = workflow.handover_by_number(s, number)
    scope.require_case_visible(uow, ho.case_id, "record_disposal")
    if ho.kind != "disposal" or ho.approval != Approval.APPROVED:
        raise TransitionRefused("not_approved_yet", handover=ho.number)
    if ho.ended_at is not None or ho.status != RecordStatus.DRAFT:
        raise TransitionRefused("already_carried_out", handover=ho.number)
    details = json.loads(ho.details or "{}")
    council = []
    for sig, role in council_slots(s, ho):
        person = s.get(Person, sig.person_id) if sig.person_id else None
        council.append(CouncilSlot(sig.id, role, sig.person_name, person.position if person else "",
                                   role in REQUIRED_AT_DESTRUCTION))
    slots = {sig.role: sig for sig in ho.signatures}
    receiver = slots.get("receiver")
    keeper = slots.get("keeper")
    approved = details.get("approved_at")
    case = s.get(Case, ho.case_id) if ho.case_id else None
    return CarryOutForm(ho.number, details.get("outcome", ""), case.number if case else "",
                        tuple((i.code, i.name) for i in line_items(s, ho)), ho.place or "",
                        datetime.fromisoformat(approved) if approved else None, details.get("approved_by", ""),
                        tuple(council) if details.get("outcome") == State.DESTROYED.value else (),
                        needs_receiver=details.get("outcome") in RECEIVED_BY_A_PERSON and receiver is not None
                        and not receiver.person_name,
                        keeper_named=keeper is None or bool(keeper.person_name)
                        or giver_is_storekeeper(s, slots.get("giver")),
                        seals=tuple((i.code, i.name, i.seal_number) for i in line_items(s, ho) if i.sealed))


RECEIVED_BY_A_PERSON = ("confiscated", "handed_to_specialist", "sold")


def giver_is_storekeeper(session, giver_slot) -> bool:
    """The record's giver is a storekeeper (a user with the clerk role): he is the one who hands the items over."""
    from sqlalchemy import select
    from ..db.models import User
    if giver_slot is None or not giver_slot.person_id:
        return False
    roles = session.scalars(select(User.roles).where(User.person_id == giver_slot.person_id))
    return any(Role.CLERK.value in roles_of(r) for r in roles)


def _same_person(session, slot, person: Person) -> bool:
    """The slot's person is ``person``: the same registry entry, or the same name (accents and case aside) with no
    identity number telling them apart — a storekeeper's name typed again is not a second person."""
    from ..domain.text import fold
    if slot.person_id == person.id:
        return True
    known = session.get(Person, slot.person_id) if slot.person_id else None
    return (known is not None and fold(known.full_name) == fold(person.full_name)
            and (not known.id_number or not person.id_number or known.id_number == person.id_number))


def _fill_act_persons(uow, ho: Handover, details: dict, cmd: CarryOutDisposal) -> None:
    """The persons of the act: the storekeeper who hands the items over (items leave the warehouse) and the
    person who receives them for the agency or the buyer (never the agency alone: BLTTHS Điều 133)."""
    s = uow.session
    slots = {sig.role: sig for sig in ho.signatures}
    keeper_slot, giver_slot = slots.get("keeper"), slots.get("giver")
    if keeper_slot is not None and not keeper_slot.person_name:
        keeper = workflow.person(s, cmd.keeper, "keeper", required=False)
        if keeper is None and "clerk" in uow.actor.roles:
            keeper = workflow.actor_person(uow)
        if keeper is None and giver_is_storekeeper(s, giver_slot):
            keeper = s.get(Person, giver_slot.person_id)
        if keeper is None:
            raise ValidationError("keeper_required", field="keeper", handover=ho.number)
        if giver_slot is not None and _same_person(s, giver_slot, keeper):
            # the storekeeper who proposed it hands the items over himself: he signs once, as the giver, and is not
            # asked again as "Thủ kho" (issue #12; BLTTHS Điều 133: each participant signs the record)
            details["superseded_slots"] = sorted(set(details.get("superseded_slots") or []) | {keeper_slot.id})
        else:
            keeper_slot.person_id, keeper_slot.person_name = keeper.id, keeper.full_name
            keeper_slot.letter_number = ""
    receiver_slot = slots.get("receiver")
    if details.get("outcome") in RECEIVED_BY_A_PERSON and receiver_slot is not None and not receiver_slot.person_name:
        receiver = workflow.person(s, cmd.receiver, "receiver")
        receiver_slot.person_id, receiver_slot.person_name = receiver.id, receiver.full_name
        receiver_slot.letter_number = nfc(cmd.receiver.letter_number)
        ho.receiver_id = receiver.id
