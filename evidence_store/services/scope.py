"""What a user may see and touch (issue 13: four agencies, one warehouse).

- Warehouse-wide readers (``read_all``: thủ kho, the warehouse's commander, the supervising procurator, the
  administrator) see every case.
- Officers (điều tra viên, kiểm sát viên, thẩm phán, chấp hành viên) see the cases they are or were the
  responsible officer of; their agency's leader and clerks (thư ký Tòa án, thủ kho THADS) see the cases their
  agency handles now or handled before (``case_responsibility`` keeps the periods).
- A case handed over to another agency stays readable but read-only: acting on a case needs the actor's agency
  to handle it now (and, for an officer, to be its responsible officer or the agency having none named).

Every list, search, item page, deadline list and export asks :func:`case_condition`; every act on a case asks
:func:`require_case_write`. The conditions are SQL over the ``cases`` table (``Ca``)."""

from __future__ import annotations

from sqlalchemy import case, false, or_, select

from ..domain.errors import PermissionDenied
from ..domain.permissions import AGENCY_CASE_ROLES, OWN_CASE_ROLES, Role, can_read_everything, require
from ..db.models import Case, CaseResponsibility, Handover
from ..i18n import N_
from ..error_texts import register

Ca, CR, H = Case.__table__, CaseResponsibility.__table__, Handover.__table__

register("out_of_scope", N_("Vụ án {case} không thuộc phạm vi của tài khoản {user}"))
register("case_read_only", N_("Vụ án {case} đã chuyển cho cơ quan khác: tài khoản {user} chỉ được xem"))


def answering_agency(table=H):
    """The agency that answers a two-sided act (issue 13): the receiving one, but for a return (nhận lại) the
    one giving the items back — the warehouse receives them and the giver confirms."""
    return case((table.c.kind == "return", table.c.giver_agency_id), else_=table.c.receiver_agency_id)


def answering_person(table=H):
    return case((table.c.kind == "return", table.c.giver_id), else_=table.c.receiver_id)


def _roles(actor) -> set[Role]:
    return {Role(r) for r in actor.roles if r in Role._value2member_map_}


def warehouse_wide(actor) -> bool:
    return can_read_everything(actor.roles)


def case_condition(uow, *, current_only: bool = False):
    """None when the user reads every case; else a condition on ``cases`` (Ca) columns.
    ``current_only``: the cases the user is responsible for now (deadlines, tasks), not the past ones."""
    actor = uow.actor
    if warehouse_wide(actor):
        return None
    _check_scoped_reader(actor)
    roles = _roles(actor)
    conds = []
    if roles & OWN_CASE_ROLES and actor.person_id is not None:
        conds.append(Ca.c.officer_id == actor.person_id)
        if not current_only:
            conds.append(Ca.c.id.in_(select(CR.c.case_id).where(CR.c.person_id == actor.person_id)))
    if roles & AGENCY_CASE_ROLES and actor.agency_id is not None:
        conds.append(Ca.c.handling_agency_id == actor.agency_id)
        if not current_only:
            conds.append(Ca.c.id.in_(select(CR.c.case_id).where(CR.c.agency_id == actor.agency_id)))
    if actor.agency_id is not None and not current_only:  # an act offered to my agency: read it to answer it
        conds.append(Ca.c.id.in_(select(H.c.case_id).where(H.c.acceptance == "pending",
                                                           answering_agency() == actor.agency_id)))
    return or_(*conds) if conds else false()


def _check_scoped_reader(actor) -> None:
    require(actor, "read_own_cases")


def case_ids(uow, *, current_only: bool = False):
    """A subquery of visible case ids, or None for warehouse-wide readers."""
    cond = case_condition(uow, current_only=current_only)
    return None if cond is None else select(Ca.c.id).where(cond)


def can_see_case(uow, case_id: int | None) -> bool:
    cond = case_condition(uow)
    if cond is None:
        return True
    if case_id is None:
        return False
    return uow.session.execute(select(Ca.c.id).where(Ca.c.id == case_id, cond)).first() is not None


def require_case_visible(uow, case_id: int | None, action: str = "read_item") -> None:
    if not can_see_case(uow, case_id):
        case = uow.session.get(Case, case_id) if case_id else None
        raise PermissionDenied("out_of_scope", action=action, user=uow.actor.username,
                               case=case.number if case else "—")


def handles_now(actor, case: Case) -> bool:
    """The actor's agency handles the case now; an officer must be its responsible officer (or none named)."""
    if warehouse_wide(actor):
        return True
    if actor.agency_id is None or case.handling_agency_id != actor.agency_id:
        return False
    roles = _roles(actor)
    if roles & AGENCY_CASE_ROLES:
        return True
    return case.officer_id is None or case.officer_id == actor.person_id


def require_case_write(uow, case: Case | None, action: str) -> None:
    """Acting on a case: warehouse staff always (their own permission decides), an agency user only while
    the agency handles it; a case handled before is read-only."""
    actor = uow.actor
    if warehouse_wide(actor) or case is None:
        return
    if handles_now(actor, case):
        return
    if can_see_case(uow, case.id):
        raise PermissionDenied("case_read_only", action=action, user=actor.username, case=case.number)
    raise PermissionDenied("out_of_scope", action=action, user=actor.username, case=case.number)
