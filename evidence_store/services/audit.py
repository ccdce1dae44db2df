"""Kiểm kê: planning an audit (scope or seeded sample), freezing what the register expects, and blind
counting by scanning — every scan committed as it happens, so an audit resumes after closing the app, a
crash or a power cut where it stopped. Several auditors count different zones at once; each one's current
location is their own last location scan. Reconciliation, resolution and the record: ``audit_reconcile``.

Nothing here changes an item: the audit only records what was found (domain.audit)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select

from ..domain import audit as audit_rules
from ..domain import codes
from ..domain.categories import CATEGORIES
from ..domain.errors import InvalidCode, NotFound, ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.models import (Audit, AuditScan, AuditSchedule, AuditTarget, Case, Item, Location)
from . import persistence
from .commands import AuditScanInput, PlanAudit, ScanChecks
from .results import Changes
from ..i18n import N_
from ..error_texts import register

for _code, _text in {
    "audit_not_found": N_("Không tìm thấy đợt kiểm kê {number}"),
    "unknown_audit_kind": N_("Hình thức kiểm kê không hợp lệ: {kind}"),
    "confidence_out_of_range": N_("Độ tin cậy phải từ 50% đến dưới 100% (đã nhập: {value})"),
    "margin_out_of_range": N_("Sai số cho phép phải lớn hơn 0 và nhỏ hơn 50% (đã nhập: {value})"),
    "category_required": N_("Cần chọn loại vật chứng"),
    "tolerance_out_of_range": N_("Dung sai khối lượng phải từ 0 đến dưới 100% (đã nhập: {value})"),
    "weight_out_of_range": N_("Hệ số ưu tiên nhóm rủi ro cao phải từ 1 đến 100 (đã nhập: {value})"),
    "unknown_team_role": N_("Vai trò trong tổ kiểm kê không hợp lệ: {role}"),
    "audit_not_counting": N_("Đợt kiểm kê {number} không ở giai đoạn kiểm đếm"),
    "audit_not_reconciled": N_("Đợt kiểm kê {number} chưa đối chiếu xong hoặc đã kết thúc"),
    "audit_closed": N_("Đợt kiểm kê {number} đã kết thúc"),
    "code_required": N_("Cần quét hoặc nhập mã"),
    "scan_not_found": N_("Không tìm thấy lượt quét {id} trong đợt kiểm kê này"),
    "measure_invalid": N_("Giá trị đo, đếm không hợp lệ: {value}"),
    "denominations_invalid": N_("Mệnh giá phải ghi dạng «mệnh giá x số tờ», ví dụ 500000x20; không hiểu: {value}"),
    "scan_file_empty": N_("Tệp quét {filename} không có dòng mã nào"),
    "scan_file_unreadable": N_("Không đọc được tệp quét {filename}: {reason}"),
    "interval_out_of_range": N_("Chu kỳ kiểm kê phải từ 1 đến 3660 ngày (đã nhập: {value})"),
    "audit_line_not_found": N_("Không có dòng {line} trong đợt kiểm kê {number}"),
    "line_not_discrepancy": N_("Dòng {line} không có chênh lệch cần xử lý"),
    "line_already_resolved": N_("Dòng {line} đã được xử lý"),
    "line_recounting": N_("Dòng {line} đang chờ đếm lại"),
    "unknown_resolution": N_("Cách xử lý chênh lệch không hợp lệ: {resolution}"),
    "resolution_not_for_result": N_("Cách xử lý «{resolution}» không áp dụng cho kết quả «{result}»"),
    "report_required": N_("Cần nhập biên bản sự cố (số, ngày)"),
    "unresolved_lines": N_("Còn {n} chênh lệch chưa xử lý: chưa thể ký biên bản kiểm kê"),
    "team_required": N_("Cần ghi thành phần tổ kiểm kê"),
    "seal_seen_required": N_("Cần ghi số niêm phong đọc được trên vật chứng"),
    "seal_seen_differs": N_("Số niêm phong đọc được ({seen}) khác số theo sổ: hãy lập biên bản niêm phong bị phá"),
    "measure_required": N_("Cần ghi kết quả đếm tiền (mệnh giá × số tờ) hoặc cân lại (gam)"),
    "measure_differs": N_("Kết quả đếm / cân lại khác sổ ({names}): hãy yêu cầu đếm lại dòng này hoặc đính chính"),
}.items():
    register(_code, _text)

TEAM_ROLES = ("chair", "keeper", "member", "supervisor", "witness")
ABSENT_STATES = tuple(audit_rules.HELD_AWAY)


# --- lookups ------------------------------------------------------------------------------------

def audit_by_number(session, number: str, *, for_update: bool = False) -> Audit:
    stmt = select(Audit).where(Audit.number == nfc(number or ""))
    if for_update and session.bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    audit = session.scalars(stmt).first()
    if audit is None:
        raise NotFound("audit_not_found", number=number)
    return audit


def subtree_ids(session, root_id: int) -> list[int]:
    """The location and everything under it (the tree is small: thousands of rows at most)."""
    children: dict[int | None, list[int]] = {}
    for lid, parent in session.execute(select(Location.id, Location.parent_id)):
        children.setdefault(parent, []).append(lid)
    out, todo = [], [root_id]
    while todo:
        lid = todo.pop()
        out.append(lid)
        todo.extend(children.get(lid, ()))
    return sorted(out)


def zones(session, warehouse_id: int) -> list[Location]:
    """The zones of the schedule: the children of the warehouse's root location."""
    root = session.scalars(select(Location).where(Location.warehouse_id == warehouse_id,
                                                  Location.parent_id.is_(None)).order_by(Location.id)).first()
    if root is None:
        return []
    return list(session.scalars(select(Location).where(Location.parent_id == root.id, Location.active.is_(True))
                                .order_by(Location.code)))


