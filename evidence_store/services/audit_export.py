"""The biên bản kiểm kê from the database (PDF, template "audit") and the results as a typed XLSX workbook."""

from __future__ import annotations

import io

from ..domain import audit as audit_rules
from ..domain.permissions import require
from ..i18n import _
from ..printing.records import Party, Person
from .audit import audit_by_number
from .audit_read import audit_detail, audit_lines
from .printing_data import chain_head, load_print_settings, local, local_now, stamped


def _detail_text(line) -> str:
    """The specifics of a line in words: seal numbers, measures, the state of an item away or out of scope."""
    from ..describe import state_label
    d = line.details
    parts = []
    if "seal_expected" in d or "seal_seen" in d:
        parts.append(_("niêm phong theo sổ {expected}, thực tế {seen}{broken}", expected=d.get("seal_expected") or "—",
                       seen=d.get("seal_seen") or "—", broken=_(" (rách / hỏng)") if d.get("seal_intact") is False else ""))
    if "measures" in d:
        for name in d["measures"]:
            parts.append(_("{name}: theo sổ {registered}, thực tế {measured}", name=_measure_label(name),
                           registered=_value(d.get("registered", {}).get(name)),
                           measured=_value(d.get("measured", {}).get(name))))
    if d.get("place") == audit_rules.Result.WRONG_PLACE.value:
        parts.append(_("đồng thời sai vị trí"))
    if "state" in d:
        parts.append(state_label(d["state"]))
    if d.get("seal_not_checked"):
        parts.append(_("chưa kiểm tra niêm phong"))
    if d.get("measure_not_taken"):
        parts.append(_("nguyên vẹn, không mở để đếm / cân") if line.result == audit_rules.Result.FOUND else _("chưa đếm / cân lại"))
    if d.get("recount_not_seen"):
        parts.append(_("đếm lại không thấy"))
    return "; ".join(parts)


