"""The read side of kiểm kê: audits, what this auditor scanned (blind: never what is expected), results
after reconciliation, the zone schedule. Plain data only."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from ..domain import audit as audit_rules
from ..domain.permissions import require
from ..db.models import Audit, AuditLine, AuditScan, AuditSchedule, Case, Item, Location, User
from .audit import audit_by_number, zones
from ..domain import chronology


@dataclass(frozen=True)
class AuditRow:
    number: str
    kind: str
    status: str
    scope: str  # readable scope: "Khu A (VT…)", category, case
    population: int
    sample_size: int
    created_at: datetime
    scans: int
    lines: int
    unresolved: int
    closed_at: datetime | None = None


@dataclass(frozen=True)
class AuditDetail:
    number: str
    kind: str
    status: str
    scope: str
    population: int
    sample_size: int
    confidence: float | None
    margin: float | None
    seed: int | None
    high_risk_weight: float
    high_risk_only: bool
    weight_tolerance: float
    reason: str
    place: str
    team: tuple[dict, ...]
    created_at: datetime
    created_by: str
    reconciled_at: datetime | None
    closed_at: datetime | None
    scans: int
    totals: dict = field(default_factory=dict)
    ledger_seq: int | None = None
    ledger_hash: str | None = None


@dataclass(frozen=True)
class ScanView:
    id: int
    scanned_at: datetime
    code: str
    kind: str
    outcome: str
    name: str  # item or location name
    location: str  # the location it was counted at
    seal_seen: str | None
    seal_intact: bool | None
    measured: dict
    username: str = ""


@dataclass(frozen=True)
class LineView:
    line_no: int
    item_id: int | None
    code: str
    name: str
    category: str
    result: str
    expected_code: str
    expected_name: str
    found_code: str
    found_name: str
    details: dict
    resolution: str
    resolution_note: str
    resolution_ref: str
    resolved_by: str
    resolved_at: datetime | None
    recount_requested: bool
    ledger_seq: int | None
    quantity: float = 0
    unit: str = ""
    seal_number: str = ""
    case_number: str = ""


@dataclass(frozen=True)
class ScheduleRow:
    location_code: str
    location_name: str
    interval_days: int | None
    next_on: date | None
    last_audit: str
    overdue: bool


def _read(uow) -> None:
    require(uow.actor, "read_all")


def scope_text(session, audit: Audit) -> str:
    from ..describe import category_label
    from ..i18n import _
    parts = []
    if audit.scope_location_id:
        loc = session.get(Location, audit.scope_location_id)
        from ..domain.codes import parse_code
        parts.append(f"{loc.name} ({parse_code(loc.code).display})")
    if audit.scope_category:
        parts.append(category_label(audit.scope_category))
    if audit.scope_case_id:
        parts.append(_("vụ án {number}", number=session.get(Case, audit.scope_case_id).number))
    if audit.high_risk_only:
        parts.append(_("nhóm rủi ro cao (tiền, vàng bạc, ma túy, vũ khí)"))
    if not parts:
        parts.append(_("toàn kho"))
    return "; ".join(parts)


def list_audits(uow, status: str | None = None, limit: int = 200) -> list[AuditRow]:
    _read(uow)
    s = uow.session
    stmt = select(Audit).order_by(Audit.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(Audit.status == status)
    out = []
    for a in s.scalars(stmt):
        scans = s.scalar(select(func.count()).select_from(AuditScan).where(AuditScan.audit_id == a.id)) or 0
        lines = s.scalar(select(func.count()).select_from(AuditLine).where(AuditLine.audit_id == a.id)) or 0
        unresolved = s.scalar(select(func.count()).select_from(AuditLine).where(
            AuditLine.audit_id == a.id, AuditLine.result.in_([r.value for r in audit_rules.DISCREPANCIES]),
            AuditLine.resolution == "")) or 0
        out.append(AuditRow(a.number, a.kind, a.status, scope_text(s, a), a.population, a.sample_size, a.created_at,
                            scans, lines, unresolved, a.closed_at))
    return out


def audit_detail(uow, number: str) -> AuditDetail:
    _read(uow)
    s = uow.session
    a = audit_by_number(s, number)
    user = s.get(User, a.created_by) if a.created_by else None
    scans = s.scalar(select(func.count()).select_from(AuditScan).where(AuditScan.audit_id == a.id)) or 0
    totals = audit_rules.totals([])
    totals.update(dict(s.execute(select(AuditLine.result, func.count()).where(AuditLine.audit_id == a.id)
                                 .group_by(AuditLine.result)).all()))
    return AuditDetail(a.number, a.kind, a.status, scope_text(s, a), a.population, a.sample_size, a.confidence,
                       a.margin, a.seed, a.high_risk_weight, a.high_risk_only, a.weight_tolerance, a.reason, a.place,
                       tuple(json.loads(a.team or "[]")), a.created_at,
                       (user.person.full_name if user and user.person else user.username if user else ""),
                       a.reconciled_at, a.closed_at, scans, totals, a.ledger_seq, a.ledger_hash)


def my_scans(uow, number: str, limit: int = 500, *, everyone: bool = False) -> list[ScanView]:
    """This auditor's scans, newest first (what the counting screen shows, also after a restart)."""
    require(uow.actor, "count_audit") if not everyone else _read(uow)
    s = uow.session
    a = audit_by_number(s, number)
    stmt = (select(AuditScan, Item.name, Location.name.label("loc_name"), User.username)
            .outerjoin(Item, Item.id == AuditScan.item_id)
            .outerjoin(Location, Location.id == AuditScan.location_id)
            .outerjoin(User, User.id == AuditScan.user_id)
            .where(AuditScan.audit_id == a.id).order_by(AuditScan.id.desc()).limit(limit))
    if not everyone:
        stmt = stmt.where(AuditScan.user_id == uow.actor.user_id)
    out = []
    for scan, item_name, loc_name, username in s.execute(stmt):
        name = item_name or (loc_name if scan.kind == "location" else "") or ""
        out.append(ScanView(scan.id, scan.scanned_at, scan.code, scan.kind, scan.outcome, name, loc_name or "",
                            scan.seal_seen, scan.seal_intact, json.loads(scan.measured) if scan.measured else {},
                            username or ""))
    return out