def _team(members) -> str:
    out = []
    for m in members:
        if not nfc(m.name):
            continue
        if m.role not in TEAM_ROLES:
            raise ValidationError("unknown_team_role", field="team", role=m.role)
        out.append({"role": m.role, "name": nfc(m.name), "position": nfc(m.position), "agency": nfc(m.agency)})
    return json.dumps(out, ensure_ascii=False)


# --- planning -----------------------------------------------------------------------------------

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


def scope_location_ids(audit: Audit) -> set[int] | None:
    """The locations the audit counts, or None for the whole warehouse."""
    ids = json.loads(audit.location_ids or "[]")
    if audit.kind == audit_rules.AuditKind.SAMPLE_LOCATIONS or ids:
        return set(ids)
    return None


# --- counting -----------------------------------------------------------------------------------

def _current_location(session, audit: Audit, user_id) -> int | None:
    return session.scalar(select(AuditScan.location_id)
                          .where(AuditScan.audit_id == audit.id, AuditScan.user_id == user_id,
                                 AuditScan.kind == "location", AuditScan.outcome == "location")
                          .order_by(AuditScan.id.desc()).limit(1))


def record_scan(uow, cmd: AuditScanInput) -> dict:
    """One scan of the blind count, committed before it returns (DESIGN §7: feedback < 50 ms).

    The answer says what was scanned — never what was expected there: outcome location | recorded |
    duplicate | unknown | invalid | no_location | out_of_scope, with the item's name and whether the
    auditor must type the seal number or re-weigh / count it (high-risk)."""
    require(uow.actor, "count_audit")
    s = uow.session
    audit = audit_by_number(s, cmd.audit_number)
    if audit.status != audit_rules.AuditStatus.COUNTING:
        raise ValidationError("audit_not_counting", field="audit", number=audit.number, status=audit.status)
    raw = codes.clean(nfc(cmd.code or ""))
    if not raw:
        raise ValidationError("code_required", field="code")
    when = cmd.scanned_at or persistence.utcnow()
    scan = AuditScan(audit_id=audit.id, user_id=uow.actor.user_id, workstation=uow.actor.workstation[:100],
                     scanned_at=when, source=cmd.source, code=raw[:60], kind="item", outcome="invalid",
                     measured="", round=_round(s, audit))
    answer = {"outcome": "invalid", "code": raw, "name": "", "location": "", "needs_seal": False,
              "needs_measure": (), "category": "", "scan_id": None, "unit": ""}
    try:
        parsed = codes.parse_code(raw)
    except InvalidCode as error:
        answer["outcome"] = "invalid" if error.code == "bad_check_character" else "unknown"
        scan.outcome = answer["outcome"]
        return _save(uow, scan, answer)
    code = answer["code"] = scan.code = parsed.compact
    if code.startswith(codes.KIND_PREFIXES["location"]):
        return _location_scan(uow, audit, scan, answer)
    if cmd.location_code:
        loc = s.scalars(select(Location).where(Location.code == codes.clean(cmd.location_code))).first()
        current = loc.id if loc is not None else None
    else:
        current = _current_location(s, audit, uow.actor.user_id)
    if current is None:
        scan.outcome = answer["outcome"] = "no_location"
        return _save(uow, scan, answer)
    scan.location_id = current
    row = s.execute(select(Item.id, Item.name, Item.category, Item.sealed, Item.unit).where(Item.code == code)).first()
    if row is None:
        scan.outcome = answer["outcome"] = "unknown"
        return _save(uow, scan, answer)
    scan.item_id = row.id
    answer.update(name=row.name, category=row.category, unit=row.unit)
    earlier = s.scalar(select(func.count()).select_from(AuditScan).where(
        AuditScan.audit_id == audit.id, AuditScan.item_id == row.id, AuditScan.outcome == "recorded",
        AuditScan.round == scan.round))
    if earlier:
        scan.outcome = answer["outcome"] = "duplicate"
        return _save(uow, scan, answer)
    scan.outcome = answer["outcome"] = "recorded"
    answer["needs_seal"] = audit_rules.needs_seal_question(row.category, row.sealed)
    answer["needs_measure"] = _measures(row.category)
    return _save(uow, scan, answer)


