"""The ≥ 1-year backlog (tồn đọng) and its joint review (TT 01/2017/TT-BTP Điều 13.2; LEGAL-RULES R34).

TT 01/2017 governs the THADS warehouses: an item the civil-judgment enforcement agency received and still holds
without a judgment a year later is listed for review with the police, the procuracy and the court. The deadline
(``DeadlineKind.PENDING_REVIEW``) therefore opens at THADS's receipt — the accepted transfer of responsibility to
it — never at the warehouse's receipt nor at the police stage. It closes when the case's judgment is recorded, when
the responsibility leaves THADS, or when the item leaves for good (a disposal carried out). Items held under a live
procedural decision (a suspended case, a disposal under way) are left out when it is read: that decision may end
(a resumption, a rejected proposal) and the item is backlog again."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, exists, or_, select

from ..domain.agencies import Sector, sector
from ..domain.chronology import local_day
from ..domain.deadlines import DeadlineKind
from ..domain.states import HELD_STATES, State
from ..db.models import CaseMilestone, Deadline, Handover, HandoverLine, Item
from . import persistence

KIND = DeadlineKind.PENDING_REVIEW
# held by the warehouse (or lost / damaged while held): what a review can still decide on
PENDING_STATES = tuple(s.value for s in HELD_STATES | {State.AWAITING_INTAKE, State.LOST_OR_DAMAGED})


def live_decision_conds(item_id, case_id) -> list:
    """Items held under a live procedural decision are not backlog (TT 01/2017 Điều 13.2 reviews items held
    without a decision): their case is suspended (QĐ tạm đình chỉ, BLTTHS Điều 229, 247, 281: the last of its
    suspension / resumption / dismissal milestones is a suspension), or a disposal of theirs is under way
    (proposed or approved, not yet carried out: BLTTHS Điều 106)."""
    later = CaseMilestone.__table__.alias("later")
    m = CaseMilestone.__table__
    suspended = (select(m.c.case_id).where(m.c.kind == "suspension", ~exists().where(
        later.c.case_id == m.c.case_id, later.c.kind.in_(("resumption", "dismissal")),
        or_(later.c.occurred_on > m.c.occurred_on, and_(later.c.occurred_on == m.c.occurred_on, later.c.id > m.c.id)))))
    H, L = Handover.__table__, HandoverLine.__table__
    # the few items of the open disposals, listed once (NOT IN: one hash / ephemeral-index probe per item, where
    # a correlated NOT EXISTS walked each item's handover lines: 2× slower over a year's backlog at 100k items)
    disposal_under_way = (select(L.c.item_id).join(H, H.c.id == L.c.handover_id)
                          .where(L.c.item_id.is_not(None), H.c.kind == "disposal",
                                 H.c.approval.in_(("pending", "approved")), H.c.ended_at.is_(None),
                                 H.c.status != "void"))
    return [case_id.not_in(suspended), item_id.not_in(disposal_under_way)]


def review_conds(deadline, item) -> list:
    """An open review deadline counts while its item is held and under no live decision (read side)."""
    return [item.c.state.in_(PENDING_STATES), *live_decision_conds(deadline.c.item_id, item.c.case_id)]


def backlog_conds(today: date) -> list:
    """The items THADS has held a year or more without a judgment: an open review deadline due (a year from THADS's
    receipt, on the next working day: BLDS Điều 148), the set the task inbox lists (``Item`` joined to ``Deadline``)."""
    return [Deadline.kind == KIND.value, Deadline.closed_at.is_(None), Deadline.due_on <= today,
            Item.state.in_(PENDING_STATES), *live_decision_conds(Item.id, Item.case_id)]


def after_transfer(session, ho: Handover, items: list[Item], to_agency, *, judged: bool) -> None:
    """The responsibility moved (services.transfer.apply_transfer). To THADS, before any judgment (``judged``: the
    case's milestones hold one): each item still held opens its review deadline from THADS's receipt (the
    acceptance, or the representative's paper signature). Anywhere else: an open one closes (THADS no longer holds
    the item)."""
    if sector(to_agency.kind) is not Sector.ENFORCEMENT:
        close(session, items, ho.accepted_at)
        return
    if judged:  # the enforcement deadlines of the judgment apply (Luật THADS Điều 124–126)
        return
    held = [i for i in items if i.state in PENDING_STATES]
    if not held:
        return
    already = set(session.scalars(select(Deadline.item_id).where(
        Deadline.item_id.in_([i.id for i in held]), Deadline.kind == KIND.value, Deadline.closed_at.is_(None))))
    received = local_day(ho.accepted_at or ho.started_at)
    for item in held:
        if item.id not in already:
            persistence.open_deadline(session, KIND, received, item_id=item.id, case_id=item.case_id,
                                      responsible=to_agency.name)


def after_judgment(session, case_id: int) -> None:
    """The judgment is recorded: the items of the case are no longer held without one."""
    for d in session.scalars(select(Deadline).where(Deadline.case_id == case_id, Deadline.kind == KIND.value,
                                                    Deadline.closed_at.is_(None))):
        d.closed_at = persistence.utcnow()


def close(session, items, at=None) -> None:
    from . import workflow
    workflow.close_deadlines(session, items, [KIND], at=at)
