"""Chuyển giao trách nhiệm: a case or some of its items passes CQĐT → VKS → TA → THADS on a
decision. In a shared city warehouse the items stay on their shelf; with ``move_out`` they
physically go to the enforcement warehouse (TTLT 05/2005 Điều 21.2.b, followed in Hà Nội)."""

from __future__ import annotations

from sqlalchemy import select

from ..domain import milestones as M
from ..domain.agencies import Sector, investigates, sector
from ..domain.errors import TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.moves import TRANSFER_RESPONSIBILITY_STATES
from ..domain.states import TERMINAL, Doc, Move, State, check_transition
from ..domain.text import nfc
from ..db.models import Case, Item
from . import common as X
from . import lifecycle_common as L
from . import milestones as MS
from .commands_lifecycle import TransferResponsibility
from .results import Changes

TRANSFER_DOCS = frozenset({Doc.TRANSFER_DECISION, Doc.INVESTIGATION_CONCLUSION, Doc.INDICTMENT,
                           Doc.SUPPLEMENTARY_INVESTIGATION, Doc.ENFORCEMENT_DECISION})
# A transfer whose basis is itself a milestone document records that milestone first (same checks as
# services/milestones.py), so the stage moves only by milestone, in legal order.
MILESTONE_OF_DOC = {Doc.INVESTIGATION_CONCLUSION.value: M.Milestone.INVESTIGATION_CONCLUSION,
                    Doc.INDICTMENT.value: M.Milestone.INDICTMENT,
                    Doc.SUPPLEMENTARY_INVESTIGATION.value: M.Milestone.SUPPLEMENTARY_INVESTIGATION,
                    Doc.ENFORCEMENT_DECISION.value: M.Milestone.ENFORCEMENT_DECISION}


def transfer_responsibility(uow, cmd: TransferResponsibility) -> Changes:
    """Change the agency responsible for the items (and the case's stage and handling agency),
    with a handover record listing each item with its condition and seal."""
    require(uow.actor, "transfer_responsibility")
    s = uow.session
    items = _items(s, cmd)
    case = L.case_of(s, items[0])
    decision = L.basis(s, cmd.decision, "transfer_responsibility", TRANSFER_DOCS, case_id=case.id)
    to_agency = L.agency(s, cmd.to_agency_id, "to_agency")
    from_agency = L.agency(s, case.handling_agency_id) if case.handling_agency_id else None
    if from_agency is not None and from_agency.id == to_agency.id:
        raise TransitionRefused("same_agency", agency=to_agency.name)
    status = _milestone_of_basis(uow, case, decision, to_agency)
    _check_target(status, decision, to_agency)
    for item in items:
        _check_item(item, case, cmd, decision)
    # persons sign, never agencies (Điều 133; R13): the outgoing agency's representative gives (the clerk when
    # none is named), a named person of the receiving agency receives; the storekeeper signs too
    giver = L.person(s, cmd.giver, "giver", required=False) or L.actor_person(uow)
    receiver = L.person(s, cmd.receiver, "receiver")
    ho = X.open_handover(uow, kind="transfer", started_at=cmd.occurred_at, place=cmd.place, basis=decision,
                         giver=giver, receiver=receiver, case_id=case.id,
                         giver_agency_id=from_agency.id if from_agency else None, receiver_agency_id=to_agency.id,
                         details={"move_out": cmd.move_out}, keeper=_keeper(uow, cmd),
                         letters={"giver": cmd.giver.letter_number if cmd.giver else "",
                                  "receiver": cmd.receiver.letter_number if cmd.receiver else ""})
    case_change = _change_case(case, to_agency, cmd.officer_id)
    for line_no, item in enumerate(items, start=1):
        _transfer_item(uow, item, ho, line_no, decision, cmd, from_agency, to_agency, case_change)
    return L.finish(uow, items, ho, case_id=case.id, stage=case.stage)


def _keeper(uow, cmd: TransferResponsibility):
    """The storekeeper signs every transfer: the one named, the acting clerk, or a slot whose signer writes
    their name when signing."""
    named = L.person(uow.session, cmd.keeper, "keeper", required=False)
    if named is not None:
        return named
    return L.actor_person(uow) if "clerk" in uow.actor.roles else True


def _items(s, cmd: TransferResponsibility) -> list[Item]:
    if cmd.codes:
        items = X.items_by_codes(s, cmd.codes)
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
    return items


