"""``report``: a statistics report to PDF or XLSX for scheduled runs (issue #16).

    python -m evidence_store report --kind summary --from 2026-10-01 --to 2026-12-31 -o quy4.pdf
    python -m evidence_store report --kind agency --agency PC02 --period quarter -o pc02.xlsx

Without --from/--to the last complete period (--period, default month) before today is reported."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from sqlalchemy import func, or_, select

from .base import command, print_json
from .printing import _actor
from ..domain import periods
from ..domain.errors import NotFound, ValidationError
from ..i18n import N_, _
from ..error_texts import register
from ..services.context import UnitOfWork
from ..services.printing_data import local_now, parse_day

register("report_output_suffix", N_("Tệp báo cáo phải có đuôi .pdf hoặc .xlsx: {path}"))
register("agency_unknown", N_("Không tìm thấy cơ quan {agency}"))
register("output_unwritable", N_("Không ghi được tệp {path}: {reason}"))
register("period_half_given", N_("Cần cả --from và --to (hoặc bỏ cả hai và dùng --period)"))


def _configure(p):
    from ..services.reports import KINDS
    p.add_argument("--kind", required=True, choices=sorted(KINDS), help=_("loại báo cáo"))
    p.add_argument("--from", dest="date_from", help=_("từ ngày (YYYY-MM-DD hoặc dd/mm/yyyy)"))
    p.add_argument("--to", dest="date_to", help=_("đến ngày"))
    p.add_argument("--period", choices=[k.value for k in periods.PeriodKind], default="month",
                   help=_("kỳ báo cáo khi không ghi --from/--to: kỳ trọn vẹn gần nhất"))
    p.add_argument("--agency", help=_("cơ quan thụ lý (tên viết tắt hoặc số id)"))
    p.add_argument("--warehouse", type=int, help=_("số id của kho"))
    p.add_argument("--category", help=_("mã loại vật chứng, ví dụ phone"))
    p.add_argument("-o", "--output", required=True, help=_("tệp .pdf hoặc .xlsx sẽ ghi"))
    p.add_argument("--json", action="store_true", help=_("in các số liệu dạng JSON"))
    p.add_argument("--user", help=_("tên đăng nhập thực hiện (mặc định: hệ thống)"))


def _period(args) -> periods.Period:
    if bool(args.date_from) != bool(args.date_to):
        raise ValidationError("period_half_given", field="date_from")
    if args.date_from:
        return periods.checked(parse_day(args.date_from), parse_day(args.date_to))
    return periods.previous_period(args.period, local_now().date())


def _agency_id(uow, text: str | None) -> int | None:
    if not text:
        return None
    from ..db.models import Agency
    key = text.strip()
    cond = or_(func.lower(Agency.short_name) == key.lower(), func.lower(Agency.name) == key.lower())
    if key.isdigit():
        cond = or_(cond, Agency.id == int(key))
    found = uow.session.scalars(select(Agency.id).where(cond)).first()
    if found is None:
        raise NotFound("agency_unknown", agency=key)
    return found


def _report(args, db):
    from ..domain.categories import category
    from ..services import report_files, reports
    path = Path(args.output)
    if path.suffix.lower() not in (".pdf", ".xlsx"):
        raise ValidationError("report_output_suffix", field="output", path=str(path))
    if args.category:
        category(args.category)  # a clear error for an unknown code
    period = _period(args)
    with UnitOfWork(db, _actor(args, db), write=False) as uow:
        flt = reports.ReportFilter(period.first, period.last, args.warehouse, _agency_id(uow, args.agency),
                                   args.category)
        report = reports.build_report(uow, args.kind, flt)
        try:
            report_files.write_report(uow, args.kind, flt, path, report=report)
        except OSError as exc:
            raise ValidationError("output_unwritable", field="output", path=str(path),
                                  reason=exc.strerror or type(exc).__name__) from None
    if args.json:
        data = asdict(report)
        data.update(intake_total=report.intake_total, out_total=report.out_total, ratio=report.ratio,
                    ratio_warning=report.ratio_warning)
        print_json(data)
    else:
        print(_("Đã ghi {path}: {title}, {filters}", path=path, title=report.title, filters=report.filters_text))
        if report.ratio_warning:
            print(_("Cảnh báo: tỷ lệ xử lý / nhập kho {ratio} dưới {w}", ratio=f"{report.ratio:.2f}".replace(".", ","),
                    w=f"{reports.RATIO_WARNING:.2f}".replace(".", ",")))
    return 0


_report.configure = _configure
command("report", "lập báo cáo thống kê ra tệp PDF hoặc XLSX")(_report)
