"""A zone (Khu A) with one item planted for every kind of audit result, and the scans a blind count of it
makes (shared by the integration and GUI tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from evidence_store.domain import codes
from evidence_store.services import audit_count, audit_plan, audit_read
from evidence_store.services.commands import AuditScanInput, NewItem, PlanAudit, ScanChecks
from evidence_store.services.commands import ReleaseItems
from evidence_store.services.release import release_items

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import TODAY, approved_release, doc, examiner, read, run


@dataclass
class Planted:
    found: str
    wrong_place: str
    missing: str
    unexpected: str  # in storage in Khu B
    unknown: str  # a well-formed code no item has
    on_release: str
    seal_broken: str
    quantity: str  # 10 kg of goods, 8 counted
    locations: dict


def plant(db, w, clerk) -> Planted:
    L = w.locations
    found, wrong, missing, released, sealed = receive(db, clerk, [
        phone(location_code=L["bin_A111"], seal_number="NP-1001"),
        phone(location_code=L["bin_A112"], seal_number="NP-1002"),
        phone(location_code=L["bin_A111"], seal_number="NP-1003"),
        phone(location_code=L["bin_A122"], seal_number="NP-1004"),
        phone(location_code=L["bin_A121"], seal_number="NP-1005"),
    ], case_number="201/2026/CSHS", order="71/LNK-PC02").item_codes
    goods = receive(db, clerk, [NewItem("goods", "Thuốc lá điếu nhập lậu", 10, "kg", sealed=True, seal_state="intact", seal_number="NP-1006",
                                        location_code=L["bin_A121"], attributes={"kind": "thuốc lá"})],
                    case_number="202/2026/CSKT", order="72/LNK-PC03").item_codes[0]
    other = receive(db, clerk, [phone(location_code=L["bin_B111"], seal_number="NP-2001")],
                    case_number="203/2026/CSHS", order="73/LNK-PC02").item_codes[0]
    a = w.agencies
    run(db, clerk, approved_release, ReleaseItems((released,), doc("release_order", "81/LXK-PC02", a["pc02"]),
                                               "examination", examiner(a["ca"]), TODAY + timedelta(days=7),
                                               receiver_agency_id=a["ca"], seal_states=seals_checked((released,))))
    unknown = codes.make_code("VC", 26, 987654).compact
    return Planted(found, wrong, missing, other, unknown, released, sealed, goods, L)


def count_zone(scan, checks, p: Planted) -> None:
    """The blind count: ``scan(code) -> answer``, ``checks(scan_id, **kw)``."""
    L = p.locations
    scan(L["bin_A111"])
    scan(p.found)
    scan(p.unexpected)  # belongs to Khu B
    scan(p.unknown)
    scan(L["bin_A121"])
    scan(p.wrong_place)  # registered at bin_A112
    answer = scan(p.seal_broken)
    checks(answer["scan_id"], seal_seen="NP-1005", seal_intact=False)
    answer = scan(p.quantity)
    checks(answer["scan_id"], measured={"quantity": "8"})


def new_audit(db, actor, **kw):
    return run(db, actor, audit_plan.plan_audit, PlanAudit(**kw)).extra["audit_number"]


def audit_scanner(db, actor, number):
    def scan(code):
        return run(db, actor, audit_count.record_scan, AuditScanInput(number, code))

    def checks(scan_id, **kw):
        return run(db, actor, audit_count.record_checks, ScanChecks(number, scan_id, **kw))
    return scan, checks


def audit_results(db, actor, number):
    return {l.code: l for l in read(db, actor, audit_read.audit_lines, number)}
