"""Kiểm kê (#15): a high-risk item seen but not measured is never simply "found in place". Loose money counted
without its count, an unsealed bag of drugs not re-weighed: a discrepancy («chưa đếm tiền / cân lại») resolved by the
count done afterwards (only when it agrees with the register) or a commander's explanation. A sealed package whose
seal was read intact stands for its contents, and the printed record says it was not opened to count or weigh.
Both engines; the record's lines are checked against the database."""

from __future__ import annotations

import pytest

from evidence_store.domain import audit as audit_rules
from evidence_store.domain.errors import DomainError
from evidence_store.services import audit_count, audit_plan
from evidence_store.services import audit_export
from evidence_store.services import audit_read
from evidence_store.services import audit_reconcile, audit_resolution
from evidence_store.services import storage
from evidence_store.services.commands import DocumentInput, NewItem, PersonInput, SealItems
from evidence_store.services.commands import AuditScanInput, CloseAudit, PlanAudit, ResolveLine, ScanChecks
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify
from tests.unit.printing_helpers import text as pdf_text

from .builders import receive
from .lifecycle_builders import TODAY, read, run
from .test_audit import TEAM


def test_high_risk_items_counted_without_their_measure_are_flagged(world, clerk):
    db, w = world
    L = w.locations
    boss = w.actor(db, "lanhdao")
    loose_cash, weighed_drug, sealed_drug, unweighed_drug = receive(db, clerk, [
        NewItem("cash_vnd", "Tiền mặt thu giữ", 20, "tờ", sealed=True, seal_state="intact", seal_number="TM-20", location_code=L["safe"],
                attributes={"denominations": "500000x20", "total_amount": "10000000"}),
        NewItem("drugs", "Cần sa khô", 1, "túi", sealed=True, seal_state="intact", seal_number="MT-20", location_code=L["secure"],
                attributes={"net_weight_g": "40"}),
        NewItem("drugs", "Ma túy đá (methamphetamine)", 1, "gói", sealed=True, seal_state="intact", seal_number="MT-21",
                location_code=L["secure"], attributes={"net_weight_g": "12.5"}),
        NewItem("drugs", "Heroin", 1, "gói", sealed=True, seal_state="intact", seal_number="MT-22", location_code=L["secure"],
                attributes={"net_weight_g": "3.2"}),
    ], case_number="321/2026/MT", order="93/LNK-PC04").item_codes
    act = dict(document=DocumentInput("other", "12/YC-CSMT", TODAY, w.agencies["pc02"]),
               organiser=PersonInput(full_name="Trần Đức Hùng", position="Điều tra viên", agency_id=w.agencies["pc02"]),
               witness=PersonInput(full_name="Lê Quang Sơn"))
    with UnitOfWork(db, clerk) as uow:  # opened in the warehouse for the investigator: loose on the shelf now
        storage.seal_items(uow, SealItems((loose_cash, weighed_drug, unweighed_drug), "unseal",
                                          participants=("Nguyễn Thị Lan",), reason="kiểm tra", **act))
    number = run(db, clerk, audit_plan.plan_audit, PlanAudit(kind="case", case_number="321/2026/MT", team=TEAM)
                 ).extra["audit_number"]

    def scan(code, **checks):
        answer = run(db, clerk, audit_count.record_scan, AuditScanInput(number, code))
        if checks:
            run(db, clerk, audit_count.record_checks, ScanChecks(number, answer["scan_id"], **checks))

    scan(L["safe"])
    scan(loose_cash)  # seen, not counted
    scan(L["secure"])
    scan(weighed_drug, measured={"net_weight_g": "40,3"})  # within the tolerance
    scan(sealed_drug, seal_seen="MT-21", seal_intact=True)  # the seal read, the package not opened
    scan(unweighed_drug)
    run(db, clerk, lambda uow, n: audit_reconcile.reconcile(uow, n), number)
    lines = {l.code: l for l in read(db, clerk, audit_read.audit_lines, number)}
    assert {c: lines[c].result for c in lines} == {
        loose_cash: "measure_not_taken", weighed_drug: "found", sealed_drug: "found",
        unweighed_drug: "measure_not_taken"}
    assert audit_rules.Result.MEASURE_NOT_TAKEN in audit_rules.DISCREPANCIES
    with pytest.raises(DomainError) as exc:
        run(db, boss, audit_reconcile.close_audit, CloseAudit(number))
    assert exc.value.code == "unresolved_lines" and exc.value.params["n"] == 2

    def resolve(code, how, **kw):
        return run(db, clerk, audit_resolution.resolve_line, ResolveLine(number, lines[code].line_no, how, **kw))
    for values, code in (({}, "measure_required"), ({"denominations": "500000x19"}, "measure_differs")):
        with pytest.raises(DomainError) as exc:  # nothing typed, or one note short: not "as registered"
            resolve(loose_cash, "measure_checked", values=values)
        assert exc.value.code == code
    resolve(loose_cash, "measure_checked", values={"denominations": "500.000 × 20"})
    with pytest.raises(DomainError) as exc:
        resolve(unweighed_drug, "seal_checked", values={"seal_seen": "x"})
    assert exc.value.code == "resolution_not_for_result"
    run(db, boss, audit_resolution.resolve_line, ResolveLine(number, lines[unweighed_drug].line_no, "explained",
                                                note="Cân hỏng, cân lại ngày 21/11 cùng kiểm sát viên"))
    run(db, boss, audit_reconcile.close_audit, CloseAudit(number))

    # the printed record, against the database
    record = read(db, clerk, audit_export.audit_record, number)
    lines = {l.code: l for l in read(db, clerk, audit_read.audit_lines, number)}
    assert [l.code for l in record.discrepancies] == sorted((loose_cash, unweighed_drug),
                                                            key=lambda c: lines[c].line_no)
    assert [l.code for l in record.unmeasured] == [sealed_drug]
    assert record.totals["measure_not_taken"] == 2 and record.totals["found"] == 2
    words = pdf_text(read(db, clerk, audit_export.audit_record_pdf, number))
    assert "Chưa đếm tiền / cân lại (nhóm rủi ro cao)" in words
    assert "không mở niêm phong để đếm tiền, cân lại" in words and "nguyên vẹn, không mở để đếm / cân" in words
    assert "Đã đếm / cân lại: đúng như sổ" in words and "500.000 × 20" in words
    assert "Cân hỏng, cân lại ngày 21/11 cùng kiểm sát viên" in words
    assert verify(db).ok
