"""Kiểm kê, planning: the scope or the seeded sample (domain.audit), its preview, and freezing what the
register expects at the start of the count (the audit targets). Lookups and the schedule: ``audit``."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from ..domain import audit as audit_rules
from ..domain.categories import CATEGORIES
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.models import Audit, AuditTarget, Case, Item, Location
from . import persistence
from .commands import PlanAudit
from .results import Changes
from .audit import ABSENT_STATES, _team, subtree_ids


def plan_audit(uow, cmd: PlanAudit) -> Changes:
    """Create the plan, draw the sample (seeded), freeze the expected set, record "audit_opened"."""
    require(uow.actor, "plan_audit")
    s = uow.session
    kind, wh, scope_loc, case = _plan_scope(s, cmd)
    if not 0 <= cmd.weight_tolerance < 1:
        raise ValidationError("tolerance_out_of_range", field="weight_tolerance", value=cmd.weight_tolerance)
    if not 1 <= cmd.high_risk_weight <= 100:
        raise ValidationError("weight_out_of_range", field="high_risk_weight", value=cmd.high_risk_weight)
    now = persistence.utcnow()
    audit = Audit(number=f"{persistence.next_sequence(s, f'kk:{now.year}')}/{now.year}/BB-KK", kind=kind.value,
                  status=audit_rules.AuditStatus.COUNTING.value, warehouse_id=wh.id,
                  scope_location_id=scope_loc.id if scope_loc else None, scope_category=cmd.category or "",
                  scope_case_id=case.id if case else None, high_risk_only=bool(cmd.high_risk_only),
                  high_risk_weight=float(cmd.high_risk_weight), weight_tolerance=float(cmd.weight_tolerance),
                  reason=nfc(cmd.reason), team=_team(cmd.team), place=nfc(cmd.place) or wh.name,
                  created_by=uow.actor.user_id, created_at=now, location_ids="[]")
    if kind in audit_rules.SAMPLED:
        audit_rules.sample_size(1, cmd.confidence, cmd.margin)  # validates confidence and margin
        audit.confidence, audit.margin = float(cmd.confidence), float(cmd.margin)
        audit.seed = int(cmd.seed) if cmd.seed is not None else int(now.timestamp() * 1000) % 2_000_000_000
    s.add(audit)
    s.flush()
    scope_ids = subtree_ids(s, scope_loc.id) if scope_loc else None
    if kind is audit_rules.AuditKind.SAMPLE_LOCATIONS:
        _sample_locations(s, audit, scope_ids)
    elif kind is audit_rules.AuditKind.SAMPLE_ITEMS:
        _sample_items(s, audit, scope_ids)
    else:
        if scope_ids is not None:
            audit.location_ids = json.dumps(scope_ids)
        audit.population = _freeze(s, audit, _scope_filter(audit, scope_ids), scope_ids)
        audit.sample_size = audit.population
    data = {"audit": audit.number, "kind": audit.kind, "scope": _scope_data(s, audit), "population": audit.population,
            "sample_size": audit.sample_size, "targets": audit.sample_size if kind is not audit_rules.AuditKind.SAMPLE_LOCATIONS
            else _target_count(s, audit), "seed": audit.seed, "confidence": audit.confidence, "margin": audit.margin,
            "high_risk_weight": audit.high_risk_weight}
    persistence.record(uow, None, "audit_opened", data)
    uow.commit()
    seq, digest = uow.ledger.head()
    return Changes(ledger_seq=seq, ledger_hash=digest, extra={"audit_number": audit.number,
                                                              "population": audit.population,
                                                              "sample_size": audit.sample_size})


def _plan_scope(s, cmd: PlanAudit):
    """The plan's kind, warehouse, location subtree root and case, checked."""
    try:
        kind = audit_rules.AuditKind(cmd.kind)
    except ValueError:
        raise ValidationError("unknown_audit_kind", field="kind", kind=cmd.kind) from None
    wh = _warehouse(s)
    scope_loc = None
    if cmd.location_code.strip():
        scope_loc = persistence.location_by_code(s, cmd.location_code)
    elif kind is audit_rules.AuditKind.ZONE:
        raise ValidationError("location_required", field="location")
    case = None
    if kind is audit_rules.AuditKind.CASE:
        case = s.scalars(select(Case).where(Case.number == nfc(cmd.case_number))).first()
        if case is None:
            raise NotFound("case_not_found", number=cmd.case_number)
    if cmd.category and cmd.category not in CATEGORIES:
        raise ValidationError("unknown_category", field="category", category=cmd.category)
    if kind is audit_rules.AuditKind.CATEGORY and not cmd.category:
        raise ValidationError("category_required", field="category")
    return kind, wh, scope_loc, case


