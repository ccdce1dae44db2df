"""Chuyển giao trách nhiệm: a case or some of its items passes CQĐT → VKS → TA → THADS on a
decision. In a shared city warehouse the items stay on their shelf; with ``move_out`` they
physically go to the enforcement warehouse (TTLT 05/2005 Điều 21.2.b, followed in Hà Nội).

Two-sided (issue 13): the handing-over side offers, the receiving agency's user accepts (or refuses with a
reason) — "chờ tiếp nhận" until then, and only the acceptance moves the responsibility. Where the receiving
agency has no seat in the app, the clerk records its representative's paper signature (name, position,
ID number, letter of introduction): never an agency alone."""

from __future__ import annotations

import json

from sqlalchemy import or_, select

from ..domain import milestones as milestone_rules
from ..domain.agencies import Sector, investigates, sector
from ..domain.errors import TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain import moves
from ..domain.states import TERMINAL, Doc, Move, State, check_transition
from ..domain.text import nfc
from ..db.models import Case, Document, Handover, Item, Person
from ..i18n import N_
from ..error_texts import register
from . import persistence
from . import workflow
from . import milestones
from . import approval_hold
from . import pending_review, receipt_seals, responsibility, scope
from . import transfer_seals
from .commands import TransferResponsibility
from .queries import awaiting_carry_out
from .results import Changes

# A transfer whose basis is itself a milestone document records that milestone first (same checks as
# services/milestones.py), so the stage moves only by milestone, in legal order.
MILESTONE_OF_DOC = {Doc.INVESTIGATION_CONCLUSION.value: milestone_rules.Milestone.INVESTIGATION_CONCLUSION,
                    Doc.INDICTMENT.value: milestone_rules.Milestone.INDICTMENT,
                    Doc.SUPPLEMENTARY_INVESTIGATION.value: milestone_rules.Milestone.SUPPLEMENTARY_INVESTIGATION,
                    Doc.ENFORCEMENT_DECISION.value: milestone_rules.Milestone.ENFORCEMENT_DECISION}

register("transfer_pending", N_("Vụ án đang có biên bản chuyển giao {handover} chờ tiếp nhận"))
register("representative_required", N_("{agency} chưa có tài khoản trong phần mềm: cần ghi người đại diện ký "
                                       "trên giấy (họ tên, chức vụ, số CCCD, giấy giới thiệu)"))


