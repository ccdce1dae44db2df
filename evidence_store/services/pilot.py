"""NQ 164/2024/QH15 pilot measures through the acts the warehouse already records (domain.pilot; LEGAL-RULES R36).

- refund to the victims, guarantee to lift the seizure, sale or transfer: a disposal on the pilot decision
  (services.disposal: proposal → approval by another commander → the act carried out), outcome returned / sold;
- money deposited into the holding account: a deposit with the treasury (services.custody.deposit_items);
- hand-over for management and use: an entrustment (services.custody.entrust_items), still the case's evidence;
- suspension of transactions: :func:`suspend_transactions` here, a recorded restriction; the item stays.

Every one of them is checked by :func:`domain.pilot.check_measure` and refused otherwise with the rule's name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, or_, select

from ..domain import pilot as pilot_rules
from ..domain.errors import DomainError, TransitionRefused, ValidationError
from ..domain.permissions import require
from ..domain.pilot import Measure
from ..domain.states import State
from ..domain.text import nfc
from ..i18n import N_
from ..db.models import Agency, Case, CustodyEvent, Document, Item
from ..db.prepared import Prepared
from . import milestones
from . import persistence
from . import scope
from . import workflow
from .authority import load_table
from .commands.inputs import DocumentInput
from .results import Changes
from ..domain import chronology

LIFT = "lift"  # the option that cancels a suspension in force (:func:`lift_suspension`)
LIFT_LABEL = N_("Hủy bỏ tạm dừng giao dịch")
SUSPEND_EVENT = "pilot_suspend"
LIFT_EVENT = "pilot_suspend_lifted"


@dataclass(frozen=True)
class SuspendTransactions:
    """Tạm dừng giao dịch (NQ 164/2024/QH15): the registering body is told; the item stays where it is."""

    codes: tuple[str, ...]
    decision: DocumentInput  # the pilot decision (Doc.PILOT_DECISION)
    registry: str  # the body that registers the property's transactions (e.g. "Phòng CSGT Công an TP Hà Nội")
    note: str = ""
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class LiftSuspension:
    codes: tuple[str, ...]
    decision: DocumentInput  # the decision cancelling the measure (a pilot decision of the body at its stage)
    note: str = ""
    occurred_at: datetime | None = None


def check(s, item: Item, measure: Measure, decision: Document | None, *, status=None,
          table=None) -> pilot_rules.PilotBasis:
    """The pilot's rules for ``item`` and the decision (None: everything but the decision, for the screens).
    ``status``/``table``: the case's status and the authority table when the caller has them already."""
    case = s.get(Case, item.case_id)
    status = status if status is not None else milestones.status_of(s, case)
    issuer = s.get(Agency, decision.issuing_agency_id) if decision is not None and decision.issuing_agency_id else None
    return pilot_rules.check_measure(
        status, measure, item.category, pilot=bool(case.pilot_regime),
        day=decision.issued_on if decision is not None else chronology.today(),
        decision_kind=decision.kind if decision is not None else None,
        issuer_kind=issuer.kind if issuer else None, issuer_name=issuer.name if issuer else "",
        table=table if table is not None else load_table(s))


def measure_of_basis(basis, outcome: State, raw: str) -> str:
    """The pilot measure a disposal carries out ("" for an ordinary disposal under Điều 106 or Luật THADS)."""
    if getattr(basis, "rule", "") != "nq164":
        return ""
    return pilot_rules.measure_for_outcome(outcome, raw).value


def disposal_facts(cmd, measure: str, case: Case) -> dict:
    """What the record of a pilot disposal states: the measure, the reference that put the case under the pilot
    and, for a guarantee, the sum paid into the holding account and its receipt (the item then goes back)."""
    d = {"pilot_measure": measure, "pilot_reference": case.pilot_reference or ""}
    if measure == Measure.GUARANTEE:
        amount = cmd.guarantee_amount
        if not amount or amount <= 0:
            raise ValidationError("pilot_guarantee_amount_required", field="guarantee_amount")
        if not nfc(cmd.holding_account) or not nfc(cmd.guarantee_receipt):
            raise ValidationError("pilot_guarantee_receipt_required", field="guarantee_receipt")
        d |= {"guarantee_amount": float(amount), "holding_account": nfc(cmd.holding_account),
              "guarantee_receipt": nfc(cmd.guarantee_receipt)}
    return d


def custody_check(s, items, decision: Document, measure: Measure) -> dict:
    """A deposit or an entrustment on a pilot decision is that measure (money into the holding account; hand-over
    for management and use): the pilot's rules apply; returns what the record adds."""
    for item in items:
        check(s, item, measure, decision)
    case = s.get(Case, items[0].case_id)
    return {"pilot_measure": measure.value, "pilot_reference": case.pilot_reference or ""}