def _measures(category: str) -> tuple[str, ...]:
    if category in audit_rules.CASH:
        return ("denominations",)
    return audit_rules.WEIGHED.get(category, ())


def _round(session, audit: Audit) -> int:
    """Counting again after a reconciliation is always a second count (only a recount reopens counting)."""
    return 2 if audit.reconciled_at is not None else 1


def _location_scan(uow, audit: Audit, scan: AuditScan, answer: dict) -> dict:
    s = uow.session
    loc = s.scalars(select(Location).where(Location.code == scan.code)).first()
    scan.kind = "location"
    if loc is None:
        scan.outcome = answer["outcome"] = "unknown"
        return _save(uow, scan, answer)
    answer["location"] = loc.name
    scope = scope_location_ids(audit)
    if loc.warehouse_id != audit.warehouse_id or (scope is not None and loc.id not in scope):
        scan.outcome = answer["outcome"] = "out_of_scope"
        return _save(uow, scan, answer)
    scan.location_id = loc.id
    scan.outcome = answer["outcome"] = "location"
    return _save(uow, scan, answer)


def _save(uow, scan: AuditScan, answer: dict) -> dict:
    uow.session.add(scan)
    uow.session.flush()
    answer["scan_id"] = scan.id
    uow.commit()
    durable(uow.db)
    return answer


class _WalSync:
    """Syncs a SQLite file's WAL to disk on its own thread, right after the scans that ask for it, so the
    scanner's feedback never waits for the disk: many scans in a burst share one fsync."""

    def __init__(self, path: str) -> None:
        import threading
        self.path = f"{path}-wal"
        self.wanted = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.thread = threading.Thread(target=self._run, name="audit-wal-sync", daemon=True)
        self.thread.start()

    def request(self) -> None:
        self.idle.clear()
        self.wanted.set()

    def wait(self, timeout: float = 5.0) -> bool:
        """True once every requested sync is done (tests; closing the counting screen)."""
        return self.idle.wait(timeout)

    def _run(self) -> None:
        import os
        while True:
            self.wanted.wait()
            self.wanted.clear()
            try:
                fd = os.open(self.path, os.O_RDWR | getattr(os, "O_BINARY", 0))
            except OSError:
                fd = None  # no WAL file (not WAL mode): the commit went to the database file
            if fd is not None:
                try:
                    os.fsync(fd)
                except OSError:  # pragma: no cover - a disk error surfaces on the next commit
                    pass
                finally:
                    os.close(fd)
            if not self.wanted.is_set():
                self.idle.set()


_SYNCERS: dict[str, _WalSync] = {}


def durable(db) -> _WalSync | None:
    """A committed scan survives a power cut too. SQLite runs WAL with synchronous=NORMAL, where the last
    commits may sit in the WAL unsynced until a checkpoint: the WAL is synced right after each scan (what
    synchronous=FULL does at every commit), off the feedback path. PostgreSQL commits durably already."""
    path = getattr(db, "sqlite_path", None) if getattr(db, "is_sqlite", False) else None
    if not path:
        return None
    syncer = _SYNCERS.get(path)
    if syncer is None:
        syncer = _SYNCERS.setdefault(path, _WalSync(path))
    syncer.request()
    return syncer


def record_checks(uow, cmd: ScanChecks) -> dict:
    """The seal number read on the spot, seal intact or not, and measures (cash by denomination, drugs
    re-weighed) for a recorded scan; checked against the register at reconciliation, not shown here."""
    require(uow.actor, "count_audit")
    s = uow.session
    audit = audit_by_number(s, cmd.audit_number)
    if audit.status != audit_rules.AuditStatus.COUNTING:
        raise ValidationError("audit_not_counting", field="audit", number=audit.number, status=audit.status)
    scan = s.get(AuditScan, cmd.scan_id)
    if scan is None or scan.audit_id != audit.id or scan.outcome != "recorded":
        raise NotFound("scan_not_found", id=cmd.scan_id)
    measured = {}
    for name, value in (cmd.measured or {}).items():
        if value in (None, ""):
            continue
        if name == "denominations":
            audit_rules.parse_denominations(str(value))
            measured[name] = nfc(str(value))
        elif name in ("quantity", "net_weight_g", "gross_weight_g", "weight_g"):
            number = audit_rules.to_number(value)
            if number is None or number < 0:
                raise ValidationError("measure_invalid", field=name, value=str(value))
            measured[name] = str(number)
        else:
            raise ValidationError("measure_invalid", field=name, value=str(value))
    if cmd.seal_seen is not None:
        scan.seal_seen = nfc(cmd.seal_seen)[:60]
    if cmd.seal_intact is not None:
        scan.seal_intact = bool(cmd.seal_intact)
    scan.measured = json.dumps(measured, ensure_ascii=False, sort_keys=True) if measured else ""
    uow.commit()
    return {"scan_id": scan.id, "measured": measured}