def transfer_responsibility(uow, cmd: TransferResponsibility) -> Changes:
    """Offer the responsibility for the items (and the case's stage and handling agency) to another
    agency, with a handover record listing each item with its condition and seal."""
    require(uow.actor, "transfer_responsibility")
    s = uow.session
    if not cmd.codes and cmd.case_id and (named := s.get(Case, cmd.case_id)) is not None:
        scope.require_case_write(uow, named, "transfer_responsibility")  # who may act, before what the case holds
    items = _items(s, cmd)
    case = workflow.case_of(s, items[0])
    scope.require_case_write(uow, case, "transfer_responsibility")
    pending = _pending_transfer(s, case.id)
    if pending is not None:
        raise TransitionRefused("transfer_pending", handover=pending.number)
    decision = workflow.basis(s, cmd.decision, "transfer_responsibility", case_id=case.id)
    to_agency = workflow.agency(s, cmd.to_agency_id, "to_agency")
    from_agency = workflow.agency(s, case.handling_agency_id) if case.handling_agency_id else None
    if from_agency is not None and from_agency.id == to_agency.id:
        raise TransitionRefused("same_agency", agency=to_agency.name)
    status = _milestone_of_basis(uow, case, decision, to_agency)
    _check_target(status, decision, to_agency)
    for item in items:
        _check_item(item, cmd, decision, awaiting_carry_out(s, item.id) or "")
        if cmd.move_out:  # one act out of the warehouse at a time (ND 142/2024 Điều 4)
            approval_hold.check_not_waiting(s, item)
    # the seals as looked at when the items leave (stated, ND 142/2024 Điều 11, 14), else the register's numbers
    notes = transfer_seals.line_notes(items, cmd.seal_states, stated=bool(cmd.move_out))
    responsibility.check_officer(s, to_agency.id, cmd.officer_id)
    # persons sign, never agencies (Điều 133; R13): the outgoing agency's representative gives — the one named, or
    # the acting user when he belongs to that agency; otherwise the slot is left for that agency's representative
    # to write his name when signing (never the clerk of the warehouse: HANDS-ON 41). The storekeeper signs too.
    giver = (workflow.person(s, cmd.giver, "giver", required=False) or _acting_for(uow, from_agency)
             or _case_officer_of(s, case, from_agency))
    seat = responsibility.agency_has_seat(s, to_agency.id)
    receiver = workflow.person(s, cmd.receiver, "receiver")  # a person receives, never the agency alone (H12)
    letter = nfc(cmd.receiver_letter) or (cmd.receiver.letter_number if cmd.receiver else "")
    if not seat:
        _check_representative(receiver, letter, to_agency)
    details = {"move_out": cmd.move_out, "officer_id": cmd.officer_id,
               "conditions": {k: nfc(v) for k, v in cmd.conditions.items() if nfc(v)}}
    if letter:
        details["receiver_letter"] = letter
    needs_approval = bool(cmd.move_out) and approval_hold.needs_approval(s)
    ho = persistence.open_handover(uow, kind="transfer", started_at=cmd.occurred_at, place=_place(cmd, to_agency),
                         basis=decision, giver=giver, receiver=receiver, case_id=case.id,
                         giver_agency_id=from_agency.id if from_agency else None, receiver_agency_id=to_agency.id,
                         details=details, keeper=_keeper(uow, cmd), approver=needs_approval,
                         letters={"giver": cmd.giver.letter_number if cmd.giver else "",
                                  "receiver": letter if receiver is not None else ""})
    if needs_approval:  # the items leave the warehouse: nothing moves until a commander approves (ND 142/2024 Điều 4)
        # the seals are looked at as the items are prepared (the clerk who picks them looks), as a release's
        approval_hold.hold(uow, ho, items, decision, cmd.occurred_at, notes=notes, data={"to_agency_id": to_agency.id})
    # the lines keep the seals as stated, then one stated torn is reported, the receiving person its witness
    receipt_seals.state_seals_out(uow, ho, items, notes, cmd.occurred_at, found_during="transfer",
                                  description=transfer_seals.incident_text(move_out=bool(cmd.move_out)))
    if needs_approval:
        return workflow.finish(uow, items, ho, case_id=case.id, stage=case.stage, approval=ho.approval)
    return offer_or_apply(uow, ho, items, cmd.occurred_at)


def _place(cmd: TransferResponsibility, to_agency) -> str:
    """Where the transfer is recorded (BLTTHS Điều 133.1: the real place): what was typed; else, when the items move
    out to THADS (LEGAL-RULES R35), THADS's premises where they are delivered — never the warehouse they leave;
    a change of responsibility on the shelf is recorded at the warehouse (the printer's default)."""
    from .custody import keeper_place
    if nfc(cmd.place) or not cmd.move_out:
        return nfc(cmd.place)
    return keeper_place(to_agency)


def offer_or_apply(uow, ho: Handover, items: list[Item], occurred_at) -> Changes:
    """The transfer goes ahead (at once, or once its move out is approved): offered to a receiving agency with a
    seat in the app ("chờ tiếp nhận"), applied at once on its representative's paper signature otherwise."""
    s = uow.session
    case = s.get(Case, ho.case_id)
    to_agency = workflow.agency(s, ho.receiver_agency_id, "to_agency")
    decision = s.get(Document, ho.basis_document_id)
    approval = {"approval": ho.approval} if ho.approval else {}
    if responsibility.agency_has_seat(s, to_agency.id):
        ho.acceptance = "pending"
        persistence.record(uow, None, "handover_offered", {"handover": ho.number, "to_agency": to_agency.name,
                                                 "to_agency_id": to_agency.id, "case_id": case.id},
                 handover=ho, document=decision, occurred_at=occurred_at)
        return workflow.finish(uow, items, ho, case_id=case.id, stage=case.stage, acceptance="pending", **approval)
    ho.acceptance, ho.accepted_at, ho.accepted_by = "paper", ho.started_at, uow.actor.user_id
    apply_transfer(uow, ho, json.loads(ho.details or "{}").get("officer_id"), occurred_at=occurred_at)
    return workflow.finish(uow, items, ho, case_id=case.id, stage=case.stage, acceptance="paper", **approval)


def _check_representative(receiver, letter: str, to_agency) -> None:
    if receiver is None or not receiver.id_number or not (receiver.position or "").strip() or not letter:
        raise ValidationError("representative_required", field="receiver", agency=to_agency.name)