def suspend_transactions(uow, cmd: SuspendTransactions) -> Changes:
    """Record a suspension of transactions on registered property: a restriction, shown on the item, that stays
    until lifted; the item does not move (NQ 164/2024/QH15)."""
    require(uow.actor, "record_disposal")
    s = uow.session
    if not nfc(cmd.registry):
        raise ValidationError("pilot_registry_required", field="registry")
    items = persistence.items_by_codes(s, cmd.codes)
    if len({i.case_id for i in items}) > 1:
        raise ValidationError("items_of_several_cases", field="codes")
    scope.require_case_write(uow, s.get(Case, items[0].case_id), "record_disposal")
    decision = workflow.basis(s, cmd.decision, SUSPEND_EVENT, case_id=items[0].case_id)
    for item in items:
        _check_state(item, Measure.SUSPEND)
        if active_restriction(s, item.id) is not None:
            raise TransitionRefused("pilot_already_suspended", code=item.code, source=pilot_rules.PILOT_SOURCE)
        check(s, item, Measure.SUSPEND, decision)
    case = s.get(Case, items[0].case_id)
    for item in items:
        persistence.record(uow, item, "pilot_suspend", {
            "measure": Measure.SUSPEND.value, "decision": decision.number, "registry": nfc(cmd.registry),
            "note": nfc(cmd.note), "pilot_reference": case.pilot_reference or "",
            "source": pilot_rules.PILOT_SOURCE}, document=decision, occurred_at=cmd.occurred_at)
    return workflow.finish(uow, items, None, case_id=case.id)


def lift_suspension(uow, cmd: LiftSuspension) -> Changes:
    """Cancel the suspension (hủy bỏ biện pháp, written into the kết luận điều tra, cáo trạng or bản án per LEGAL.md
    B.3 [P]): on a decision of the body handling the case; the restriction disappears from the item."""
    require(uow.actor, "record_disposal")
    s = uow.session
    items = persistence.items_by_codes(s, cmd.codes)
    scope.require_case_write(uow, s.get(Case, items[0].case_id), "record_disposal")
    decision = workflow.basis(s, cmd.decision, LIFT_EVENT, case_id=items[0].case_id)
    for item in items:
        if active_restriction(s, item.id) is None:
            raise TransitionRefused("pilot_not_suspended", code=item.code)
    for item in items:
        persistence.record(uow, item, "pilot_suspend_lifted", {"decision": decision.number, "note": nfc(cmd.note)},
                           document=decision, occurred_at=cmd.occurred_at)
    return workflow.finish(uow, items, None, case_id=items[0].case_id)


def _check_state(item: Item, measure: Measure) -> None:
    state = workflow.state(item)
    if state not in pilot_rules.FROM_STATES[measure]:  # what the act it reuses accepts
        raise TransitionRefused("pilot_item_not_here", code=item.code, state=state.value, measure=measure.value)


def item_restriction(uow, code: str) -> dict | None:
    """The suspension of transactions in force on the item (decision, registry, date), for every reader."""
    item = persistence.items_by_codes(uow.session, (code,))[0]
    scope.require_case_visible(uow, item.case_id)
    return active_restriction(uow.session, item.id)


# prepared (the item page reads it twice after every scan, issue #19); two equalities, not IN: a prepared
# statement has no expanding parameters
_LAST_SUSPENSION = Prepared(select(CustodyEvent.kind, CustodyEvent.data, CustodyEvent.occurred_at)
                            .where(CustodyEvent.item_id == bindparam("item_id"),
                                   or_(CustodyEvent.kind == SUSPEND_EVENT, CustodyEvent.kind == LIFT_EVENT))
                            .order_by(CustodyEvent.seq.desc()).limit(1))


def active_restriction(s, item_id: int) -> dict | None:
    """The item's suspension of transactions still in force (its data and date), or None."""
    row = _LAST_SUSPENSION.first(s, item_id=item_id)
    if row is None or row[0] != SUSPEND_EVENT:
        return None
    data = json.loads(row[1] or "{}")
    data["on"] = str(row[2])[:10]
    return data


def case_refusal(uow, case_id: int) -> DomainError | None:
    """Why no pilot measure may be taken in the case today (not flagged, not in proceedings), or None: for the case
    view. The decision, its issuer and the item are checked when a measure is recorded."""
    s = uow.session
    scope.require_case_visible(uow, case_id)
    case = s.get(Case, case_id)
    try:
        pilot_rules.check_case(milestones.status_of(s, case), pilot=bool(case.pilot_regime), day=chronology.today())
    except DomainError as e:
        return e
    return None


@dataclass(frozen=True)
class MeasureOption:
    measure: str
    label: str  # Vietnamese msgid (domain.pilot.MEASURE_LABELS)
    refusal: DomainError | None  # why not now (the domain's reason), None when allowed


def options(uow, code: str) -> tuple[MeasureOption, ...]:
    """Each pilot measure for the item, allowed now or with the reason it is not (the decision itself is checked
    when it is given): for the item page and the case page."""
    s = uow.session
    item = persistence.items_by_codes(s, (code,))[0]
    scope.require_case_visible(uow, item.case_id)
    out = []
    # read once for every measure (the item page after each scan, issue #19): the case's status, the authority
    # table and the suspension in force were read again for each of the measures
    try:
        status, table = milestones.status_of(s, s.get(Case, item.case_id)), load_table(s)
    except DomainError:  # each measure then meets the same refusal in check(), as before
        status = table = None
    restriction = active_restriction(s, item.id)
    for m in Measure:
        refusal = None
        try:
            _check_state(item, m)
            check(s, item, m, None, status=status, table=table)
            if m is Measure.SUSPEND and restriction is not None:
                raise TransitionRefused("pilot_already_suspended", code=item.code, source=pilot_rules.PILOT_SOURCE)
        except DomainError as e:
            refusal = e
        out.append(MeasureOption(m.value, pilot_rules.MEASURE_LABELS[m], refusal))
    if restriction is not None:  # the suspension in force may be cancelled
        out.append(MeasureOption(LIFT, LIFT_LABEL, None))
    return tuple(out)