def _check_item(item: Item, case: Case, cmd: TransferResponsibility, decision) -> None:
    state = L.state(item)
    if cmd.move_out:
        check_transition(Move.TRANSFER_OUT, state, Doc(decision.kind))
    elif state in TERMINAL:
        raise TransitionRefused("item_disposed", state=state.value, move="transfer_responsibility")
    elif state not in TRANSFER_RESPONSIBILITY_STATES:
        raise TransitionRefused("transition_refused", state=state.value, move="transfer_responsibility")


def _milestone_of_basis(uow, case: Case, decision, to_agency):
    """Record the milestone the basis document stands for, if not yet recorded; return the case's status."""
    s = uow.session
    kind = MILESTONE_OF_DOC.get(decision.kind)
    if decision.kind == Doc.TRANSFER_DECISION.value and sector(to_agency.kind) is Sector.ENFORCEMENT:
        kind = M.Milestone.EVIDENCE_TRANSFER  # VKS → THADS (TT 04/2023/TT-BTP Điều 10)
    if kind is not None and MS.recorded_for(s, case.id, decision.id) is None:
        MS.add_milestone(uow, case, kind, decision)
    return MS.status_of(s, case)


def _check_target(status, decision, to_agency) -> None:
    """The agency receiving responsibility holds the case at its stage: investigating body → VKS → Tòa án;
    THADS on the VKS's evidence-transfer decision (BLTTHS Điều 34–35, 239; TT 04/2023/TT-BTP Điều 10).
    A transfer never changes the stage; milestones do."""
    target = sector(to_agency.kind)
    stage = status.stage
    if target is Sector.ENFORCEMENT and stage in (M.Stage.TRIAL, M.Stage.ENFORCEMENT):
        if status.evidence_transfer_id is None and stage is not M.Stage.ENFORCEMENT:
            raise TransitionRefused("transfer_needs_evidence_transfer")
        if stage is M.Stage.TRIAL and decision.id != status.evidence_transfer_id:
            raise TransitionRefused("transfer_needs_evidence_transfer")
        return
    if target is Sector.POLICE and stage is M.Stage.INVESTIGATION:
        if not investigates(to_agency.kind):
            raise TransitionRefused("transfer_not_investigating_body", agency=to_agency.name)
        return
    expected = {M.Stage.PROSECUTION: Sector.PROCURACY, M.Stage.TRIAL: Sector.COURT}.get(stage)
    if target is None or target is not expected:
        raise TransitionRefused("transfer_wrong_stage", agency=to_agency.name, stage=stage.value)


def _change_case(case: Case, to_agency, officer_id: int | None) -> dict:
    """Cases are not replayed by verify: the change is written into each item event instead. The stage is the
    one the milestones give (cached in cases.stage), never set by the transfer."""
    before = {"stage": case.stage, "handling_agency_id": case.handling_agency_id, "officer_id": case.officer_id}
    case.handling_agency_id = to_agency.id
    if officer_id:
        case.officer_id = officer_id
    after = {"stage": case.stage, "handling_agency_id": case.handling_agency_id, "officer_id": case.officer_id}
    return {"case_id": case.id, "before": before, "after": after}


def _transfer_item(uow, item, ho, line_no, decision, cmd, from_agency, to_agency, case_change) -> None:
    note = nfc(cmd.conditions.get(item.code, ""))
    changed = X.change_item(item, condition=note) if note else {}
    X.add_line(uow, ho, item, line_no)
    changed |= X.change_item(item, responsible_agency_id=to_agency.id)
    data = {"set": changed, "handover": ho.number, "case": case_change, "to_agency_id": to_agency.id,
            "from_agency": from_agency.short_name or from_agency.name if from_agency else "",
            "to_agency": to_agency.short_name or to_agency.name, "from_agency_id": from_agency.id if from_agency else None}
    X.record(uow, item, "transfer_responsibility", data, document=decision, handover=ho, occurred_at=cmd.occurred_at)
    if cmd.move_out:
        out = L.leave_location(uow.session, item)
        out |= X.change_item(item, state=State.TRANSFERRED_OUT.value, holder=to_agency.name, due_back_on=None)
        X.record(uow, item, Move.TRANSFER_OUT.value, {"set": out, "handover": ho.number}, document=decision,
                 handover=ho, occurred_at=cmd.occurred_at)
