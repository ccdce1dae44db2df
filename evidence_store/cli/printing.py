"""Printing sub-commands: label, location-label, handovers, record, stock-card, ledger-book, custody-report.

They act as the system actor unless ``--user NAME`` names an account: its password is then checked
(prompt, $EVIDENCE_STORE_PASSWORD or --password-file) and its permissions apply."""

from __future__ import annotations

import os

from dataclasses import asdict
from pathlib import Path

from sqlalchemy import select

from .base import bounded, command, print_json
from ..domain.errors import NotFound, ValidationError
from ..i18n import N_, _
from ..error_texts import register
from ..services import printing
from ..services.context import Actor, UnitOfWork
from ..services.printing_data import local, parse_day


def _actor(args, db) -> Actor:
    """The system actor, or the named account once its password is checked (cli.cli_actor)."""
    from .base import cli_actor
    return cli_actor(args, db)


def _common(p, output: bool = True) -> None:
    if output:
        p.add_argument("-o", "--output", required=True, help=_("tệp PDF sẽ ghi"))
    p.add_argument("--user", help=_("tên đăng nhập thực hiện, phải xác thực mật khẩu (mặc định: hệ thống)"))


def _write(args, pdf: bytes) -> None:
    path = Path(args.output)
    path.write_bytes(pdf)
    print(_("Đã ghi {path} ({size} byte)", path=path, size=len(pdf)))


register("output_folder_missing", N_("Không có thư mục {path} để ghi tệp kết quả"))
register("output_folder_not_writable", N_("Không ghi được vào thư mục {path}"))


def _check_output(args) -> None:
    """Before anything is printed (a label print is recorded in the ledger): the output file can be written
    — a missing folder is named as such, not blamed on the database (HANDS-ON 76)."""
    output = getattr(args, "output", None)
    if not output:
        return
    folder = Path(output).expanduser().resolve().parent
    if not folder.is_dir():
        raise ValidationError("output_folder_missing", field="output", path=str(folder))
    if not os.access(folder, os.W_OK):
        raise ValidationError("output_folder_not_writable", field="output", path=str(folder))


def _run(args, db, fn, *params, write: bool = False, **options) -> bytes:
    _check_output(args)
    with UnitOfWork(db, _actor(args, db), write=write) as uow:
        return fn(uow, *params, **options)


def _label_configure(p):
    p.add_argument("codes", nargs="+", metavar="CODE", help=_("mã vật chứng"))
    p.add_argument("--layout", help=_("khổ nhãn, ví dụ thermal-50x30, a4-3x8, a4-2x7"))
    p.add_argument("--copies", type=bounded(1, 100), default=1, help=_("số bản mỗi nhãn"))
    p.add_argument("--dpi", type=int, choices=(203, 300, 600),
                   help=_("độ phân giải máy in (mã vạch khớp từng điểm in); mặc định theo khổ nhãn"))
    _common(p)


def _label(args, db):
    _write(args, _run(args, db, printing.item_labels_pdf, args.codes, args.layout, args.copies, args.dpi, write=True))


_label.configure = _label_configure
command("label", "in nhãn vật chứng (ghi vào sổ theo dõi; in lại ghi «BẢN IN LẠI»)")(_label)


def _location_label_configure(p):
    p.add_argument("codes", nargs="+", metavar="CODE", help=_("mã vị trí"))
    p.add_argument("--layout", help=_("khổ nhãn, ví dụ location-100x50, a4-location-2x5"))
    _common(p)


def _location_label(args, db):
    _write(args, _run(args, db, printing.location_labels_pdf, args.codes, args.layout))


_location_label.configure = _location_label_configure
command("location-label", "in nhãn vị trí kho")(_location_label)


def _handovers_configure(p):
    p.add_argument("--item", help=_("mã vật chứng"))
    p.add_argument("--limit", type=bounded(1, 10_000), default=50)
    p.add_argument("--json", action="store_true")
    _common(p, output=False)


def _handovers(args, db):
    from ..services.handover_read import list_handovers
    rows = _run(args, db, list_handovers, args.item, args.limit)
    if args.json:
        print_json([asdict(r) for r in rows])
        return
    from ..domain.records import GIVE_AND_TAKE_ACTS, document_kind_name
    for r in rows:  # each record named by its kind, in words (issue #12), not by the code «seal», «incident»
        name = _(document_kind_name(r.number, r.kind))
        if r.kind in GIVE_AND_TAKE_ACTS:
            name += f" ({_(GIVE_AND_TAKE_ACTS[r.kind])})"
        print(f"{r.number:<16} {name:<45} {local(r.started_at):%d/%m/%Y %H:%M}  "
              f"{r.case_number:<18} {r.item_count:>4}  {r.giver} → {r.receiver}".rstrip())