def current_location(uow, number: str) -> tuple[str, str] | None:
    """(code, name) of this auditor's current location in the audit, for resuming."""
    from .audit_count import _current_location
    require(uow.actor, "count_audit")
    s = uow.session
    a = audit_by_number(s, number)
    lid = _current_location(s, a, uow.actor.user_id)
    loc = s.get(Location, lid) if lid else None
    return (loc.code, loc.name) if loc else None


def audit_lines(uow, number: str, *, discrepancies_only: bool = False, limit: int | None = None) -> list[LineView]:
    _read(uow)
    s = uow.session
    a = audit_by_number(s, number)
    if a.status == audit_rules.AuditStatus.COUNTING and not s.scalar(
            select(func.count()).select_from(AuditLine).where(AuditLine.audit_id == a.id)):
        return []  # blind: nothing about what is expected while counting
    from ..db.models import Case as Ca
    stmt = (select(AuditLine, Item.name, Item.category, Item.quantity, Item.unit, Item.seal_number, Ca.number)
            .outerjoin(Item, Item.id == AuditLine.item_id).outerjoin(Ca, Ca.id == Item.case_id)
            .where(AuditLine.audit_id == a.id).order_by(AuditLine.line_no))
    if discrepancies_only:
        stmt = stmt.where(AuditLine.result.in_([r.value for r in audit_rules.DISCREPANCIES]))
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = s.execute(stmt).all()
    loc_ids = {r[0].expected_location_id for r in rows} | {r[0].found_location_id for r in rows}
    locs = {i: (c, n) for i, c, n in s.execute(select(Location.id, Location.code, Location.name)
                                                .where(Location.id.in_([i for i in loc_ids if i])))} if loc_ids else {}
    users = dict(s.execute(select(User.id, User.username)).all())
    out = []
    for line, name, category, qty, unit, seal, case_no in rows:
        exp = locs.get(line.expected_location_id, ("", ""))
        found = locs.get(line.found_location_id, ("", ""))
        out.append(LineView(line.line_no, line.item_id, line.code, name or "", category or "", line.result,
                            exp[0], exp[1], found[0], found[1], json.loads(line.details or "{}"), line.resolution,
                            line.resolution_note, line.resolution_ref, users.get(line.resolved_by, ""),
                            line.resolved_at, line.recount_requested, line.ledger_seq, qty or 0, unit or "",
                            seal or "", case_no or ""))
    return out


def schedule(uow, warehouse_id: int | None = None) -> list[ScheduleRow]:
    """Next kiểm kê date per zone (home screen); zones never audited and without a schedule are due today."""
    _read(uow)
    from .printing_data import warehouse
    s = uow.session
    wh = warehouse(s, warehouse_id)
    if wh is None:
        return []
    today = chronology.today()
    out = []
    places = zones(s, wh.id)
    # every zone's schedule in one read (one get per zone: ~80 ms for the home screen at 190 zones, issue #19)
    rows = {r.location_id: r for r in s.scalars(select(AuditSchedule).where(
        AuditSchedule.location_id.in_([z.id for z in places])))} if places else {}
    for z in places:
        row = rows.get(z.id)
        next_on = row.next_on if row else None
        out.append(ScheduleRow(z.code, z.name, row.interval_days if row else None, next_on,
                               row.last_audit_number if row else "", next_on is None or next_on <= today))
    return sorted(out, key=lambda r: (r.next_on or date.min, r.location_code))
