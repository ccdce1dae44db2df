"""``audit`` sub-commands (kiểm kê) for scripts and the handheld workflow: list, open (plan and start
counting), show, import a scan file, reconcile, print the record, export the results.

They act as the system actor unless ``--user NAME`` names an account whose permissions then apply."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from .base import command, print_json
from .printing import _actor
from ..domain.errors import ValidationError
from ..i18n import N_, _
from ..error_texts import register
from ..services.context import UnitOfWork

register("output_unwritable", N_("Không ghi được tệp {path}: {reason}"))


def _uow(args, db, write: bool):
    return UnitOfWork(db, _actor(args, db), write=write)


def _configure(p):
    sub = p.add_subparsers(dest="action", required=True, metavar="{list,open,show,import,reconcile,print,export}")

    def user(sp):
        sp.add_argument("--user", help=_("tên đăng nhập thực hiện (mặc định: hệ thống)"))
        return sp
    ls = user(sub.add_parser("list", help=_("liệt kê các đợt kiểm kê")))
    ls.add_argument("--status", choices=("counting", "reconciled", "closed"))
    ls.add_argument("--json", action="store_true")
    op = user(sub.add_parser("open", help=_("lập kế hoạch và mở đợt kiểm kê (bắt đầu kiểm đếm)")))
    op.add_argument("--kind", required=True, choices=("full", "zone", "category", "case", "sample_items",
                                                      "sample_locations"))
    op.add_argument("--location", default="", help=_("mã khu / vị trí (kiểm kê theo khu)"))
    op.add_argument("--category", default="", help=_("loại vật chứng, ví dụ drugs, cash_vnd"))
    op.add_argument("--case", default="", help=_("số vụ án"))
    op.add_argument("--high-risk", action="store_true", help=_("chỉ nhóm rủi ro cao (tiền, vàng bạc, ma túy, vũ khí)"))
    op.add_argument("--confidence", type=float, default=0.95, help=_("độ tin cậy, ví dụ 0.95"))
    op.add_argument("--margin", type=float, default=0.03, help=_("sai số cho phép, ví dụ 0.03"))
    op.add_argument("--seed", type=int, help=_("số khởi tạo ngẫu nhiên (chọn lại được đúng mẫu)"))
    op.add_argument("--weight", type=float, default=3.0, help=_("hệ số ưu tiên nhóm rủi ro cao khi chọn mẫu"))
    op.add_argument("--reason", default="")
    show = user(sub.add_parser("show", help=_("xem một đợt kiểm kê và kết quả")))
    show.add_argument("number")
    show.add_argument("--json", action="store_true")
    imp = user(sub.add_parser("import", help=_("nạp tệp quét của máy quét cầm tay (CSV: mã, thời gian)")))
    imp.add_argument("number")
    imp.add_argument("file")
    rec = user(sub.add_parser("reconcile", help=_("đối chiếu kết quả kiểm đếm với sổ sách")))
    rec.add_argument("number")
    pr = user(sub.add_parser("print", help=_("in biên bản kiểm kê (PDF)")))
    pr.add_argument("number")
    pr.add_argument("-o", "--output", required=True, help=_("tệp PDF sẽ ghi"))
    ex = user(sub.add_parser("export", help=_("xuất kết quả kiểm kê ra tệp Excel (XLSX)")))
    ex.add_argument("number")
    ex.add_argument("-o", "--output", required=True, help=_("tệp XLSX sẽ ghi"))


def _write(path: str, data: bytes) -> None:
    target = Path(path)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise ValidationError("output_unwritable", field="output", path=str(target), reason=exc.strerror or str(exc))
    print(_("Đã ghi {path} ({size} byte)", path=target, size=len(data)))


def _audit(args, db):
    from ..domain import audit as audit_rules
    from ..services import audit_count, audit_plan, audit_export, audit_read, audit_reconcile
    from ..services.commands import PlanAudit
    from ..services.printing_data import local
    if args.action == "list":
        with _uow(args, db, False) as uow:
            rows = audit_read.list_audits(uow, args.status)
        if args.json:
            print_json([asdict(r) for r in rows])
            return 0
        for r in rows:
            print(f"{r.number:<16} {_(audit_rules.AUDIT_STATUS_LABELS[audit_rules.AuditStatus(r.status)]):<36} {local(r.created_at):%d/%m/%Y}"
                  f"  {r.scans:>6} {_('lượt quét')}  {r.unresolved:>4} {_('chưa xử lý')}  {r.scope}")
        return 0
    if args.action == "open":
        cmd = PlanAudit(args.kind, location_code=args.location, category=args.category, case_number=args.case,
                        high_risk_only=args.high_risk, confidence=args.confidence, margin=args.margin, seed=args.seed,
                        high_risk_weight=args.weight, reason=args.reason)
        with _uow(args, db, True) as uow:
            changes = audit_plan.plan_audit(uow, cmd)
        x = changes.extra
        print(_("Đã mở đợt kiểm kê {number}: tổng thể {population}, cần kiểm {n}", number=x["audit_number"],
                population=x["population"], n=x["sample_size"]))
        return 0
    if args.action == "show":
        with _uow(args, db, False) as uow:
            data = audit_export.audit_json(uow, args.number)
        if args.json:
            print_json(data)
            return 0
        a = data["audit"]
        print(f"{a['number']}  {_(audit_rules.AUDIT_KIND_LABELS[audit_rules.AuditKind(a['kind'])])} — {a['scope']}")
        print(_("Trạng thái: {status}; tổng thể {population}, cần kiểm {n}, {scans} lượt quét",
                status=_(audit_rules.AUDIT_STATUS_LABELS[audit_rules.AuditStatus(a["status"])]), population=a["population"],
                n=a["sample_size"], scans=a["scans"]))
        for r in audit_rules.RESULT_ORDER:
            if a["totals"].get(r.value):
                print(f"  {_(audit_rules.RESULT_LABELS[r]):<48} {a['totals'][r.value]:>7}")
        for l in data["lines"]:
            if audit_rules.Result(l["result"]) in audit_rules.DISCREPANCIES:
                how = _(audit_rules.RESOLUTION_LABELS[audit_rules.Resolution(l["resolution"])]) if l["resolution"] else _("chưa xử lý")
                print(f"  #{l['line_no']:<5} {l['code']:<14} {_(audit_rules.RESULT_LABELS[audit_rules.Result(l['result'])]):<36} {how}")
        return 0
    if args.action == "import":
        path = Path(args.file)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError("scan_file_unreadable", field="file", filename=str(path),
                                  reason=getattr(exc, "strerror", None) or str(exc)) from None
        with _uow(args, db, True) as uow:
            report = audit_count.import_scan_file(uow, args.number, text, filename=path.name)
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(report["counts"].items()))
        print(_("Đã nạp {n} dòng vào đợt kiểm kê {number} ({counts})", n=report["lines"], number=args.number,
                counts=counts))
        for line, code, why in report["problems"][:50]:
            print(_("  dòng {line}: {code} — {why}", line=line, code=code or "-", why=why))
        return 0
    if args.action == "reconcile":
        with _uow(args, db, True) as uow:
            changes = audit_reconcile.reconcile(uow, args.number)
        print(_("Đã đối chiếu {number}: {n} dòng kết quả mới", number=args.number, n=changes.extra["lines"]))
        return 0
    with _uow(args, db, False) as uow:
        data = audit_export.audit_record_pdf(uow, args.number) if args.action == "print" else audit_export.audit_xlsx(uow, args.number)
    _write(args.output, data)
    return 0


_audit.configure = _configure
command("audit", "kiểm kê: liệt kê, mở đợt, nạp tệp quét, đối chiếu, in biên bản, xuất Excel")(_audit)