def _pending_transfer(s, case_id: int) -> Handover | None:
    return s.scalars(select(Handover).where(Handover.case_id == case_id, Handover.kind == "transfer",
                                            or_(Handover.acceptance == "pending",
                                                Handover.approval == "pending"))).first()


def apply_transfer(uow, ho: Handover, officer_id: int | None, *, occurred_at=None) -> Case:
    """The responsibility moves (at acceptance, or at once on paper): the case's agency, stage and officer,
    each item's responsible agency, and the item leaves for the THADS warehouse with ``move_out``."""
    s = uow.session
    details = json.loads(ho.details or "{}")
    case = s.get(Case, ho.case_id)
    to_agency = workflow.agency(s, ho.receiver_agency_id, "to_agency")
    from_agency = workflow.agency(s, ho.giver_agency_id) if ho.giver_agency_id else None
    decision = s.get(Document, ho.basis_document_id) if ho.basis_document_id else None
    case_change = _change_case(case, to_agency, officer_id)
    responsibility.open_period(s, case, reason="transfer", handover_id=ho.id, user_id=uow.actor.user_id,
                               when=occurred_at)
    items = {i.id: i for i in s.scalars(select(Item).where(Item.id.in_([ln.item_id for ln in ho.lines])))}
    conditions = details.get("conditions") or {}
    for ln in ho.lines:
        _transfer_item(uow, items[ln.item_id], ho, decision, conditions, bool(details.get("move_out")), from_agency,
                       to_agency, case_change, occurred_at, seal=ln.note)
    pending_review.after_transfer(s, ho, list(items.values()), to_agency,  # TT 01/2017 Điều 13.2
                                  judged=milestones.status_of(s, case).judgment_on is not None)
    return case


def _acting_for(uow, from_agency):
    """The acting user as giver when he is a person of the outgoing agency (an investigator handing his case)."""
    me = workflow.actor_person(uow)
    if me is not None and from_agency is not None and me.agency_id == from_agency.id:
        return me
    return None


def _case_officer_of(s, case, from_agency):
    """The case's responsible officer when he belongs to the outgoing agency (the clerk records the act he
    hands over, issue 13); otherwise None: the slot waits for that agency's representative (HANDS-ON 41)."""
    if not case.officer_id or from_agency is None:
        return None
    officer = s.get(Person, case.officer_id)
    return officer if officer is not None and officer.agency_id == from_agency.id else None


def _keeper(uow, cmd: TransferResponsibility):
    """The storekeeper signs every transfer: the one named, the acting clerk, or a slot whose signer writes
    their name when signing."""
    named = workflow.person(uow.session, cmd.keeper, "keeper", required=False)
    if named is not None:
        return named
    return workflow.actor_person(uow) if "clerk" in uow.actor.roles else True


def _items(s, cmd: TransferResponsibility) -> list[Item]:
    if cmd.codes:
        items = persistence.items_by_codes(s, cmd.codes)
        if len({i.case_id for i in items}) > 1:
            raise ValidationError("items_of_several_cases", field="codes")
        if cmd.case_id and items[0].case_id != cmd.case_id:
            raise ValidationError("item_not_in_case", field="codes", code=items[0].code)
        return items
    if not cmd.case_id or s.get(Case, cmd.case_id) is None:
        raise ValidationError("case_required", field="case")
    items = list(s.scalars(select(Item).where(Item.case_id == cmd.case_id,
                                              Item.state.not_in([t.value for t in TERMINAL])).order_by(Item.id)))
    if not items:
        raise ValidationError("no_items", field="codes")
    awaited = [i.code for i in items if i.state == State.AWAITING_INTAKE.value]
    if awaited:  # announced, not yet handed to the warehouse: the case's items "còn giữ" are the others
        raise ValidationError("case_items_awaiting_intake", field="scope", count=len(awaited),
                              codes=", ".join(awaited[:5]) + (", …" if len(awaited) > 5 else ""))
    return items


def _check_item(item: Item, cmd: TransferResponsibility, decision, awaiting_disposal: str) -> None:
    """The domain's rule table decides (domain.moves): the states a responsibility passes from, and an item held
    for its approved disposal stays with the body that approved it (issue #12). Moving out physically is the
    TRANSFER_OUT movement (from the shelf only)."""
    state = workflow.state(item)
    moves.check("transfer", state, code=item.code, awaiting_disposal=awaiting_disposal)
    if cmd.move_out:
        check_transition(Move.TRANSFER_OUT, state, Doc(decision.kind))


