"""A zone audit of a big warehouse (issue #15 at one million items: the benchmark's zone of the whole warehouse
has ~18,000 bins). The audit keeps its scope as the list of the zone's location ids; that list is the system's,
not text a user typed, and is not cut at the 20,000 characters of a typed text."""

from __future__ import annotations

from sqlalchemy import text

from evidence_store.services import audit, audit_plan
from evidence_store.services.commands import PlanAudit
from evidence_store.services.context import UnitOfWork


def test_a_zone_of_four_thousand_bins_is_planned_whole(world, clerk):
    db, w = world
    with db.writer.begin() as conn:
        zone, warehouse = conn.execute(text("SELECT id, warehouse_id FROM locations WHERE code = :c"),
                                       {"c": w.locations["zone_A"]}).one()
        conn.execute(text("INSERT INTO locations (warehouse_id, parent_id, code, name, kind, occupancy, active) "
                          "VALUES (:w, :p, :c, :n, 'bin', 0, :a)"),
                     [{"w": warehouse, "p": zone, "c": f"VT-BIG-{i:05d}", "n": f"Ô {i}", "a": True}
                      for i in range(4000)])
    with UnitOfWork(db, clerk) as uow:
        number = audit_plan.plan_audit(uow, PlanAudit("zone", location_code=w.locations["zone_A"])).extra[
            "audit_number"]
    with UnitOfWork(db, clerk, write=False) as uow:
        planned = audit.audit_by_number(uow.session, number)
        covered = audit.scope_location_ids(planned)
    assert len(covered) > 4000 and zone in covered  # every bin of the zone, none dropped