@dataclass(frozen=True)
class PlanPreview:
    """What a plan would count, shown before it is opened: the population (items, or locations holding
    items for a location sample), the sample size and the formula's inputs (Cochran with the finite-population
    correction, p = 0.5)."""

    kind: str
    population: int
    sample_size: int
    confidence: float = 0.0
    margin: float = 0.0
    z: float = 0.0
    n0: float = 0.0  # the sample size for an unlimited population, before the correction
    proportion: float = 0.5


def plan_preview(uow, cmd: PlanAudit) -> PlanPreview:
    """The population and sample size ``plan_audit`` would draw for ``cmd``, without writing anything.
    For a scope (zone, category, case, full) the sample is the whole population as frozen at opening."""
    require(uow.actor, "plan_audit")
    s = uow.session
    kind, wh, scope_loc, case = _plan_scope(s, cmd)
    probe = Audit(warehouse_id=wh.id, scope_category=cmd.category or "", scope_case_id=case.id if case else None,
                  high_risk_only=bool(cmd.high_risk_only))  # as plan_audit stores it
    scope_ids = subtree_ids(s, scope_loc.id) if scope_loc else None
    conds = _scope_filter(probe, scope_ids)
    if kind is audit_rules.AuditKind.SAMPLE_LOCATIONS:
        stmt = select(func.count(func.distinct(Item.location_id))).where(
            Item.warehouse_id == wh.id, Item.state == "in_storage", Item.location_id.is_not(None))
    elif kind is audit_rules.AuditKind.SAMPLE_ITEMS:
        stmt = select(func.count()).select_from(Item).where(*conds, Item.state == "in_storage")
    else:
        population = _population(s, conds, scope_ids)
        return PlanPreview(kind.value, population, population)
    if scope_ids is not None:
        stmt = stmt.where(Item.location_id.in_(scope_ids))
    population = s.scalar(stmt) or 0
    n = audit_rules.sample_size(population, cmd.confidence, cmd.margin)
    z = audit_rules.z_score(cmd.confidence)
    return PlanPreview(kind.value, population, n, cmd.confidence, cmd.margin, z, z * z * 0.25 / cmd.margin ** 2)


def _population(session, conds, scope_ids) -> int:
    """What ``_freeze`` would snapshot: in storage within the scope, plus items away whose last place was in it."""
    present = select(func.count()).select_from(Item).where(*conds, Item.state == "in_storage")
    if scope_ids is not None:
        present = present.where(Item.location_id.in_(scope_ids))
    n = session.scalar(present) or 0
    away = session.scalars(select(Item.id).where(*conds, Item.state.in_(ABSENT_STATES))).all()
    if scope_ids is not None and away:
        last, wanted = last_places(session, list(away)), set(scope_ids)
        away = [i for i in away if last.get(i) in wanted]
    return n + len(away)


def _warehouse(session):
    from .printing_data import warehouse
    wh = warehouse(session)
    if wh is None:
        raise NotFound("warehouse_not_found")
    return wh


def _scope_data(session, audit: Audit) -> dict:
    out = {}
    if audit.scope_location_id:
        out["location"] = session.get(Location, audit.scope_location_id).code
    if audit.scope_category:
        out["category"] = audit.scope_category
    if audit.scope_case_id:
        out["case"] = session.get(Case, audit.scope_case_id).number
    if audit.high_risk_only:
        out["high_risk_only"] = True
    return out


def _scope_filter(audit: Audit, scope_ids):
    """Conditions on items for the audit's population (warehouse, category, case, high-risk)."""
    conds = [Item.warehouse_id == audit.warehouse_id]
    if audit.scope_category:
        conds.append(Item.category == audit.scope_category)
    if audit.scope_case_id:
        conds.append(Item.case_id == audit.scope_case_id)
    if audit.high_risk_only:
        conds.append(Item.category.in_(sorted(audit_rules.HIGH_RISK)))
    return conds


