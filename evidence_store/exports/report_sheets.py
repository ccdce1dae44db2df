"""A statistics report as XLSX sheets: the same tables as the PDF, typed (numbers, dates, ratios)."""

from __future__ import annotations

from ..i18n import _
from .tabular import Col, Sheet


def _sheet(report, name: str, title: str, cols, rows) -> Sheet:
    rows = list(rows)
    return Sheet(name, f"{report.title} — {title}", report.filters_text, cols, rows, len(rows))


def report_sheets(report) -> list[Sheet]:
    out, s = [], report.sections
    if "flow" in s:
        out.append(_sheet(report, _("Nhập - xử lý"), _("Tiếp nhận và xử lý theo tháng"),
                          [Col(_("Tháng"), "month", 12), Col(_("Nhập kho"), "int"), Col(_("Xử lý xong"), "int"),
                           Col(_("Chuyển kho khác"), "int"), Col(_("Tỷ lệ xử lý / nhập"), "number", 18)],
                          [(r.month, r.intake, r.disposed, r.transferred,
                            round(r.ratio, 3) if r.ratio is not None else None) for r in report.flow]))
    for key, name, title, head in (("age", _("Thời gian lưu"), _("Vật chứng đang quản lý theo thời gian lưu kho"),
                                    _("Thời gian lưu kho")),
                                   ("categories", _("Theo loại"), _("Vật chứng đang quản lý theo loại"),
                                    _("Loại vật chứng")),
                                   ("states", _("Theo trạng thái"), _("Vật chứng theo trạng thái"), _("Trạng thái"))):
        if key in s:
            rows = getattr(report, key)
            total = sum(r.count for r in rows) or 1
            out.append(_sheet(report, name, title, [Col(head, "text", 34), Col(_("Số vật chứng"), "int"),
                                                    Col(_("Tỷ trọng"), "percent")],
                              [(r.label, r.count, r.count / total) for r in rows]))
    if "backlog" in s:
        out.append(_sheet(report, _("Tồn đọng 1 năm"), _("Tồn đọng từ 1 năm trở lên"),
                          [Col(_("Cơ quan thụ lý"), "text", 34), Col(_("Giai đoạn"), "text", 16),
                           Col(_("Số vật chứng"), "int")],
                          [(r.agency, r.stage_label, r.count) for r in report.backlog]))
    if "occupancy" in s:
        out.append(_sheet(report, _("Vị trí"), _("Mức sử dụng vị trí lưu kho"),
                          [Col(_("Mã vị trí"), "text", 16), Col(_("Vị trí"), "text", 30), Col(_("Sức chứa"), "int"),
                           Col(_("Đang chứa"), "int"), Col(_("Mức sử dụng"), "percent")],
                          [(r.code, r.name, r.capacity, r.occupancy, r.share) for r in report.occupancy]))
    if "deadlines" in s:
        out.append(_sheet(report, _("Thời hạn"), _("Thực hiện thời hạn theo cơ quan"),
                          [Col(_("Cơ quan"), "text", 34), Col(_("Đúng hạn"), "int"), Col(_("Trễ hạn"), "int"),
                           Col(_("Chưa đến hạn"), "int")],
                          [(r.agency, r.kept, r.missed, r.open) for r in report.deadlines]))
    if "overdue" in s:
        out.append(_sheet(report, _("Tạm xuất quá hạn"), _("Vật chứng tạm xuất quá hạn trả"),
                          [Col(_("Mã vật chứng"), "text", 16), Col(_("Tên vật chứng"), "text", 36),
                           Col(_("Vụ án"), "text", 18), Col(_("Người giữ"), "text", 34),
                           Col(_("Cơ quan thụ lý"), "text", 20), Col(_("Hạn trả"), "date", 12),
                           Col(_("Số ngày quá hạn"), "int")],
                          [(r.code, r.name, r.case_number, r.holder, r.agency, r.due_on, r.days_overdue)
                           for r in report.overdue]))
    return out
