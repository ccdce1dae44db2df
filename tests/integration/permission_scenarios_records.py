"""Permission scenarios of the records, legal bases, seals and calendar services (issue #12)."""

from __future__ import annotations

from evidence_store.domain.legal_bases import DEFAULT_BASES
from evidence_store.services import legal_bases

from .permission_scenarios import scenario


@scenario("legal_bases.save_legal_bases", "manage_settings")
def _save_legal_bases(db, w, n, actor):
    return lambda uow: legal_bases.save_legal_bases(uow, DEFAULT_BASES)
