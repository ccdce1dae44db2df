"""Xử lý vật chứng in two steps: a proposal on the competent decision (BLTTHS Điều 106; Luật THADS
Điều 124–126) and its approval by a commander other than the proposer (DESIGN §6). Batch disposal
scans a printed list: the service takes a list of codes."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from ..domain import categories, chronology
from ..domain import lifecycle_rules
from ..domain.deadlines import DeadlineKind
from ..domain.errors import PermissionDenied, TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.records import Approval, RecordStatus
from ..domain.moves import DISPOSAL_AWAY_STATES
from ..domain.states import DISPOSAL_OUTCOMES, Doc, Move, State, basis_documents, check_transition
from ..domain.text import nfc
from ..domain.chronology import check_not_before_record
from ..error_texts import register
from ..i18n import N_
from ..db.models import Agency, Case, Document, Handover, Item, Signature
from ..domain import authority as authority_rules
from . import persistence
from . import workflow
from . import milestones
from . import pilot
from . import scope
from . import unclaimed
from .queries import awaiting_carry_out, awaiting_release_approval, proposed_disposal
from .authority import load_table
from .commands import DecideDisposal, ProposeDisposal
from .results import Changes
from .disposal_council import proposed_council
from .disposal_details import proposal_details
from .transfer_seals import unlooked_notes

register("decision_before_proposal", N_("Thời điểm quyết định ({date}) không được trước thời điểm lập đề xuất xử lý "
                                        "{handover} ({basis}; BLTTHS Điều 132, 133)"))

DISPOSAL_DOCS = basis_documents(Move.DISPOSE)  # for the disposal form: the domain's table (domain.states.TRANSITIONS)
MONEY = frozenset({"cash_vnd", "foreign_cash"})
PENDING = Approval.PENDING  # the approval field, never the record status (domain.records)
NOT_IN_WAREHOUSE = DISPOSAL_AWAY_STATES  # domain.moves: out on release, deposited elsewhere, lost
ENFORCEMENT_DEADLINES = (DeadlineKind.CONFISCATION_HANDOVER, DeadlineKind.DESTRUCTION_COUNCIL,
                         DeadlineKind.DESTRUCTION, DeadlineKind.RETURN_DECISION, DeadlineKind.RETURN_NOTICE,
                         DeadlineKind.UNCLAIMED_MONEY, DeadlineKind.UNCLAIMED_PROPERTY)
GONE_DEADLINES = ENFORCEMENT_DEADLINES + (DeadlineKind.TEMPORARY_RETURN, DeadlineKind.ENTRUSTED_CHECK,
                                          DeadlineKind.TRANSFER_IMMEDIATELY, DeadlineKind.PENDING_REVIEW)
# unclaimed money / property close when handled (the act carried out), not at the approval (LEGAL-RULES §2)
HANDLED_DEADLINES = (DeadlineKind.UNCLAIMED_MONEY, DeadlineKind.UNCLAIMED_PROPERTY, DeadlineKind.UNCLAIMED_CONFISCATION,
                     DeadlineKind.PAPERS_RETURN)
# closed by the decision itself (the council set up, the return decided, the notice given): at the approval
DECIDED_DEADLINES = (DeadlineKind.DESTRUCTION_COUNCIL, DeadlineKind.RETURN_DECISION, DeadlineKind.RETURN_NOTICE)
# everything else the item carried closes when it leaves: at the carry-out, dated on the act
CARRIED_OUT_DEADLINES = tuple(k for k in GONE_DEADLINES if k not in DECIDED_DEADLINES) + tuple(
    k for k in HANDLED_DEADLINES if k not in GONE_DEADLINES)


def propose_disposal(uow, cmd: ProposeDisposal) -> Changes:
    """Record the proposed outcome with what the law wants recorded for it; opens the enforcement
    deadlines (LEGAL.md E). Nothing moves until a commander approves."""
    require(uow.actor, "record_disposal")
    s = uow.session
    outcome = _outcome(cmd.outcome)
    items = persistence.items_by_codes(s, cmd.codes)
    if len({i.case_id for i in items}) > 1:  # one decision belongs to one case
        raise ValidationError("items_of_several_cases", field="codes")
    for case_id in sorted({i.case_id for i in items}):
        scope.require_case_write(uow, s.get(Case, case_id), "record_disposal")
    decision = workflow.basis(s, cmd.decision, Move.DISPOSE, case_id=items[0].case_id)
    case = workflow.case_of(s, items[0])
    examination = workflow.optional_basis(s, cmd.examination_conclusion, Move.DISPOSE, {Doc.EXAMINATION_CONCLUSION},
                                   case_id=case.id)
    if examination is not None and examination.issued_on > decision.issued_on:  # Điều 106.3.d: after it
        raise TransitionRefused("act_before_basis", document_kind=examination.kind, number=examination.number,
                                date=examination.issued_on.strftime("%d/%m/%Y"))
    status = milestones.status_of(s, case)
    # the return the owner never came to, which a sale of unclaimed property replaces (Luật THADS Điều 126)
    unclaimed_sale = unclaimed.unclaimed_sale(s, items, outcome, cmd) if cmd.unclaimed else {}
    stages, bases = {}, {}
    for item in items:
        stages[item.id], bases[item.id] = _check_item(s, item, outcome, decision, status, case,
                                                      examined=examination is not None, measure=cmd.pilot_measure,
                                                      replaces=unclaimed_sale.get("returns", {}).get(item.code, ""))
    measure = pilot.measure_of_basis(bases[items[0].id], outcome, cmd.pilot_measure)
    details, recipient, receiving, extra_docs = proposal_details(s, cmd, outcome, items, status, case, measure)
    details["power"] = bases[items[0].id].source
    if unclaimed_sale:
        details["unclaimed_sale"] = unclaimed_sale
        details["holder"] = unclaimed.proceeds_holder(unclaimed_sale, details)
    savings = _on_savings(s, items)
    if savings:  # paid to the owner or to the budget from the bank: nothing leaves the warehouse (Điều 126)
        details["from_savings"] = savings
    if examination is not None:
        details["examination_conclusion"] = examination.number
        extra_docs.append(examination)
    witnesses = [workflow.person(s, w, "witness") for w in cmd.witnesses]
    council = proposed_council(s, cmd) if outcome is State.DESTROYED else []
    case_ids = {i.case_id for i in items}
    ho = persistence.open_handover(uow, kind="disposal", started_at=cmd.occurred_at, place=cmd.place, basis=decision,
                         giver=workflow.actor_person(uow), receiver=recipient, witnesses=witnesses,
                         case_id=items[0].case_id if len(case_ids) == 1 else None,
                         receiver_agency_id=receiving.id if receiving else None, details=details,
                         notes=cmd.note, extra_documents=extra_docs, approver=True,
                         # the storekeeper hands the items over (filled when carried out); a destruction proposed
                         # by the clerk has her as the giver already, one proposed by an officer named no storekeeper
                         # at all (issue #12: every record of items leaving the warehouse names the storekeeper)
                         keeper=None if (outcome is State.DESTROYED and "clerk" in uow.actor.roles) or savings else True,
                         extra_slots=council, receiver_slot=outcome is not State.DESTROYED)
    ho.status, ho.approval = RecordStatus.DRAFT, PENDING
    if outcome is State.DESTROYED and any(d.kind == Doc.COUNCIL_DECISION.value for d in extra_docs):
        close_case_council(s, case.id, cmd.occurred_at)  # the council is set up (Luật THADS Điều 125.1)
    notes = unlooked_notes(items)  # decided, not handed over: nobody looked at a seal yet (issue #12)
    for line_no, item in enumerate(items, start=1):
        persistence.add_line(uow, ho, item, line_no, note=notes[item.code])
        data = {"outcome": outcome.value, "handover": ho.number, "decision": decision.number}
        event = persistence.record(uow, item, "disposal_proposed", data, document=decision, handover=ho,
                         occurred_at=cmd.occurred_at)
        _open_deadlines(s, item, outcome, decision, extra_docs, cmd, stages[item.id], event.seq)
    return workflow.finish(uow, items, ho, case_id=ho.case_id, outcome=outcome.value, status=ho.status,
                    approval=ho.approval)


def _outcome(raw: str) -> State:
    try:
        outcome = State(raw)
    except ValueError:
        raise TransitionRefused("invalid_outcome", outcome=str(raw)) from None
    if outcome not in DISPOSAL_OUTCOMES:
        raise TransitionRefused("invalid_outcome", outcome=outcome.value)
    return outcome


def _check_item(s, item: Item, outcome: State, decision: Document, status, case, *, examined: bool,
                pending_check: bool = True, measure: str = "", replaces: str = ""):
    """The item is in the warehouse, the outcome fits its category, and the case's stage gives this power to
    this decision (BLTTHS Điều 106; Luật THADS Điều 36.2, 124–126). ``replaces``: the return the owner never came to,
    which a sale of unclaimed property replaces (Điều 126): not "another act" waiting."""
    if workflow.state(item) in NOT_IN_WAREHOUSE:
        raise TransitionRefused("disposal_not_in_warehouse", code=item.code, state=item.state)
    if pending_check:
        pending = proposed_disposal(s, item.id)
        if pending and pending != replaces:
            raise TransitionRefused("disposal_pending", code=item.code, handover=pending)
        leaving = awaiting_release_approval(s, item.id)
        if leaving:  # promised to an act out waiting for the commander: one act at a time (ND 142/2024 Điều 4)
            raise TransitionRefused("disposal_awaiting_removal", code=item.code, handover=leaving)
        waiting = awaiting_carry_out(s, item.id)
        if waiting and waiting != replaces:  # one act at a time: the approved one is carried out first
            raise TransitionRefused("disposal_awaiting_carry_out", code=item.code, handover=waiting)
    check_transition(Move.DISPOSE, workflow.state(item), Doc(decision.kind), outcome)
    unclaimed.check_from_savings(s, item, outcome, chronology.today())  # the budget only after the 5 years (Điều 126)
    categories.category(item.category)
    table = load_table(s)
    table.check_outcome(item.category, outcome.value)  # the category's outcomes (Điều 106.2; a setting, R9)
    issuer = s.get(Agency, decision.issuing_agency_id) if decision.issuing_agency_id else None
    try:
        power = authority_rules.check_disposal_power(status, outcome, item.category, decision.kind, decision.issuing_agency_id,
                                       table, pilot=case.pilot_regime, day=decision.issued_on, examined=examined,
                                       issuer_kind=issuer.kind if issuer else None,
                                       issuer_name=issuer.name if issuer else "", measure=measure)
    except TransitionRefused as e:
        if e.code == "disposal_not_dismissing_body":
            dropped = s.get(Agency, status.dismissed_by) if status.dismissed_by else None
            e.params["agency"] = dropped.name if dropped else "—"
        raise
    return status.stage.value, power


def _on_savings(s, items) -> dict:
    """The savings deposit the money is on (bank, branch, account), when every item is on savings."""
    if not items or any(workflow.state(i) is not State.SAVINGS for i in items):
        return {}
    found = unclaimed.savings_of(s, items[0])
    return {k: found.get(k, "") for k in ("bank", "branch", "account", "handover")}


def _open_deadlines(s, item, outcome, decision, extra_docs, cmd, stage, seq) -> None:
    if workflow.state(item) is State.SAVINGS:  # its unclaimed deadlines were handled; the 5 years stay open
        return
    by_kind = {d.kind: d for d in extra_docs}
    council = by_kind.get(Doc.COUNCIL_DECISION.value)
    ret = by_kind.get(Doc.RETURN_DECISION.value) or (decision if decision.kind == Doc.RETURN_DECISION else None)
    for kind, start in lifecycle_rules.disposal_deadlines(outcome, decision_on=decision.issued_on,
                                            council_on=council.issued_on if council else None,
                                            return_decision_on=ret.issued_on if ret else None,
                                            notice_on=cmd.notice_on, is_money=item.category in MONEY,
                                            enforcement=stage == "enforcement",
                                            judgment_received_on=_thads_received_judgment(s, item),
                                            judgment_effective_on=workflow.case_of(s, item).judgment_effective_on,
                                            is_papers=item.category == "papers"):
        persistence.open_deadline(s, kind, start, item_id=item.id, case_id=item.case_id, source_seq=seq)


def _thads_received_judgment(s, item: Item):
    """The day THADS received the judgment (Luật THADS Điều 126: the 5 days run from it): the day responsibility
    passed to the enforcement agency, on the judgment or on the VKS's QĐ chuyển giao vật chứng that hands it over
    with the judgment (TT 04/2023/TT-BTP Điều 10), when recorded."""
    from ..db.models import CustodyEvent, Document
    from ..domain.agencies import sector
    from ..db.models import Agency
    rows = s.execute(select(CustodyEvent.occurred_at, CustodyEvent.data, Document.kind)
                     .join(Document, Document.id == CustodyEvent.document_id)
                     .where(CustodyEvent.item_id == item.id, CustodyEvent.kind == "transfer_responsibility",
                            Document.kind.in_((Doc.JUDGMENT.value, Doc.TRANSFER_DECISION.value))).order_by(CustodyEvent.seq.desc())).all()
    for occurred, data, _kind in rows:
        to_id = json.loads(data).get("to_agency_id")
        agency = s.get(Agency, to_id) if to_id else None
        if agency is None or sector(agency.kind) == "enforcement":
            return datetime.strptime(occurred[:10], "%Y-%m-%d").date()
    return None


def approve_disposal(uow, cmd: DecideDisposal) -> Changes:
    """A commander other than the proposer approves: each item gets a ``disposal_approved`` event and stays in
    the warehouse, in its state, until the act is carried out (:func:`carry_out_disposal`)."""
    require(uow.actor, "approve_disposal")
    s = uow.session
    ho, details = _pending(s, cmd.handover_number)
    scope.require_case_write(uow, s.get(Case, ho.case_id) if ho.case_id else None, "approve_disposal")
    check_not_before_record("decision_before_proposal", cmd.occurred_at, ho.started_at, handover=ho.number)
    if ho.created_by == uow.actor.user_id:  # DESIGN §6: approver ≠ the person recording it
        raise PermissionDenied("same_approver", handover=ho.number, action="approve_disposal")  # logged as refused
    outcome, decision = State(details["outcome"]), s.get(Document, ho.basis_document_id)
    items = line_items(s, ho)
    case = workflow.case_of(s, items[0])
    status = milestones.status_of(s, case)  # the case may have moved since the proposal: the power is checked again
    for item in items:
        _check_item(s, item, outcome, decision, status, case,
                    examined=bool(details.get("examination_conclusion")), pending_check=False,
                    measure=details.get("pilot_measure", ""))
    for item in items:  # nothing moves yet: the items stay in the warehouse until the act (Điều 106.1)
        data = {"outcome": outcome.value, "handover": ho.number, "decision": decision.number,
                "approved_by": uow.actor.username}
        persistence.record(uow, item, "disposal_approved", data, document=decision, handover=ho, occurred_at=cmd.occurred_at)
    workflow.close_deadlines(s, items, DECIDED_DEADLINES, at=cmd.occurred_at)
    _mark_approver(uow, ho)
    ho.approval = Approval.APPROVED  # the record stays a draft until the act is carried out (its real times)
    approved_at = persistence.as_utc(cmd.occurred_at) if cmd.occurred_at else persistence.utcnow()
    ho.details = json.dumps(details | {"approved_by": uow.actor.username, "approved_at": approved_at.isoformat()},
                            ensure_ascii=False, sort_keys=True)
    return workflow.finish(uow, items, ho, case_id=ho.case_id, outcome=outcome.value, status=ho.status,
                    approval=ho.approval)


def reject_disposal(uow, cmd: DecideDisposal) -> Changes:
    require(uow.actor, "approve_disposal")
    s = uow.session
    if not nfc(cmd.reason):
        raise ValidationError("reason_required", field="reason")
    ho, details = _pending(s, cmd.handover_number)
    scope.require_case_write(uow, s.get(Case, ho.case_id) if ho.case_id else None, "approve_disposal")
    check_not_before_record("decision_before_proposal", cmd.occurred_at, ho.started_at, handover=ho.number)
    items = line_items(s, ho)
    for item in items:
        persistence.record(uow, item, "disposal_rejected", {"handover": ho.number, "reason": nfc(cmd.reason),
                                                  "outcome": details["outcome"]}, handover=ho,
                 occurred_at=cmd.occurred_at)
    workflow.close_deadlines(s, items, ENFORCEMENT_DEADLINES)
    ho.status, ho.approval = RecordStatus.VOID, Approval.REJECTED  # the act did not happen
    ho.details = json.dumps(details | {"rejected_by": uow.actor.username, "reason": nfc(cmd.reason)},
                            ensure_ascii=False, sort_keys=True)
    return workflow.finish(uow, items, ho, case_id=ho.case_id, status=ho.status, approval=ho.approval)


def withdraw_disposal(uow, cmd: DecideDisposal) -> Changes:
    """The proposer withdraws a proposal still waiting for approval: the act will not happen, its record is void."""
    require(uow.actor, "record_disposal")
    s = uow.session
    ho = workflow.handover_by_number(s, cmd.handover_number)
    if ho.kind != "disposal" or ho.approval != PENDING or ho.created_by != uow.actor.user_id:
        raise TransitionRefused("not_withdrawable", handover=ho.number)
    if not nfc(cmd.reason):
        raise ValidationError("reason_required", field="reason")
    check_not_before_record("decision_before_proposal", cmd.occurred_at, ho.started_at, handover=ho.number)
    details = json.loads(ho.details or "{}")
    items = line_items(s, ho)
    for item in items:
        persistence.record(uow, item, "disposal_withdrawn", {"handover": ho.number, "reason": nfc(cmd.reason)}, handover=ho,
                 occurred_at=cmd.occurred_at)
    workflow.close_deadlines(s, items, ENFORCEMENT_DEADLINES)
    ho.status, ho.approval = RecordStatus.VOID, Approval.WITHDRAWN
    ho.details = json.dumps(details | {"withdrawn_by": uow.actor.username, "reason": nfc(cmd.reason)},
                            ensure_ascii=False, sort_keys=True)
    return workflow.finish(uow, items, ho, case_id=ho.case_id, status=ho.status, approval=ho.approval)


def destroyable_held(s, case_id: int) -> bool:
    from ..domain.states import HELD_STATES
    cats = s.scalars(select(Item.category).where(Item.case_id == case_id,
                                                 Item.state.in_([x.value for x in HELD_STATES]))).all()
    return any(c in categories.CATEGORIES and State.DESTROYED in categories.category(c).outcomes for c in cats)


def close_case_council(s, case_id: int, at: datetime | None) -> None:
    """The case's 1-month council deadline opened by the QĐ THA (services.milestones.open_council_deadline)."""
    from ..db.models import Deadline
    now = persistence.as_utc(at) if at is not None else persistence.utcnow()
    for d in s.scalars(select(Deadline).where(Deadline.case_id == case_id, Deadline.item_id.is_(None),
                                              Deadline.kind == DeadlineKind.DESTRUCTION_COUNCIL.value,
                                              Deadline.closed_at.is_(None))):
        d.closed_at = min(now, persistence.utcnow())


def line_items(s, ho: Handover) -> list[Item]:
    by_id = {i.id: i for i in s.scalars(select(Item).where(Item.id.in_([ln.item_id for ln in ho.lines])))}
    return [by_id[ln.item_id] for ln in ho.lines]


def _pending(s, number: str) -> tuple[Handover, dict]:
    ho = workflow.handover_by_number(s, number)
    if ho.kind != "disposal" or ho.approval != PENDING:
        raise TransitionRefused("not_pending_approval", handover=ho.number, status=ho.approval or ho.status)
    return ho, json.loads(ho.details or "{}")


def _mark_approver(uow, ho: Handover) -> None:
    slot = next((sig for sig in ho.signatures if sig.role == "approver"), None)
    if slot is None:
        slot = Signature(handover_id=ho.id, role="approver")
        uow.session.add(slot)
    person = workflow.actor_person(uow)
    slot.person_id = person.id if person else None
    slot.person_name = person.full_name if person else uow.actor.full_name or uow.actor.username
