"""Permission scenarios of the administration services added after the first matrix
(registered into permission_scenarios.SCENARIOS)."""

from __future__ import annotations

from evidence_store.services import setup

from .permission_scenarios import scenario


@scenario("setup.update_location", "manage_locations")
def _update_location(db, w, n, actor):
    return lambda uow: setup.update_location(uow, w.locations["bin_B222"], name=f"Ô B2-2-02 ({n})")
