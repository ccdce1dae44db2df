"""Permission scenarios of the reports and the register import (registered into permission_scenarios.SCENARIOS)."""

from __future__ import annotations

from datetime import date

from evidence_store.services import reports

from .permission_scenarios import received, scenario


@scenario("reports.build_report", "view_reports")
def _build_report(db, w, n, actor):
    received(db, n)
    flt = reports.ReportFilter(date(2026, 1, 1), date(2026, 12, 31))
    return lambda uow: reports.build_report(uow, "summary", flt)


@scenario("register_import.save_preset", "import_registers")
def _save_preset(db, w, n, actor):
    from evidence_store.exports.registers import Preset
    from evidence_store.services import register_import
    return lambda uow: register_import.save_preset(uow, Preset(f"so-cu-{n}", "items", {"name": "Tên"}))
