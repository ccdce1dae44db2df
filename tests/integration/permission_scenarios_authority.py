"""Permission scenarios of the authority services (issue #11): the competence table and case milestones."""

from __future__ import annotations

from sqlalchemy import text

from evidence_store.domain import authority as authority_rules
from evidence_store.services import authority, milestones, setup
from evidence_store.services.context import UnitOfWork

from .lifecycle_builders import doc
from .permission_scenarios import SYSTEM, received, scenario


def _case_id(db, n) -> int:
    code = received(db, n)[0]
    with db.reader.connect() as c:
        return c.execute(text("SELECT case_id FROM items WHERE code = :c"), {"c": code}).scalar()


@scenario("authority.set_rule", "manage_authority")
def _set_rule(db, w, n, actor):
    return lambda uow: authority.set_rule(uow, "intake_order", "investigation", ["investigating_body", "customs"],
                                          "ND 142/2024/NĐ-CP Điều 14")


@scenario("authority.import_table", "manage_authority")
def _import(db, w, n, actor):
    return lambda uow: authority.import_table(uow, authority_rules.DEFAULT_TABLE.as_dict())


@scenario("authority.reset_table", "manage_authority")
def _reset(db, w, n, actor):
    return lambda uow: authority.reset_table(uow)


@scenario("authority.set_category_flags", "manage_authority")
def _flags(db, w, n, actor):
    return lambda uow: authority.set_category_flags(uow, perishable=["perishable"])


@scenario("milestones.record_milestone", "record_milestone")
def _record(db, w, n, actor):
    case_id = _case_id(db, n)
    cmd = milestones.RecordMilestone(case_id, "opening", doc("case_opening", f"{n}/QĐ-KTVA", w.agencies["pc02"]))
    return lambda uow: milestones.record_milestone(uow, cmd)


@scenario("milestones.confirm_milestone", "record_milestone")
def _confirm(db, w, n, actor):
    case_id = _case_id(db, n)
    with UnitOfWork(db, SYSTEM) as uow:
        ch = milestones.record_milestone(uow, milestones.RecordMilestone(
            case_id, "opening", doc("case_opening", f"{n}/QĐ-KTVA", w.agencies["pc02"])))
    with db.writer.begin() as c:  # the milestone of the actor's own agency, whatever its kind, for this check
        c.execute(text("UPDATE case_milestones SET issuing_agency_id = :a WHERE id = :i"),
                  {"a": actor.agency_id, "i": ch.extra["milestone_id"]})
    return lambda uow: milestones.confirm_milestone(uow, ch.extra["milestone_id"])


@scenario("milestones.set_pilot", "manage_cases")
def _pilot(db, w, n, actor):
    case_id = _case_id(db, n)
    return lambda uow: milestones.set_pilot(uow, case_id, True, "Thông báo số 12/TB-BCĐTW")


@scenario("setup.set_agency_kind", "manage_agencies")
def _agency_kind(db, w, n, actor):
    return lambda uow: setup.set_agency_kind(uow, w.agencies["caugiay"], "police")


def _pilot_car(db, n) -> tuple[str, int]:
    """A car in a case under the NQ 164/2024/QH15 pilot (registered property: its transactions can be suspended)."""
    from evidence_store.services.commands import NewItem
    from .builders import receive
    ch = receive(db, SYSTEM, [NewItem("car", "Ô tô Kia Morning", 1, "chiếc", attributes={"plate": f"30A-{n:03d}.64"})],
                 case_number=f"{n}/2026/TD")
    with UnitOfWork(db, SYSTEM) as uow:
        milestones.set_pilot(uow, ch.case_id, True, "Thông báo số 12/TB-BCĐTW")
    return ch.item_codes[0], ch.case_id


@scenario("pilot.suspend_transactions", "record_disposal")
def _suspend(db, w, n, actor):
    from evidence_store.services import pilot
    code, _case = _pilot_car(db, n)
    cmd = pilot.SuspendTransactions((code,), doc("pilot_decision", f"{n}/QĐ-TD", w.agencies["pc02"]), "Phòng CSGT")
    return lambda uow: pilot.suspend_transactions(uow, cmd)


@scenario("pilot.lift_suspension", "record_disposal")
def _lift(db, w, n, actor):
    from evidence_store.services import pilot
    code, _case = _pilot_car(db, n)
    with UnitOfWork(db, SYSTEM) as uow:
        pilot.suspend_transactions(uow, pilot.SuspendTransactions(
            (code,), doc("pilot_decision", f"{n}/QĐ-TD", w.agencies["pc02"]), "Phòng CSGT"))
    cmd = pilot.LiftSuspension((code,), doc("pilot_decision", f"{n}/QĐ-HB", w.agencies["pc02"]))
    return lambda uow: pilot.lift_suspension(uow, cmd)
