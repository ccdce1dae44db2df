"""The responsible agency and officer of a case, period by period (issue 13): the điều tra viên during the
investigation, then the kiểm sát viên, the thẩm phán, the chấp hành viên. The case row keeps the current
values (readers and scopes use them); ``case_responsibility`` keeps the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..domain.agencies import sector
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import OWN_CASE_ROLES, Role, require, roles_of
from ..db.models import Agency, Case, CaseResponsibility, Person, User
from ..i18n import N_
from ..error_texts import register
from . import persistence
from . import scope

register("officer_not_of_agency", N_("{name} không thuộc {agency}: không thể là người thụ lý của cơ quan này"))
register("officer_not_case_officer", N_("{name} không phải điều tra viên, kiểm sát viên, thẩm phán hay chấp hành viên: "
                                        "không thể là người thụ lý vụ án. Chọn người thụ lý của cơ quan"))

# Who may be the case's «người thụ lý»: the procedural officers (BLTTHS Điều 37, 42, 45; Luật THADS Điều 17) and an
# agency's leader or a unit's commander, who may handle a case himself (BLTTHS Điều 36, 41, 44); never a clerk (thủ
# kho, thư ký Tòa án, thủ kho THADS), who assists but handles no case (BLTTHS Điều 47; TT 01/2017/TT-BTP).
HANDLING_ROLES = frozenset(OWN_CASE_ROLES | {Role.LEADER, Role.COMMANDER})


@dataclass(frozen=True)
class ResponsibilityPeriod:
    agency: str
    officer: str
    started_at: datetime
    ended_at: datetime | None
    reason: str
    handover_number: str


def open_period(session, case: Case, *, reason: str, handover_id: int | None = None, user_id: int | None = None,
                when: datetime | None = None) -> None:
    """Close the current period (if any) and open one for the case's current agency and officer."""
    when = when or persistence.utcnow()
    for row in session.scalars(select(CaseResponsibility).where(CaseResponsibility.case_id == case.id,
                                                                CaseResponsibility.ended_at.is_(None))):
        row.ended_at = when
    session.add(CaseResponsibility(case_id=case.id, agency_id=case.handling_agency_id, person_id=case.officer_id,
                                   started_at=when, handover_id=handover_id, set_by=user_id, reason=reason))


def check_officer(session, agency_id: int | None, person_id: int | None) -> None:
    if not person_id:
        return
    p = session.get(Person, person_id)
    if p is None:
        raise NotFound("person_not_found", id=person_id)
    a = session.get(Agency, agency_id) if agency_id else None
    own = session.get(Agency, p.agency_id) if p.agency_id else None
    # same sector: an investigator of PC02 may handle a case of the CQĐT (both police), never a court's
    if a is not None and own is not None and own.id != a.id and sector(own.kind) != sector(a.kind):
        raise ValidationError("officer_not_of_agency", field="officer", name=p.full_name, agency=a.name if a else "")
    seats = [set(roles_of(r)) for r in session.scalars(select(User.roles).where(User.person_id == p.id,
                                                                         User.active.is_(True)))]
    if seats and not any(roles & HANDLING_ROLES for roles in seats):  # a clerk's seat, no officer's (issue 17)
        raise ValidationError("officer_not_case_officer", field="officer", name=p.full_name)


def assign_officer(uow, case_id: int, person_id: int | None):
    """The leader of the agency handling the case names its responsible officer (history kept)."""
    require(uow.actor, "assign_officer")
    s = uow.session
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("case_not_found", id=case_id)
    scope.require_case_write(uow, case, "assign_officer")
    check_officer(s, case.handling_agency_id, person_id)
    before = case.officer_id
    case.officer_id = person_id
    open_period(s, case, reason="assign", user_id=uow.actor.user_id)
    persistence.record(uow, None, "officer_assigned", {"case_id": case.id, "case": case.number, "before": before,
                                             "after": person_id})
    uow.commit()
    return case.id


def history(uow, case_id: int) -> list[ResponsibilityPeriod]:
    scope.require_case_visible(uow, case_id, "read_case")
    from ..db.models import Handover
    s = uow.session
    out = []
    for r in s.scalars(select(CaseResponsibility).where(CaseResponsibility.case_id == case_id)
                       .order_by(CaseResponsibility.started_at, CaseResponsibility.id)):
        a = s.get(Agency, r.agency_id) if r.agency_id else None
        p = s.get(Person, r.person_id) if r.person_id else None
        ho = s.get(Handover, r.handover_id) if r.handover_id else None
        out.append(ResponsibilityPeriod(a.name if a else "", p.full_name if p else "", r.started_at, r.ended_at,
                                        r.reason, ho.number if ho else ""))
    return out


def officers_of(uow, agency_id: int) -> list[tuple[int, str]]:
    """The agency's officers with a seat (for choosing the responsible officer): its clerks and warehouse staff
    are not offered, a clerk handles no case (issue 17); its leader neither — he assigns, he is not proposed."""
    s = uow.session
    rows = s.execute(select(Person.id, Person.full_name, Person.position, User.roles)
                     .join(User, User.person_id == Person.id)
                     .where(User.agency_id == agency_id, User.active.is_(True)).order_by(Person.full_name)).all()
    seen: dict[int, str] = {}
    for r in rows:
        if set(roles_of(r.roles)) & OWN_CASE_ROLES and r.id not in seen:
            seen[r.id] = f"{r.full_name} — {r.position}" if r.position else r.full_name
    return list(seen.items())


def agency_has_leader(uow, agency_id: int | None) -> bool:
    """The agency has an active leader's seat: someone who can assign the case's officer in the app later
    (``assign_officer``). Without one, a case accepted with no officer would stay so (issue 17)."""
    if not agency_id:
        return False
    rows = uow.session.scalars(select(User.roles).where(User.agency_id == agency_id, User.active.is_(True)))
    return any(Role.LEADER in roles_of(r) for r in rows)


def agency_has_seat(session, agency_id: int | None) -> bool:
    if not agency_id:
        return False
    return session.execute(select(User.id).where(User.agency_id == agency_id, User.active.is_(True),
                                                 User.roles != "admin")).first() is not None


def person_has_seat(session, person_id: int | None, agency_id: int | None) -> bool:
    """The person is an active user of that agency (so can accept in the app)."""
    if not person_id or not agency_id:
        return False
    return session.execute(select(User.id).where(User.person_id == person_id, User.agency_id == agency_id,
                                                 User.active.is_(True))).first() is not None


