"""Permission scenarios of the records, legal bases, seals and calendar services (issue #12)."""

from __future__ import annotations

from evidence_store.domain.legal_bases import DEFAULT_BASES
from evidence_store.services import legal_bases

from .permission_scenarios import scenario


@scenario("legal_bases.save_legal_bases", "manage_settings")
def _save_legal_bases(db, w, n, actor):
    return lambda uow: legal_bases.save_legal_bases(uow, DEFAULT_BASES)


@scenario("seals.report_broken_seal", "record_incident")
def _report_broken_seal(db, w, n, actor):
    from evidence_store.services import seals
    from .lifecycle_builders import owner
    from .permission_scenarios import received
    codes = received(db, n)
    return lambda uow: seals.report_broken_seal(uow, seals.ReportBrokenSeal(codes, "check", "Giấy niêm phong bị rách",
                                                                           witness=owner()))


@scenario("workdays.save_holidays", "manage_settings")
def _save_holidays(db, w, n, actor):
    from evidence_store.services import workdays
    return lambda uow: workdays.save_holidays(uow, ["2026-12-07"])
