"""What a case allows now, for the item and case views: its derived status, the milestones that can come next and,
for every disposal outcome, nothing (possible with the competent decision) or the reason it is not possible now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain import authority as authority_rules
from ..domain import milestones as milestone_rules
from ..domain.errors import TransitionRefused
from ..domain.states import Doc
from .milestones import case_row, authority_table, list_milestones, status_of
from ..domain import chronology


@dataclass(frozen=True)
class CaseAuthority:
    case_id: int
    stage: str
    context: str
    suspended: bool
    pilot: bool
    judgment_effective_on: date | None
    next_milestones: tuple[str, ...]  # milestones that fit now
    disposal: dict  # outcome → "" when possible now, else the reason (a sentence)
    issuers: dict  # document kind → agency kinds that may issue it now (the competence table)
    receivers: dict  # category → agency kind receiving confiscated items ("*": the others)
    dismissed_by: int | None  # after đình chỉ: the agency that decides the disposal (Điều 106.1)


def case_authority(uow, case_id: int) -> CaseAuthority:
    """The case's derived status, the milestones that can come next, and for every disposal outcome either
    nothing (possible with the right decision) or the reason it is not possible now."""
    from ..error_texts import message
    from ..domain.states import DISPOSAL_OUTCOMES
    s = uow.session
    case = case_row(s, case_id)
    status = status_of(s, case)
    table = authority_table(s)
    nxt = []
    for m in milestone_rules.Milestone:
        try:
            milestone_rules.apply(status, milestone_rules.Fact(m.value, date.max))  # on some later day
            nxt.append(m.value)
        except TransitionRefused:
            pass
    disposal = {}
    for outcome in DISPOSAL_OUTCOMES:
        reason = ""
        kind = _typical_decision(status)
        try:
            authority_rules.check_disposal_power(status, outcome, _probe_category(outcome, table), kind, status.dismissed_by,
                                   table, pilot=case.pilot_regime, day=chronology.today(), examined=True)
        except TransitionRefused as e:
            reason = message(e)
        disposal[outcome.value] = reason
    issuers = {r.document: r.kinds for r in table.rules if r.context == status.context}
    return CaseAuthority(case.id, status.stage.value, status.context, status.suspended, case.pilot_regime,
                         status.judgment_effective_on, tuple(nxt), disposal, issuers, dict(table.receivers),
                         status.dismissed_by)


def _typical_decision(status: milestone_rules.CaseStatus) -> str:
    if status.stage is milestone_rules.Stage.ENFORCEMENT:
        return Doc.ENFORCEMENT_DECISION.value
    if status.stage is milestone_rules.Stage.TRIAL and status.judgment_effective_on is not None:
        return Doc.JUDGMENT.value
    return Doc.DISPOSAL_DECISION.value


def _probe_category(outcome, table: authority_rules.AuthorityTable) -> str:
    """A general (non-perishable, non-wildlife) category, except where the outcome concerns special ones."""
    if outcome.value == "handed_to_specialist":
        return next(iter(sorted(table.specialist)), "wildlife")
    return "other"


def item_disposal_reasons(uow, code: str) -> dict:
    """For one item: outcome → "" when a disposal could be proposed now with the competent decision, else the
    reason in the domain's words (its state, its category, the case's stage)."""
    from ..domain.states import DISPOSAL_OUTCOMES, State, TERMINAL
    from ..error_texts import message
    from . import queries
    item = queries.item_by_code(uow, code, events=0)
    return _disposal_reasons(uow, item, case_authority(uow, item.case_id))


def item_authority(uow, item) -> tuple[dict, list, "CaseAuthority"]:
    """What the item view shows under "Mốc tố tụng và thẩm quyền" for an item already read (its ItemDetail):
    (disposal outcome → reason or "", the case's milestones, the case's authority), the authority derived once
    (issue #19: the scan → item view path derived it twice and read the item a third time)."""
    info = case_authority(uow, item.case_id)
    return _disposal_reasons(uow, item, info), list_milestones(uow, item.case_id), info


def _disposal_reasons(uow, item, info) -> dict:
    from ..domain import categories
    from ..domain.states import DISPOSAL_OUTCOMES, TERMINAL, TRANSITIONS, Move, State
    from ..error_texts import message
    table = authority_table(uow.session)
    state = State(item.state)
    out = {}
    status = None  # derived once for every outcome
    for outcome in DISPOSAL_OUTCOMES:
        try:
            if state in TERMINAL:
                raise TransitionRefused("item_disposed", state=state.value, move="dispose")
            if state not in TRANSITIONS[Move.DISPOSE][0]:  # the domain's table (money on savings included)
                raise TransitionRefused("disposal_not_in_warehouse", code=item.code, state=state.value)
            if state is State.SAVINGS:  # paid out, or to the budget after 5 years (Luật THADS Điều 126)
                _from_savings(uow.session, item, outcome)
            table.check_outcome(item.category, outcome.value)  # Điều 106.2; the administrator's setting (R9)
            if status is None:
                status = status_of(uow.session, case_row(uow.session, item.case_id))
            authority_rules.check_disposal_power(status, outcome, item.category, _typical_decision(status), status.dismissed_by,
                                   table, pilot=info.pilot, day=chronology.today(), examined=True)
            out[outcome.value] = ""
        except TransitionRefused as e:
            out[outcome.value] = message(e)
    return out


def _from_savings(session, item, outcome) -> None:
    from ..db.models import Item
    from ..domain.states import Doc, Move, State, check_transition
    from .unclaimed import check_from_savings
    check_transition(Move.DISPOSE, State.SAVINGS, Doc.RETURN_DECISION, outcome)
    check_from_savings(session, session.get(Item, item.id), outcome, chronology.today())