def _freeze(session, audit: Audit, conds, scope_ids) -> int:
    """Snapshot the expected set in one INSERT … SELECT: items in storage (within the location scope) and
    items away by design (tạm xuất, gửi, giao bảo quản) whose last place was in the scope."""
    present = select(_lit(audit.id), Item.id, Item.location_id, Item.state) \
        .where(*conds, Item.state == "in_storage")
    if scope_ids is not None:
        present = present.where(Item.location_id.in_(scope_ids))
    cols = [AuditTarget.audit_id, AuditTarget.item_id, AuditTarget.location_id, AuditTarget.state]
    session.execute(insert(AuditTarget).from_select(cols, present))
    away = session.execute(select(Item.id, Item.state).where(*conds, Item.state.in_(ABSENT_STATES))).all()
    last = last_places(session, [r.id for r in away]) if away else {}
    if scope_ids is not None and away:
        wanted = set(scope_ids)
        away = [r for r in away if last.get(r.id) in wanted]
    if away:  # location_id: the last place it had here (printed; not where it is expected now)
        session.execute(insert(AuditTarget), [{"audit_id": audit.id, "item_id": r.id, "location_id": last.get(r.id),
                                               "state": r.state} for r in away])
    return _target_count(session, audit)


def _lit(value: int):
    from sqlalchemy import literal
    return literal(value)


def _target_count(session, audit: Audit) -> int:
    return session.scalar(select(func.count()).select_from(AuditTarget).where(AuditTarget.audit_id == audit.id)) or 0


def last_places(session, item_ids: list[int]) -> dict[int, int]:
    """Where each item was last stored: the location its latest event put it (move, receive, return…)."""
    from ..db.models import CustodyEvent
    out: dict[int, int] = {}
    for start in range(0, len(item_ids), 500):
        chunk = item_ids[start:start + 500]
        rows = session.execute(select(CustodyEvent.item_id, CustodyEvent.data)
                               .where(CustodyEvent.item_id.in_(chunk), CustodyEvent.data.like('%"location_id":%'))
                               .order_by(CustodyEvent.item_id, CustodyEvent.seq))
        for item_id, data in rows:
            loc = json.loads(data).get("set", {}).get("location_id")
            if loc is not None:
                out[item_id] = loc
    return out


def _sample_items(session, audit: Audit, scope_ids) -> None:
    """A seeded random sample of the population's items, high-risk categories over-weighted."""
    conds = _scope_filter(audit, scope_ids) + [Item.state == "in_storage"]
    stmt = select(Item.id, Item.category, Item.location_id).where(*conds).order_by(Item.id)
    if scope_ids is not None:
        stmt = stmt.where(Item.location_id.in_(scope_ids))
        audit.location_ids = json.dumps(scope_ids)
    rows = session.execute(stmt).all()
    audit.population = len(rows)
    audit.sample_size = audit_rules.sample_size(len(rows), audit.confidence, audit.margin)
    chosen = set(audit_rules.weighted_sample([r.id for r in rows], [audit_rules.weight_of(r.category, audit.high_risk_weight)
                                                          for r in rows], audit.sample_size, audit.seed))
    if chosen:
        session.execute(insert(AuditTarget), [{"audit_id": audit.id, "item_id": r.id, "location_id": r.location_id,
                                               "state": "in_storage"} for r in rows if r.id in chosen])


def _sample_locations(session, audit: Audit, scope_ids) -> None:
    """A seeded sample of the locations holding items; everything at each chosen location is counted.
    A location holding high-risk items weighs more."""
    stmt = (select(Item.location_id, func.max(func.coalesce(_high_risk_case(), 0)))
            .where(Item.warehouse_id == audit.warehouse_id, Item.state == "in_storage", Item.location_id.is_not(None))
            .group_by(Item.location_id).order_by(Item.location_id))
    if scope_ids is not None:
        stmt = stmt.where(Item.location_id.in_(scope_ids))
    rows = session.execute(stmt).all()
    audit.population = len(rows)
    audit.sample_size = audit_rules.sample_size(len(rows), audit.confidence, audit.margin)
    chosen = audit_rules.weighted_sample([r[0] for r in rows], [audit.high_risk_weight if r[1] else 1.0 for r in rows],
                               audit.sample_size, audit.seed)
    audit.location_ids = json.dumps(chosen)
    if chosen:
        _freeze(session, audit, _scope_filter(audit, chosen), chosen)


def _high_risk_case():
    from sqlalchemy import case
    return case((Item.category.in_(sorted(audit_rules.HIGH_RISK)), 1), else_=0)
