"""Permission scenarios of the administration services added after the first matrix
(registered into permission_scenarios.SCENARIOS)."""

from __future__ import annotations

from evidence_store.services import setup

from .permission_scenarios import scenario


@scenario("setup.update_location", "manage_locations")
def _update_location(db, w, n, actor):
    return lambda uow: setup.update_location(uow, w.locations["bin_B222"], name=f"Ô B2-2-02 ({n})")


@scenario("first_steps.first_steps", "manage_users")
def _first_steps(db, w, n, actor):
    from evidence_store.services import first_steps
    return lambda uow: first_steps.first_steps(uow)


@scenario("first_steps.mark", "manage_users")
def _first_steps_mark(db, w, n, actor):
    from evidence_store.services import first_steps
    return lambda uow: first_steps.mark(uow, "dismissed")
