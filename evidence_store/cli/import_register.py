"""``import``: an old register (XLSX/CSV) into the database, or only checked with ``--dry-run``.

    python -m evidence_store import so-2019.xlsx --preset so-cu --dry-run
    python -m evidence_store import so-2019.xlsx --preset so-cu --json

Prints every faulty row with its cells' errors, then a summary; exits 2 when a row is faulty (nothing is
imported then, unless --skip-invalid) or the file cannot be read."""

from __future__ import annotations

import sys
from pathlib import Path

from .base import command, print_json
from .printing import _actor
from ..exports.registers import fields_of
from ..i18n import _
from ..services.context import UnitOfWork


def _configure(p):
    p.add_argument("file", help=_("tệp .xlsx hoặc .csv"))
    p.add_argument("--preset", default="so-cu", help=_("mẫu nhập: so-cu, vat-chung, vu-an, nguoi, vi-tri hoặc mẫu đã lưu"))
    p.add_argument("--dry-run", action="store_true", help=_("chỉ kiểm tra, không ghi gì"))
    p.add_argument("--skip-invalid", action="store_true", help=_("nhập các dòng đúng, bỏ qua các dòng lỗi"))
    p.add_argument("--json", action="store_true", help=_("in kết quả từng dòng dạng JSON"))
    p.add_argument("--user", help=_("tên đăng nhập thực hiện (mặc định: hệ thống)"))


def _labels(entity: str) -> dict[str, str]:
    out = {f.key: _(f.label) for f in fields_of(entity)}
    out["row"] = _("Dòng")
    return out


def _progress(done: int, total: int) -> None:
    if total and sys.stderr.isatty():
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)


def _import(args, db):
    from ..domain.errors import ValidationError
    from ..services import register_import
    path = Path(args.file)
    with UnitOfWork(db, _actor(args, db)) as uow:
        preset = register_import.preset_named(uow, args.preset)
        check = register_import.import_register(uow, path, preset, dry_run=True)
        faulty = [r for r in check.rows if r.status in ("error", "repeat")]
        outcome = check
        if not args.dry_run and (not faulty or args.skip_invalid) and check.summary["ok"]:
            outcome = register_import.import_register(uow, path, preset, skip_invalid=args.skip_invalid, progress=_progress)
    labels = _labels(preset.entity)
    if args.json:
        print_json({"file": path.name, "preset": preset.name, "entity": preset.entity, "dry_run": args.dry_run,
                    "summary": check.summary, "imported": outcome.imported, "batch": outcome.batch_id,
                    "new_codes": outcome.item_codes,
                    "rows": [{"row": r.row_no, "status": r.status,
                              "errors": {labels.get(k, k): v for k, v in r.errors.items()}} for r in check.rows]})
    else:
        for r in faulty:
            cells = "; ".join(f"{labels.get(k, k)}: {v}" for k, v in r.errors.items())
            print(_("Dòng {n}: {errors}", n=r.row_no, errors=cells))
        s = check.summary
        print(_("{rows} dòng: {ok} hợp lệ, {error} lỗi, {repeat} trùng trong tệp, {imported} đã nhập trước đây.",
                **s))
        if outcome.imported:
            print(_("Đã nhập {n} dòng (đợt nhập số {batch}).", n=outcome.imported, batch=outcome.batch_id))
        elif args.dry_run:
            print(_("Chạy thử: chưa ghi gì vào cơ sở dữ liệu."))
    if faulty and not (args.skip_invalid and outcome.imported):
        if not args.dry_run:
            print(_("Lỗi: {message}", message=_("{n} dòng có lỗi; sửa tệp (hoặc chọn bỏ qua các dòng lỗi) rồi "
                                                 "nhập lại", n=len(faulty))), file=sys.stderr)
        return 2
    if not args.dry_run and not outcome.imported:
        raise ValidationError("import_nothing", field="file")
    return 0


_import.configure = _configure
command("import", "nhập sổ theo dõi / danh sách cũ từ tệp XLSX hoặc CSV")(_import)
