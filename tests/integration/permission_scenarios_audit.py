"""Permission scenarios of the audit (kiểm kê) services (registered into permission_scenarios.SCENARIOS)."""

from __future__ import annotations

from evidence_store.services import audit, audit_count, audit_plan, audit_read, audit_reconcile, audit_resolution
from evidence_store.services.commands import (AuditScanInput, CloseAudit, PlanAudit, ResolveLine, ScanChecks,
                                                    TeamMember)
from evidence_store.services.context import UnitOfWork

from .lifecycle_builders import doc
from .permission_scenarios import SYSTEM, received, scenario


def _open(db, w, n, *, scan: bool = True) -> tuple[str, str]:
    """A fresh item on its own shelf and a zone audit of Khu A counting; returns (audit number, item code)."""
    code = received(db, n, location_code=w.locations["bin_A111"])[0]
    with UnitOfWork(db, SYSTEM) as uow:
        number = audit_plan.plan_audit(uow, PlanAudit("zone", location_code=w.locations["zone_A"],
                                                 team=(TeamMember("chair", "Phạm Quang Dũng"),))).extra["audit_number"]
    if scan:
        with UnitOfWork(db, SYSTEM) as uow:
            audit_count.record_scan(uow, AuditScanInput(number, w.locations["bin_A111"]))
    return number, code


def _reconciled(db, w, n) -> tuple[str, int]:
    """An audit of Khu A reconciled with nothing scanned: the new item is a missing line."""
    number, code = _open(db, w, n, scan=False)
    with UnitOfWork(db, SYSTEM) as uow:
        audit_reconcile.reconcile(uow, number)
    with UnitOfWork(db, SYSTEM, write=False) as uow:
        line = [l for l in audit_read.audit_lines(uow, number) if l.code == code][0]
    return number, line.line_no


@scenario("audit_plan.plan_audit", "plan_audit")
def _plan(db, w, n, actor):
    return lambda uow: audit_plan.plan_audit(uow, PlanAudit("zone", location_code=w.locations["zone_B"]))


@scenario("audit_plan.plan_preview", "plan_audit")
def _preview(db, w, n, actor):
    return lambda uow: audit_plan.plan_preview(uow, PlanAudit("sample_items", confidence=0.9, margin=0.1))


@scenario("audit_count.record_scan", "count_audit")
def _scan(db, w, n, actor):
    number, code = _open(db, w, n)
    return lambda uow: audit_count.record_scan(uow, AuditScanInput(number, w.locations["bin_A112"]))


@scenario("audit_count.record_checks", "count_audit")
def _checks(db, w, n, actor):
    number, code = _open(db, w, n)
    with UnitOfWork(db, SYSTEM) as uow:
        scan_id = audit_count.record_scan(uow, AuditScanInput(number, code))["scan_id"]
    return lambda uow: audit_count.record_checks(uow, ScanChecks(number, scan_id, seal_seen="NP-0001", seal_intact=True))


@scenario("audit_count.import_scan_file", "count_audit")
def _import(db, w, n, actor):
    number, code = _open(db, w, n)
    text = f"{w.locations['bin_A111']}\n{code}\n"
    return lambda uow: audit_count.import_scan_file(uow, number, text)


@scenario("audit.set_schedule", "plan_audit")
def _schedule(db, w, n, actor):
    return lambda uow: audit.set_schedule(uow, w.locations["zone_B"], 30 + n % 50)


@scenario("audit_reconcile.reconcile", "plan_audit")
def _reconcile(db, w, n, actor):
    number, _code = _open(db, w, n)
    return lambda uow: audit_reconcile.reconcile(uow, number)


@scenario("audit_resolution.request_recount", "plan_audit")
def _recount(db, w, n, actor):
    number, line = _reconciled(db, w, n)
    return lambda uow: audit_resolution.request_recount(uow, number, line, "Đếm lại")


@scenario("audit_resolution.resolve_line", "resolve_audit")
def _resolve(db, w, n, actor):
    number, line = _reconciled(db, w, n)
    report = doc("incident_report", f"{n}/BB-SC", w.agencies["pc10"])
    return lambda uow: audit_resolution.resolve_line(uow, ResolveLine(number, line, "incident_lost", report=report,
                                                                      note="Không tìm thấy"))


@scenario("audit_reconcile.close_audit", "close_audit")
def _close(db, w, n, actor):
    number, _line = _reconciled(db, w, n)
    with UnitOfWork(db, SYSTEM, write=False) as uow:
        lines = [l.line_no for l in audit_read.audit_lines(uow, number, discrepancies_only=True)]
    for line in lines:
        with UnitOfWork(db, SYSTEM) as uow:
            audit_resolution.resolve_line(uow, ResolveLine(number, line, "explained", note="Đã kiểm tra lại"))
    return lambda uow: audit_reconcile.close_audit(uow, CloseAudit(number))


@scenario("audit_read.my_scans", "count_audit")
def _my_scans(db, w, n, actor):
    number, _code = _open(db, w, n)
    return lambda uow: audit_read.my_scans(uow, number)


@scenario("audit_read.current_location", "count_audit")
def _current(db, w, n, actor):
    number, _code = _open(db, w, n)
    return lambda uow: audit_read.current_location(uow, number)


@scenario("audit_export.audit_record", "read_all")
def _record(db, w, n, actor):
    number, _line = _reconciled(db, w, n)
    from evidence_store.services import audit_export
    return lambda uow: audit_export.audit_record(uow, number)


@scenario("audit_export.audit_xlsx", "read_all")
def _xlsx(db, w, n, actor):
    number, _line = _reconciled(db, w, n)
    from evidence_store.services import audit_export
    return lambda uow: audit_export.audit_xlsx(uow, number)