_handovers.configure = _handovers_configure
command("handovers", "liệt kê biên bản giao nhận")(_handovers)


def _record_configure(p):
    p.add_argument("number", help=_("số biên bản giao nhận, ví dụ 12/2026/BB-GN"))
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--slip", choices=("in", "out"), help=_("in phiếu nhập kho (in) / phiếu xuất kho (out)"))
    kind.add_argument("--destruction", action="store_true", help=_("in biên bản tiêu hủy"))
    kind.add_argument("--seal-paper", action="store_true",
                      help=_("in giấy niêm phong của một biên bản niêm phong (NĐ 127/2017), mỗi kiện một trang"))
    p.add_argument("--translation", choices=("en",),
                   help=_("in bản dịch tham khảo (ghi rõ trên từng trang); bản chính thức luôn bằng tiếng Việt"))
    _common(p)


def _record(args, db):
    """Official records are Vietnamese even with --lang en (BLTTHS Điều 29); --translation asks for a marked
    translation."""
    options = {"translation": args.translation} if args.translation else {}
    if args.slip:
        pdf = _run(args, db, printing.stock_slip_pdf, args.number, args.slip, **options)
    elif args.destruction:
        pdf = _run(args, db, printing.destruction_pdf, args.number, **options)
    elif args.seal_paper:
        pdf = _run(args, db, printing.seal_paper_pdf, args.number, **options)
    else:
        pdf = _run(args, db, printing.handover_pdf, args.number, **options)
    _write(args, pdf)


_record.configure = _record_configure
command("record", "in biên bản giao nhận, phiếu nhập / xuất kho hoặc biên bản tiêu hủy")(_record)


def _code_configure(p):
    p.add_argument("code", help=_("mã vật chứng"))
    _common(p)


def _stock_card(args, db):
    _write(args, _run(args, db, printing.stock_card_pdf, args.code))


_stock_card.configure = _code_configure
command("stock-card", "in thẻ kho của một vật chứng")(_stock_card)


def _custody_report(args, db):
    _write(args, _run(args, db, printing.custody_report_pdf, args.code))


_custody_report.configure = _code_configure
command("custody-report", "in báo cáo quá trình quản lý vật chứng (kèm kết quả kiểm tra chuỗi)")(_custody_report)


def _ledger_book_configure(p):
    p.add_argument("--from", dest="date_from", required=True, help=_("từ ngày (YYYY-MM-DD hoặc dd/mm/yyyy)"))
    p.add_argument("--to", dest="date_to", required=True, help=_("đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy)"))
    _common(p)


def _ledger_book(args, db):
    _write(args, _run(args, db, printing.ledger_book_pdf, parse_day(args.date_from), parse_day(args.date_to)))


_ledger_book.configure = _ledger_book_configure
command("ledger-book", "in sổ theo dõi nhập – xuất kho của một khoảng thời gian")(_ledger_book)


def _print_settings_configure(p):
    sub = p.add_subparsers(dest="action", required=True, metavar="{export,import}")
    export = sub.add_parser("export", help=_("ghi thiết lập in (mẫu in, khổ nhãn, biểu trưng) ra tệp JSON"))
    export.add_argument("file", help=_("tệp JSON sẽ ghi"))
    load = sub.add_parser("import", help=_("kiểm tra và lưu thiết lập in từ tệp JSON"))
    load.add_argument("file", help=_("tệp JSON đã xuất"))


def _print_settings(args, db):
    """Export the effective settings; import validates and saves them as the system actor (an administrator)."""
    import json
    from ..domain.errors import ValidationError
    from ..services.printing_data import load_print_settings, save_print_settings
    path = Path(args.file)
    if args.action == "export":
        with UnitOfWork(db, _actor(args, db), write=False) as uow:
            data = load_print_settings(uow).to_dict()
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
        print(_("Đã ghi {path}", path=path))
        return
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError("print_settings_invalid", field="file", reason=str(exc)) from None
    with UnitOfWork(db, _actor(args, db)) as uow:
        save_print_settings(uow, data)
    print(_("Đã lưu thiết lập in từ {path}", path=path))


_print_settings.configure = _print_settings_configure
command("print-settings", "xuất / nhập thiết lập in (mẫu in, khổ nhãn, biểu trưng) dạng JSON")(_print_settings)