def _milestone_of_basis(uow, case: Case, decision, to_agency):
    """Record the milestone the basis document stands for, if not yet recorded; return the case's status."""
    s = uow.session
    kind = MILESTONE_OF_DOC.get(decision.kind)
    if decision.kind == Doc.TRANSFER_DECISION.value and sector(to_agency.kind) is Sector.ENFORCEMENT:
        kind = milestone_rules.Milestone.EVIDENCE_TRANSFER  # VKS → THADS (TT 04/2023/TT-BTP Điều 10)
    if kind is not None and milestones.recorded_for(s, case.id, decision.id) is None:
        milestones.add_milestone(uow, case, kind, decision)
    return milestones.status_of(s, case)


def _check_target(status, decision, to_agency) -> None:
    """The agency receiving responsibility holds the case at its stage: investigating body → VKS → Tòa án;
    THADS on the VKS's evidence-transfer decision (BLTTHS Điều 34–35, 239; TT 04/2023/TT-BTP Điều 10).
    A transfer never changes the stage; milestones do."""
    target = sector(to_agency.kind)
    stage = status.stage
    if target is Sector.ENFORCEMENT and stage in (milestone_rules.Stage.TRIAL, milestone_rules.Stage.ENFORCEMENT):
        if status.evidence_transfer_id is None and stage is not milestone_rules.Stage.ENFORCEMENT:
            raise TransitionRefused("transfer_needs_evidence_transfer")
        if stage is milestone_rules.Stage.TRIAL and decision.id != status.evidence_transfer_id:
            raise TransitionRefused("transfer_needs_evidence_transfer")
        return
    if target is Sector.POLICE and stage is milestone_rules.Stage.INVESTIGATION:
        if not investigates(to_agency.kind):
            raise TransitionRefused("transfer_not_investigating_body", agency=to_agency.name)
        return
    expected = {milestone_rules.Stage.PROSECUTION: Sector.PROCURACY, milestone_rules.Stage.TRIAL: Sector.COURT}.get(stage)
    if target is None or target is not expected:
        raise TransitionRefused("transfer_wrong_stage", agency=to_agency.name, stage=stage.value)


def _change_case(case: Case, to_agency, officer_id: int | None) -> dict:
    """Cases are not replayed by verify: the change is written into each item event instead. The stage is the
    one the milestones give (cached in cases.stage), never set by the transfer; the responsible officer changes
    with the agency: the new agency's officer, or none until its leader names one (issue 13)."""
    before = {"stage": case.stage, "handling_agency_id": case.handling_agency_id, "officer_id": case.officer_id}
    case.handling_agency_id, case.officer_id = to_agency.id, officer_id
    after = {"stage": case.stage, "handling_agency_id": case.handling_agency_id, "officer_id": case.officer_id}
    return {"case_id": case.id, "before": before, "after": after}


def _transfer_item(uow, item, ho, decision, conditions, move_out, from_agency, to_agency, case_change,
                   occurred_at, *, seal: str = "") -> None:
    note = nfc(conditions.get(item.code, ""))
    changed = persistence.change_item(item, condition=note) if note else {}
    changed |= persistence.change_item(item, responsible_agency_id=to_agency.id)
    data = {"set": changed, "handover": ho.number, "case": case_change, "to_agency_id": to_agency.id,
            "from_agency": from_agency.short_name or from_agency.name if from_agency else "",
            "to_agency": to_agency.short_name or to_agency.name, "from_agency_id": from_agency.id if from_agency else None}
    persistence.record(uow, item, "transfer_responsibility", data, document=decision, handover=ho, occurred_at=occurred_at)
    if move_out:
        out = workflow.leave_location(uow.session, item)
        out |= persistence.change_item(item, state=State.TRANSFERRED_OUT.value, holder=to_agency.name, due_back_on=None)
        details = json.loads(ho.details or "{}")  # who prepared and who approved the move out (ND 142/2024 Điều 4)
        approval = {k: details[k] for k in ("prepared_by", "approved_by") if details.get(k)}
        stated = {"seal_status": seal} if seal else {}  # as stated when the items were picked (ND 142/2024 Điều 11)
        persistence.record(uow, item, Move.TRANSFER_OUT.value, {"set": out, "handover": ho.number} | approval | stated,
                 document=decision, handover=ho, occurred_at=occurred_at)