def import_scan_file(uow, audit_number: str, text: str, *, filename: str = "") -> dict:
    """A handheld scanner's batch file: one scan per line, ``code[,time]`` (time ISO-8601 or dd/mm/yyyy
    HH:MM[:SS]); a location code sets the place for the codes that follow, as when scanning live.
    Every line goes through ``record_scan`` (same checks); a bad line is reported, never guessed."""
    require(uow.actor, "count_audit")
    import csv
    import io
    audit = audit_by_number(uow.session, audit_number)
    if audit.status != audit_rules.AuditStatus.COUNTING:
        raise ValidationError("audit_not_counting", field="audit", number=audit.number, status=audit.status)
    lines = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=_delimiter(text)) if
             any(c.strip() for c in row)]
    if lines and lines[0] and lines[0][0].strip().lower() in ("code", "mã", "ma", "barcode"):
        lines = lines[1:]
    if not lines:
        raise ValidationError("scan_file_empty", field="file", filename=filename)
    counts: dict[str, int] = {}
    problems: list[tuple[int, str, str]] = []
    location = ""
    for n, row in enumerate(lines, 1):
        code = row[0].strip()
        when = None
        if len(row) > 1 and row[1].strip():
            when = _parse_time(row[1].strip())
            if when is None:
                problems.append((n, code, "bad_time"))
                counts["bad_time"] = counts.get("bad_time", 0) + 1
                continue
        answer = record_scan(uow, AuditScanInput(audit.number, code, source="file", scanned_at=when,
                                                 location_code=location))
        if answer["outcome"] == "location":
            location = answer["code"]
        elif answer["outcome"] not in ("recorded",):
            problems.append((n, code, answer["outcome"]))
        counts[answer["outcome"]] = counts.get(answer["outcome"], 0) + 1
    return {"lines": len(lines), "counts": counts, "problems": problems}


def _delimiter(text: str) -> str:
    head = text[:2000]
    return ";" if head.count(";") > head.count(",") else ("\t" if "\t" in head and "," not in head else ",")


def _parse_time(text: str) -> datetime | None:
    from .printing_data import LOCAL
    from datetime import UTC
    for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            naive = datetime.strptime(text[:19], fmt)
        except ValueError:
            continue
        return naive.replace(tzinfo=LOCAL).astimezone(UTC).replace(tzinfo=None)  # the scanner's clock is local
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL)
    return moment.astimezone(UTC).replace(tzinfo=None)


# --- schedule -----------------------------------------------------------------------------------

def set_schedule(uow, location_code: str, interval_days: int) -> Changes:
    """Kiểm kê định kỳ: every ``interval_days`` for a zone; the next date follows the last closed audit."""
    require(uow.actor, "plan_audit")
    if not 1 <= int(interval_days) <= 3660:
        raise ValidationError("interval_out_of_range", field="interval_days", value=interval_days)
    s = uow.session
    loc = persistence.location_by_code(s, location_code)
    row = s.get(AuditSchedule, loc.id)
    if row is None:
        row = AuditSchedule(location_id=loc.id, interval_days=int(interval_days), last_audit_number="")
        s.add(row)
    row.interval_days = int(interval_days)
    if row.next_on is None:
        row.next_on = persistence.utcnow().date()
    uow.commit()
    return Changes(extra={"location_code": loc.code})


def advance_schedule(session, audit: Audit, day) -> None:
    """Closing an audit that covers a zone moves that zone's next date on by its interval."""
    covered = scope_location_ids(audit)
    for zone in zones(session, audit.warehouse_id):
        if covered is not None and zone.id not in covered:
            continue
        if audit.kind in audit_rules.SAMPLED or audit.kind in (audit_rules.AuditKind.CATEGORY, audit_rules.AuditKind.CASE):
            continue  # a sample or a partial count is not the zone's periodic kiểm kê
        row = session.get(AuditSchedule, zone.id)
        if row is None:
            row = AuditSchedule(location_id=zone.id, interval_days=90, last_audit_number="")
            session.add(row)
        row.next_on = day + timedelta(days=row.interval_days)
        row.last_audit_number = audit.number
