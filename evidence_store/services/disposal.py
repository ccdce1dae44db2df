"""Xử lý vật chứng in two steps: a proposal on the competent decision (BLTTHS Điều 106; Luật THADS
Điều 124–126) and its approval by a commander other than the proposer (DESIGN §6). Batch disposal
scans a printed list: the service takes a list of codes."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from ..domain import categories as K
from ..domain import lifecycle_rules as R
from ..domain.deadlines import DeadlineKind
from ..domain.errors import TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.records import Approval, RecordStatus, check_end_time
from ..domain.states import DISPOSAL_OUTCOMES, Doc, Move, State, check_transition
from ..domain.text import nfc
from ..db.models import Case, Document, Handover, HandoverLine, Item, Signature
from . import common as X
from . import lifecycle_common as L
from . import scope
from .commands import PersonInput
from .commands_lifecycle import CarryOutDisposal, DecideDisposal, ProposeDisposal
from .results import Changes

DISPOSAL_DOCS = frozenset({Doc.DISPOSAL_DECISION, Doc.JUDGMENT, Doc.ENFORCEMENT_DECISION, Doc.RETURN_DECISION,
                           Doc.COUNCIL_DECISION, Doc.SALE_DECISION})
MONEY = frozenset({"cash_vnd", "foreign_cash"})
PENDING = Approval.PENDING  # the approval field, never the record status (domain.records)
ENFORCEMENT_DEADLINES = (DeadlineKind.CONFISCATION_HANDOVER, DeadlineKind.DESTRUCTION_COUNCIL,
                         DeadlineKind.DESTRUCTION, DeadlineKind.RETURN_DECISION, DeadlineKind.RETURN_NOTICE,
                         DeadlineKind.UNCLAIMED_MONEY, DeadlineKind.UNCLAIMED_PROPERTY)
GONE_DEADLINES = ENFORCEMENT_DEADLINES + (DeadlineKind.TEMPORARY_RETURN, DeadlineKind.ENTRUSTED_CHECK)


def propose_disposal(uow, cmd: ProposeDisposal) -> Changes:
    """Record the proposed outcome with what the law wants recorded for it; opens the enforcement
    deadlines (LEGAL.md E). Nothing moves until a commander approves."""
    require(uow.actor, "record_disposal")
    s = uow.session
    outcome = _outcome(cmd.outcome)
    items = X.items_by_codes(s, cmd.codes)
    for case_id in sorted({i.case_id for i in items}):
        scope.require_case_write(uow, s.get(Case, case_id), "record_disposal")
    decision = L.basis(s, cmd.decision, Move.DISPOSE, DISPOSAL_DOCS, case_id=items[0].case_id)
    issuer = L.agency(s, decision.issuing_agency_id, "decision") if decision.issuing_agency_id else None
    stages = {}
    for item in items:
        stages[item.id] = _check_item(s, item, outcome, decision, issuer)
    details, recipient, receiving, extra_docs = _details(s, cmd, outcome)
    witnesses = [L.person(s, w, "witness") for w in cmd.witnesses]
    council = _council_slots(s, cmd) if outcome is State.DESTROYED else []
    case_ids = {i.case_id for i in items}
    ho = X.open_handover(uow, kind="disposal", started_at=cmd.occurred_at, place=cmd.place, basis=decision,
                         giver=L.actor_person(uow), receiver=recipient, witnesses=witnesses,
                         case_id=items[0].case_id if len(case_ids) == 1 else None,
                         receiver_agency_id=receiving.id if receiving else None, details=details,
                         notes=cmd.note, extra_documents=extra_docs, approver=True,
                         keeper=True if outcome is not State.DESTROYED else None,  # filled when carried out
                         extra_slots=council, receiver_slot=outcome is not State.DESTROYED)
    ho.status, ho.approval = RecordStatus.DRAFT, PENDING
    for line_no, item in enumerate(items, start=1):
        X.add_line(uow, ho, item, line_no)
        data = {"outcome": outcome.value, "handover": ho.number, "decision": decision.number}
        event = X.record(uow, item, "disposal_proposed", data, document=decision, handover=ho,
                         occurred_at=cmd.occurred_at)
        _open_deadlines(s, item, outcome, decision, extra_docs, cmd, stages[item.id], event.seq)
    return L.finish(uow, items, ho, case_id=ho.case_id, outcome=outcome.value, status=ho.status,
                    approval=ho.approval)


def _outcome(raw: str) -> State:
    try:
        outcome = State(raw)
    except ValueError:
        raise TransitionRefused("invalid_outcome", outcome=str(raw)) from None
    if outcome not in DISPOSAL_OUTCOMES:
        raise TransitionRefused("invalid_outcome", outcome=outcome.value)
    return outcome


def _check_item(s, item: Item, outcome: State, decision: Document, issuer) -> str:
    check_transition(Move.DISPOSE, L.state(item), Doc(decision.kind), outcome)
    K.check_outcome(K.category(item.category), outcome)  # cash cannot be destroyed (BLTTHS Điều 106.2)
    stage = L.case_of(s, item).stage
    R.check_disposal_authority(stage, decision.kind, issuer.kind if issuer else None)  # BLTTHS Điều 106.1
    pending = s.scalar(select(Handover.number).join(HandoverLine, HandoverLine.handover_id == Handover.id)
                       .where(HandoverLine.item_id == item.id, Handover.kind == "disposal",
                              Handover.approval == PENDING).limit(1))
    if pending:
        raise TransitionRefused("disposal_pending", code=item.code, handover=pending)
    return stage


def _details(s, cmd: ProposeDisposal, outcome: State):
    """What each outcome records (Điều 106; Luật THADS Điều 124–126; ND 62/2015 Điều 33)."""
    recipient = receiving = None
    extra = []
    d = {"outcome": outcome.value, "note": nfc(cmd.note)}
    if outcome is State.RETURNED and cmd.recipient is not None:
        recipient = L.person(s, cmd.recipient, "recipient")
        if not recipient.id_number:
            raise ValidationError("recipient_identity_required", field="recipient")
        d |= {"recipient": recipient.full_name, "recipient_id_number": recipient.id_number,
              "notice_on": cmd.notice_on.isoformat() if cmd.notice_on else "", "receipt": nfc(cmd.receipt)}
        extra.append(L.optional_basis(s, cmd.return_decision, Move.DISPOSE, {Doc.RETURN_DECISION}))
    if outcome in (State.CONFISCATED, State.HANDED_TO_SPECIALIST) and cmd.receiving_agency_id:
        receiving = L.agency(s, cmd.receiving_agency_id, "receiving_agency")
        if outcome is State.CONFISCATED and receiving.kind != "finance":  # Luật THADS Điều 124
            raise TransitionRefused("wrong_receiving_agency", agency=receiving.name, kind=receiving.kind)
        d |= {"receiving_agency": receiving.name, "examination": nfc(cmd.examination)}
    if outcome is State.DESTROYED:
        council = L.optional_basis(s, cmd.council_decision, Move.DISPOSE, {Doc.COUNCIL_DECISION})
        extra.append(council)
        d |= {"council_decision": council.number if council else "", "method": nfc(cmd.method),
              "council_members": [nfc(m) for m in cmd.council_members if nfc(m)], "supervisor": nfc(cmd.supervisor)}
    if outcome is State.SOLD:
        d |= {"proceeds": cmd.proceeds if cmd.proceeds and cmd.proceeds > 0 else None,
              "holding_account": nfc(cmd.holding_account), "buyer": nfc(cmd.buyer)}
    missing = R.missing_requirements(outcome, d)
    if missing:
        raise ValidationError("disposal_details_missing", field=missing[0], missing=", ".join(missing))
    d["holder"] = _holder(outcome, d)
    return d, recipient, receiving, [e for e in extra if e is not None]


def _holder(outcome: State, d: dict) -> str:
    if outcome is State.RETURNED:
        return d["recipient"]
    if outcome in (State.CONFISCATED, State.HANDED_TO_SPECIALIST):
        return d["receiving_agency"]
    return d.get("buyer", "")


def _open_deadlines(s, item, outcome, decision, extra_docs, cmd, stage, seq) -> None:
    by_kind = {d.kind: d for d in extra_docs}
    council = by_kind.get(Doc.COUNCIL_DECISION.value)
    ret = by_kind.get(Doc.RETURN_DECISION.value) or (decision if decision.kind == Doc.RETURN_DECISION else None)
    for kind, start in R.disposal_deadlines(outcome, decision_on=decision.issued_on,
                                            council_on=council.issued_on if council else None,
                                            return_decision_on=ret.issued_on if ret else None,
                                            notice_on=cmd.notice_on, is_money=item.category in MONEY,
                                            enforcement=stage == "enforcement"):
        X.open_deadline(s, kind, start, item_id=item.id, case_id=item.case_id, source_seq=seq)


def approve_disposal(uow, cmd: DecideDisposal) -> Changes:
    """A commander other than the proposer approves: the outcome is applied to every item."""
    require(uow.actor, "approve_disposal")
    s = uow.session
    ho, details = _pending(s, cmd.handover_number)
    scope.require_case_write(uow, s.get(Case, ho.case_id) if ho.case_id else None, "approve_disposal")
    if ho.created_by == uow.actor.user_id:  # DESIGN §6: approver ≠ the person recording it
        raise TransitionRefused("same_approver", handover=ho.number)
    outcome, decision = State(details["outcome"]), s.get(Document, ho.basis_document_id)
    items = _line_items(s, ho)
    for item in items:
        check_transition(Move.DISPOSE, L.state(item), Doc(decision.kind), outcome)
        K.check_outcome(K.category(item.category), outcome)
    for item in items:
        changed = L.leave_location(s, item)
        changed |= X.change_item(item, state=outcome.value, holder=details.get("holder", ""), due_back_on=None)
        data = {"set": changed, "outcome": outcome.value, "handover": ho.number, "approved_by": uow.actor.username}
        X.record(uow, item, Move.DISPOSE.value, data, document=decision, handover=ho, occurred_at=cmd.occurred_at)
    L.close_deadlines(s, items, GONE_DEADLINES, at=cmd.occurred_at)
    _mark_approver(uow, ho)
    ho.approval = Approval.APPROVED  # the record stays a draft until the act is carried out (its real times)
    approved_at = X.as_utc(cmd.occurred_at) if cmd.occurred_at else X.utcnow()
    ho.details = json.dumps(details | {"approved_by": uow.actor.username, "approved_at": approved_at.isoformat()},
                            ensure_ascii=False, sort_keys=True)
    return L.finish(uow, items, ho, case_id=ho.case_id, outcome=outcome.value, status=ho.status,
                    approval=ho.approval)


def reject_disposal(uow, cmd: DecideDisposal) -> Changes:
    require(uow.actor, "approve_disposal")
    s = uow.session
    if not nfc(cmd.reason):
        raise ValidationError("reason_required", field="reason")
    ho, details = _pending(s, cmd.handover_number)
    scope.require_case_write(uow, s.get(Case, ho.case_id) if ho.case_id else None, "approve_disposal")
    items = _line_items(s, ho)
    for item in items:
        X.record(uow, item, "disposal_rejected", {"handover": ho.number, "reason": nfc(cmd.reason),
                                                  "outcome": details["outcome"]}, handover=ho,
                 occurred_at=cmd.occurred_at)
    L.close_deadlines(s, items, ENFORCEMENT_DEADLINES)
    ho.status, ho.approval = RecordStatus.VOID, Approval.REJECTED  # the act did not happen
    ho.details = json.dumps(details | {"rejected_by": uow.actor.username, "reason": nfc(cmd.reason)},
                            ensure_ascii=False, sort_keys=True)
    return L.finish(uow, items, ho, case_id=ho.case_id, status=ho.status, approval=ho.approval)


def withdraw_disposal(uow, cmd: DecideDisposal) -> Changes:
    """The proposer withdraws a proposal still waiting for approval: the act will not happen, its record is void."""
    require(uow.actor, "record_disposal")
    s = uow.session
    ho = L.handover_by_number(s, cmd.handover_number)
    if ho.kind != "disposal" or ho.approval != PENDING or ho.created_by != uow.actor.user_id:
        raise TransitionRefused("not_withdrawable", handover=ho.number)
    if not nfc(cmd.reason):
        raise ValidationError("reason_required", field="reason")
    details = json.loads(ho.details or "{}")
    items = _line_items(s, ho)
    for item in items:
        X.record(uow, item, "disposal_withdrawn", {"handover": ho.number, "reason": nfc(cmd.reason)}, handover=ho,
                 occurred_at=cmd.occurred_at)
    L.close_deadlines(s, items, ENFORCEMENT_DEADLINES)
    ho.status, ho.approval = RecordStatus.VOID, Approval.WITHDRAWN
    ho.details = json.dumps(details | {"withdrawn_by": uow.actor.username, "reason": nfc(cmd.reason)},
                            ensure_ascii=False, sort_keys=True)
    return L.finish(uow, items, ho, case_id=ho.case_id, status=ho.status, approval=ho.approval)


def carry_out_disposal(uow, cmd: CarryOutDisposal) -> Changes:
    """Record the act itself after approval: its real start and end (never the proposal's time) and the place
    where it happened; the record becomes open for signature (BLTTHS Điều 106.1: the execution is recorded)."""
    require(uow.actor, "record_disposal")
    s = uow.session
    ho = L.handover_by_number(s, cmd.handover_number)
    if ho.kind != "disposal" or ho.approval != Approval.APPROVED:
        raise TransitionRefused("not_approved_yet", handover=ho.number)
    if ho.ended_at is not None or ho.status != RecordStatus.DRAFT:
        raise TransitionRefused("already_carried_out", handover=ho.number)
    details = json.loads(ho.details or "{}")
    started, ended = X.as_utc(cmd.started_at), X.as_utc(cmd.ended_at)
    approved_at = details.get("approved_at")
    if approved_at and started < datetime.fromisoformat(approved_at):  # Điều 132/133: no act before its basis
        raise TransitionRefused("act_before_approval", act=started.strftime("%d/%m/%Y %H:%M"),
                                basis=datetime.fromisoformat(approved_at).strftime("%d/%m/%Y %H:%M"))
    problem = check_end_time(started, ended, X.utcnow())
    if problem:
        raise ValidationError(problem, field="ended_at", handover=ho.number)
    _fill_act_persons(uow, ho, details, cmd)
    ho.started_at, ho.ended_at = started, ended
    if nfc(cmd.place):
        ho.place = nfc(cmd.place)
    ho.status = RecordStatus.OPEN
    items = _line_items(s, ho)
    for item in items:
        X.record(uow, item, "disposal_carried_out", {"handover": ho.number, "outcome": details.get("outcome", ""),
                                                     "ended_at": ended.isoformat(), "place": ho.place},
                 handover=ho, occurred_at=started)
    return L.finish(uow, items, ho, case_id=ho.case_id, status=ho.status, approval=ho.approval)


RECEIVED_BY_A_PERSON = ("confiscated", "handed_to_specialist", "sold")
TITLES = ("Chấp hành viên", "Đại diện Sở Tài chính", "Đại diện Phòng Tài chính - Kế hoạch", "Đại diện cơ quan tài chính",
          "Kiểm sát viên", "Thẩm tra viên", "Kế toán", "Thủ kho")


def split_title(text: str) -> tuple[str, str]:
    """'Chấp hành viên Đặng Quang Hà' → ('Chấp hành viên', 'Đặng Quang Hà'): a title is a position, not a name."""
    text = nfc(text)
    for title in TITLES:
        if text.lower().startswith(title.lower() + " "):
            return title, text[len(title):].strip(" ,—-")
    return "", text


def _council_slots(s, cmd: ProposeDisposal) -> list:
    """The destruction council signs its record (Luật THADS Điều 125; ND 62/2015 Điều 33): the first member chairs,
    the others are members, the Kiểm sát viên supervises — each a person with a position, in a slot of their own.
    (Who may sit on the council is H11's rule; here each named member gets a signature.)"""
    slots = []
    for i, raw in enumerate(m for m in cmd.council_members if nfc(m)):
        position, name = split_title(raw)
        who = X.get_or_create_person(s, PersonInput(full_name=name, position=position), required_field="council")
        slots.append(("chair" if i == 0 else "member", who))
    if nfc(cmd.supervisor):
        position, name = split_title(cmd.supervisor)
        who = X.get_or_create_person(s, PersonInput(full_name=name, position=position or "Kiểm sát viên"),
                                     required_field="supervisor")
        slots.append(("supervisor", who))
    return slots


def _fill_act_persons(uow, ho: Handover, details: dict, cmd: CarryOutDisposal) -> None:
    """The persons of the act: the storekeeper who hands the items over (items leave the warehouse) and the
    person who receives them for the agency or the buyer (never the agency alone: BLTTHS Điều 133)."""
    s = uow.session
    slots = {sig.role: sig for sig in ho.signatures}
    keeper_slot = slots.get("keeper")
    if keeper_slot is not None and not keeper_slot.person_name:
        keeper = L.person(s, cmd.keeper, "keeper", required=False)
        if keeper is None and "clerk" in uow.actor.roles:
            keeper = L.actor_person(uow)
        if keeper is None:
            raise ValidationError("keeper_required", field="keeper", handover=ho.number)
        keeper_slot.person_id, keeper_slot.person_name = keeper.id, keeper.full_name
        keeper_slot.letter_number = ""
    receiver_slot = slots.get("receiver")
    if details.get("outcome") in RECEIVED_BY_A_PERSON and receiver_slot is not None and not receiver_slot.person_name:
        receiver = L.person(s, cmd.receiver, "receiver")
        receiver_slot.person_id, receiver_slot.person_name = receiver.id, receiver.full_name
        receiver_slot.letter_number = nfc(cmd.receiver.letter_number)
        ho.receiver_id = receiver.id


def _line_items(s, ho: Handover) -> list[Item]:
    by_id = {i.id: i for i in s.scalars(select(Item).where(Item.id.in_([ln.item_id for ln in ho.lines])))}
    return [by_id[ln.item_id] for ln in ho.lines]


def _pending(s, number: str) -> tuple[Handover, dict]:
    ho = L.handover_by_number(s, number)
    if ho.kind != "disposal" or ho.approval != PENDING:
        raise TransitionRefused("not_pending_approval", handover=ho.number, status=ho.approval or ho.status)
    return ho, json.loads(ho.details or "{}")


def _mark_approver(uow, ho: Handover) -> None:
    slot = next((sig for sig in ho.signatures if sig.role == "approver"), None)
    if slot is None:
        slot = Signature(handover_id=ho.id, role="approver")
        uow.session.add(slot)
    person = L.actor_person(uow)
    slot.person_id = person.id if person else None
    slot.person_name = person.full_name if person else uow.actor.full_name or uow.actor.username
