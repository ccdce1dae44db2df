"""Kiểm kê: the audit's error sentences, looking an audit and its scope up, and the periodic schedule. Planning
(scope or seeded sample, freezing what the register expects): ``audit_plan``; blind counting by scanning:
``audit_count``; reconciliation, resolution and the record: ``audit_reconcile``.

Nothing here changes an item: the audit only records what was found (domain.audit)."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from ..domain import audit as audit_rules
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import require
from ..domain.text import nfc
from ..db.models import Audit, AuditSchedule, Location
from . import persistence
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




def scope_location_ids(audit: Audit) -> set[int] | None:
    """The locations the audit counts, or None for the whole warehouse."""
    ids = json.loads(audit.location_ids or "[]")
    if audit.kind == audit_rules.AuditKind.SAMPLE_LOCATIONS or ids:
        return set(ids)
    return None


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