def _value(value) -> str:
    """10.0 → '10', '52.40' → '52,4' (Vietnamese decimal comma); denominations as written."""
    from decimal import Decimal, InvalidOperation
    from ..printing.formatting import quantity
    if value is None or value == "":
        return "—"
    try:
        return quantity(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _measure_label(name: str) -> str:
    from ..domain.categories import FIELD_LABELS
    if name == "quantity":
        return _("số lượng")
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def _place(code: str, name: str) -> str:
    if not code:
        return ""
    from ..domain.codes import parse_code
    return f"{name} ({parse_code(code).display})"


def audit_record(uow, number: str):
    """Plain data of the record (printing.audit.AuditRecord), stamped with the chain head: the audit's own
    closing position once closed, else the current head."""
    from ..printing.audit import AuditLine, AuditRecord
    require(uow.actor, "read_all")
    d = audit_detail(uow, number)
    audit = audit_by_number(uow.session, number)
    lines = audit_lines(uow, number)
    parties = tuple(Party(m["role"], Person(m["name"], position=m.get("position", ""), agency=m.get("agency", "")))
                    for m in d.team)

    def row(l):
        return AuditLine(l.line_no, l.code, l.name, l.unit, l.quantity, l.result, _place(l.expected_code, l.expected_name),
                         _place(l.found_code, l.found_name), _detail_text(l), l.resolution, l.resolution_note,
                         l.resolution_ref, _full_name(uow, l.resolved_by))
    discrepancies = tuple(row(l) for l in lines if audit_rules.Result(l.result) in audit_rules.DISCREPANCIES)
    absent = tuple(row(l) for l in lines if l.result == audit_rules.Result.ABSENT_EXPECTED)
    unmeasured = tuple(row(l) for l in lines if l.result == audit_rules.Result.FOUND and l.details.get("measure_not_taken"))
    ended = local(d.closed_at) if d.closed_at else local_now()
    record = AuditRecord(d.number, d.kind, d.scope, local(d.created_at), ended, d.place, parties, d.totals,
                         discrepancies, absent, d.reason, d.population, d.sample_size, d.confidence, d.margin, d.seed,
                         d.high_risk_weight, d.status, unmeasured=unmeasured)
    seq, digest = (audit.ledger_seq, audit.ledger_hash) if audit.ledger_seq else chain_head(uow.session)
    return stamped(record, seq, digest)


def _full_name(uow, username: str) -> str:
    if not username:
        return ""
    from sqlalchemy import select
    from ..db.models import User
    user = uow.session.scalars(select(User).where(User.username == username)).first()
    return user.person.full_name if user is not None and user.person is not None else username


def audit_record_pdf(uow, number: str) -> bytes:
    from ..printing.audit import render_audit
    return render_audit(audit_record(uow, number), load_print_settings(uow))


COLUMNS = ("Dòng", "Mã vật chứng", "Tên vật chứng", "Loại", "Vụ án", "Số lượng", "ĐVT", "Kết quả",
           "Vị trí theo sổ", "Vị trí thực tế", "Chi tiết", "Cách xử lý", "Căn cứ / sự kiện", "Ghi chú xử lý",
           "Người xử lý", "Thời điểm xử lý", "Đếm lại", "Sự kiện sổ cái")


def audit_xlsx(uow, number: str) -> bytes:
    """Every result line with typed cells (numbers as numbers, times as dates), a header row frozen and
    filtered, and a second sheet with the plan and the totals."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from ..describe import category_label
    require(uow.actor, "read_all")
    d = audit_detail(uow, number)
    lines = audit_lines(uow, number)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Kết quả")
    ws.append([_(c) for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for l in lines:
        res = _(audit_rules.RESOLUTION_LABELS[audit_rules.Resolution(l.resolution)]) if l.resolution else ""
        ws.append([l.line_no, l.code, l.name, category_label(l.category) if l.category else "", l.case_number,
                   l.quantity if l.item_id else None, l.unit, _(audit_rules.RESULT_LABELS[audit_rules.Result(l.result)]),
                   _place(l.expected_code, l.expected_name), _place(l.found_code, l.found_name), _detail_text(l), res,
                   l.resolution_ref, l.resolution_note, l.resolved_by, local(l.resolved_at),
                   _("có") if l.recount_requested else "", l.ledger_seq])
        ws.cell(ws.max_row, 16).number_format = "dd/mm/yyyy hh:mm"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, ws.max_row)}"
    for i, width in enumerate((6, 16, 36, 18, 16, 9, 7, 24, 28, 28, 36, 24, 16, 28, 14, 16, 8, 12), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    plan = wb.create_sheet(_("Kế hoạch"))
    facts = [(_("Số biên bản"), d.number), (_("Hình thức"), _(audit_rules.AUDIT_KIND_LABELS[audit_rules.AuditKind(d.kind)])),
             (_("Phạm vi"), d.scope), (_("Trạng thái"), _(audit_rules.AUDIT_STATUS_LABELS[audit_rules.AuditStatus(d.status)])),
             (_("Tổng thể"), d.population), (_("Cỡ mẫu / số cần kiểm"), d.sample_size),
             (_("Độ tin cậy"), d.confidence), (_("Sai số cho phép"), d.margin), (_("Số khởi tạo ngẫu nhiên"), d.seed),
             (_("Bắt đầu"), local(d.created_at)), (_("Kết thúc"), local(d.closed_at)),
             (_("Tổ kiểm kê"), "; ".join(f"{m['name']} ({m['role']})" for m in d.team))]
    for key, value in facts:
        plan.append([key, value])
        if key in (_("Độ tin cậy"), _("Sai số cho phép")) and value is not None:
            plan.cell(plan.max_row, 2).number_format = "0.0%"
        if hasattr(value, "year"):
            plan.cell(plan.max_row, 2).number_format = "dd/mm/yyyy hh:mm"
    plan.append([])
    plan.append([_("Kết quả"), _("Số vật chứng")])
    for r in audit_rules.RESULT_ORDER:
        plan.append([_(audit_rules.RESULT_LABELS[r]), d.totals.get(r.value, 0)])
    plan.column_dimensions["A"].width = 44
    plan.column_dimensions["B"].width = 60
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def audit_json(uow, number: str) -> dict:
    """The same results as plain data (``audit open --json``)."""
    from dataclasses import asdict
    d = audit_detail(uow, number)
    return {"audit": asdict(d), "lines": [asdict(l) for l in audit_lines(uow, number)]}

