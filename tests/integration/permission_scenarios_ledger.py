"""Permission scenarios of the ledger screen's read services (registered into permission_scenarios.SCENARIOS)."""

from __future__ import annotations

from evidence_store.services import ledger_read

from .permission_scenarios import received, scenario


@scenario("ledger_read.ledger_head", "verify_ledger")
def _ledger_head(db, w, n, actor):
    received(db, n)
    return lambda uow: ledger_read.ledger_head(uow)
