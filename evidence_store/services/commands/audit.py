"""Commands of the audit (kiểm kê) workflow, as frozen plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .inputs import DocumentInput


@dataclass(frozen=True)
class TeamMember:
    """A member of the counting team or a supervisor. role: chair | member | keeper | supervisor | witness."""

    role: str
    name: str
    position: str = ""
    agency: str = ""


@dataclass(frozen=True)
class PlanAudit:
    """A plan; counting starts at once (the expected set is frozen then).

    kind: domain.audit.AuditKind. zone → location_code (the subtree); category → category; case → case_number;
    sample_items → confidence, margin, seed (+ high_risk_only, high_risk_weight, optional location_code/category);
    sample_locations → confidence, margin, seed (+ optional location_code)."""

    kind: str
    location_code: str = ""
    category: str = ""
    case_number: str = ""
    high_risk_only: bool = False
    confidence: float = 0.95
    margin: float = 0.03
    seed: int | None = None
    high_risk_weight: float = 3.0
    weight_tolerance: float = 0.02
    reason: str = ""
    place: str = ""
    team: tuple[TeamMember, ...] = ()


@dataclass(frozen=True)
class AuditScanInput:
    audit_number: str
    code: str
    source: str = "live"  # live | file
    scanned_at: datetime | None = None
    location_code: str = ""  # file import: the location the file says (else the auditor's current one)


@dataclass(frozen=True)
class ScanChecks:
    """What the auditor checked on a scanned item: the seal read on the spot, re-weighing, cash count."""

    audit_number: str
    scan_id: int
    seal_seen: str | None = None
    seal_intact: bool | None = None
    measured: dict = field(default_factory=dict)  # quantity | denominations | net_weight_g | gross_weight_g | weight_g


@dataclass(frozen=True)
class ResolveLine:
    """Resolve one discrepancy by a recorded act (domain.audit.Resolution).

    move / accept_place → storage.move_items; incident_lost / incident_damaged → incidents.record_incident with
    ``report`` (biên bản sự cố); correction → corrections.record_correction with ``values`` and ``note`` as reason;
    seal_incident → seals.open_seal_incident (a seal found broken, #12); seal_checked → ``values["seal_seen"]``, the
    seal read afterwards, must be the register's number; explained → a commander's written explanation (no change
    to the item)."""

    audit_number: str
    line_no: int
    resolution: str
    note: str = ""
    report: DocumentInput | None = None
    values: dict = field(default_factory=dict)
    location_code: str = ""  # accept_place / move: overrides the default target


@dataclass(frozen=True)
class CloseAudit:
    audit_number: str
    team: tuple[TeamMember, ...] = ()  # replaces the plan's team when given
    remarks: str = ""
