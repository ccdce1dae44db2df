"""Who may decide what at the console (issue #11): the competence table (show, export, import, reset) and a
case's milestones (list, add)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

from .base import command, print_json
from ..describe import agency_kinds_text, context_label, document_label, milestone_label, stage_label, state_label
from ..domain.errors import NotFound, ValidationError
from ..i18n import N_, _
from ..error_texts import register
from ..services import authority, case_authority, milestones
from ..services.commands import DocumentInput
from ..services.context import Actor, UnitOfWork


def _competence_configure(p):
    p.add_argument("action", choices=("show", "export", "import", "reset"),
                   help=_("show: xem; export/import FILE: xuất/nhập bảng (JSON); reset: khôi phục mặc định theo luật"))
    p.add_argument("file", nargs="?", help=_("tệp JSON (export, import)"))
    p.add_argument("--json", action="store_true", help=_("in dạng JSON"))


def _competence(args, db):
    if args.action in ("export", "import") and not args.file:
        raise ValidationError("field_required", field="file")
    if args.action == "show":
        with UnitOfWork(db, Actor.system(), write=False) as uow:
            rules = authority.list_rules(uow)
        if args.json:
            print_json([asdict(r) for r in rules])
            return 0
        for r in rules:
            mark = "" if r.is_default else " *"
            print(f"{document_label(r.document)} | {context_label(r.context)} | "
                  f"{agency_kinds_text(r.kinds)} | {r.source}{mark}")
        print(_("(* đã sửa so với mặc định theo luật)"))
        return 0
    if args.action == "export":
        with UnitOfWork(db, Actor.system(), write=False) as uow:
            table = authority.export_table(uow)
        with open(args.file, "w", encoding="utf-8") as f:
            json.dump(table, f, ensure_ascii=False, indent=1)
        print(_("Đã xuất {n} quy tắc thẩm quyền vào {path}", n=len(table["rules"]), path=args.file))
        return 0
    with UnitOfWork(db, Actor.system()) as uow:
        if args.action == "reset":
            n = authority.reset_table(uow)
        else:
            try:
                with open(args.file, encoding="utf-8") as f:
                    raw = json.load(f)
            except (OSError, ValueError) as exc:
                raise ValidationError("authority_table_invalid", field="file", reason=str(exc)) from None
            n = authority.import_table(uow, raw)
    print(_("Bảng thẩm quyền: {n} quy tắc đang áp dụng", n=n))
    return 0


_competence.configure = _competence_configure
command("competence", "bảng thẩm quyền: cơ quan nào được ban hành văn bản nào ở giai đoạn nào")(_competence)


def _case_id(uow, number: str) -> int:
    from sqlalchemy import select
    from ..db.models import Case
    found = uow.session.scalar(select(Case.id).where(Case.number == (number or "").strip()))
    if found is None:
        raise NotFound("case_not_found", id=number)
    return found


def _milestones_configure(p):
    p.add_argument("case", help=_("số vụ án"))
    p.add_argument("--json", action="store_true", help=_("in dạng JSON"))


def _milestones(args, db):
    with UnitOfWork(db, Actor.system(), write=False) as uow:
        case_id = _case_id(uow, args.case)
        rows = milestones.list_milestones(uow, case_id)
        info = case_authority.case_authority(uow, case_id)
    if args.json:
        print_json({"stage": info.stage, "context": info.context, "milestones": [asdict(r) for r in rows],
                    "disposal": info.disposal})
        return 0
    print(_("Vụ án {case}: giai đoạn {stage}", case=args.case, stage=context_label(info.context)))
    for r in rows:
        print(f"{r.occurred_on:%d/%m/%Y}  {milestone_label(r.kind)}: {document_label(r.document_kind, r.document_number)}"
              f" — {r.issuer} → {stage_label(r.stage_after)}")
    for outcome, reason in info.disposal.items():
        if reason:
            print(f"  {state_label(outcome)}: {reason}")
    return 0


_milestones.configure = _milestones_configure
command("milestones", "các mốc tố tụng của một vụ án và thẩm quyền xử lý vật chứng hiện tại")(_milestones)


def _milestone_add_configure(p):
    p.add_argument("case", help=_("số vụ án"))
    p.add_argument("kind", help=_("loại mốc (opening, investigation_conclusion, indictment, ...)"))
    p.add_argument("--doc-kind", required=True, help=_("loại văn bản (case_opening, indictment, judgment, ...)"))
    p.add_argument("--number", required=True, help=_("số văn bản"))
    p.add_argument("--date", required=True, help=_("ngày ban hành (YYYY-MM-DD)"))
    p.add_argument("--issuer", required=True, type=int, help=_("mã số cơ quan ban hành trong danh mục"))
    p.add_argument("--signer", default="", help=_("người ký"))
    p.add_argument("--on", default="", help=_("ngày của mốc nếu khác ngày văn bản (YYYY-MM-DD)"))
    p.add_argument("--scan", default="", help=_("tệp bản chụp văn bản (ghi từ bản giấy)"))


def _day(raw: str, field: str):
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        from ..services import printing_data  # noqa: F401 (registers "date_invalid")
        raise ValidationError("date_invalid", field=field, value=raw) from None


register("scan_unreadable", N_("Không đọc được tệp bản chụp {path}"))


def _scan(path: str):
    """The paper's scan for a milestone (issue 13); an unreadable file is a clear message, exit 2."""
    import mimetypes
    from pathlib import Path
    from ..services.commands import FileInput
    try:
        content = Path(path).read_bytes()
    except OSError:
        raise ValidationError("scan_unreadable", field="scan", path=path) from None
    return FileInput(Path(path).name, content, mimetypes.guess_type(path)[0] or "")


def _milestone_add(args, db):
    with UnitOfWork(db, Actor.system()) as uow:
        case_id = _case_id(uow, args.case)
        doc = DocumentInput(args.doc_kind, args.number, _day(args.date, "date"), args.issuer, args.signer)
        ch = milestones.record_milestone(uow, milestones.RecordMilestone(
            case_id, args.kind, doc, occurred_on=_day(args.on, "on") if args.on else None,
            scan=_scan(args.scan) if args.scan else None))
    print(_("Đã ghi mốc; giai đoạn: {stage}", stage=stage_label(ch.extra["stage"])))
    return 0


_milestone_add.configure = _milestone_add_configure
command("milestone-add", "ghi một mốc tố tụng (văn bản và cơ quan ban hành trong danh mục)")(_milestone_add)
