"""``demo [--items N] [--seed S]``: build the demo warehouse through the services, print the demo
accounts, and verify the ledger."""

from __future__ import annotations

import sys

from .base import bounded, command
from ..i18n import _


def _configure(p):
    p.add_argument("--items", type=bounded(0, 2_000_000), default=1000, help=_("số vật chứng"))
    p.add_argument("--seed", type=bounded(0, 2**31 - 1), default=1, help=_("hạt giống ngẫu nhiên (cùng hạt giống → cùng dữ liệu)"))
    p.add_argument("--bulk", action="store_true", help=_("ghi trực tiếp, nhanh (tự động khi trên 20.000 vật chứng)"))


def _progress(done: int, total: int) -> None:
    print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)


def _run(args, db):
    from ..demo import marker
    from ..domain.errors import ValidationError
    state = marker.state(db)
    if state == "initialised":
        raise ValidationError("already_initialised", field="setup")
    if state == "running":  # a previous demo was killed half-way: start again from scratch, on either engine
        db = marker.wipe(db)
        print(_("Đã xóa dữ liệu mẫu dở dang của lần chạy trước (bị ngắt) và tạo lại từ đầu"), file=sys.stderr)
        try:
            return _build(args, db)
        finally:
            db.dispose()
    return _build(args, db)


def _build(args, db):
    from .items import _verify
    from ..demo import marker
    from ..demo.base import DEMO_USERS
    from ..domain.permissions import ROLE_LABELS
    result = marker.build(db, args.items, seed=args.seed, progress=_progress,
                          bulk=args.bulk or args.items > 20_000)  # above 20,000 items: the bulk path
    print(file=sys.stderr)
    print(_("Đã tạo dữ liệu mẫu: {items} vật chứng, {cases} vụ án, {events} sự kiện trong {seconds:.1f} giây",
            items=result.items, cases=result.cases, events=result.events, seconds=result.seconds))
    print(_("Tài khoản mẫu:"))
    for username, (password, role, full_name, *_rest) in DEMO_USERS.items():
        print(f"  {username:<10} {password:<14} {_(ROLE_LABELS[role]):<26} {full_name}")
    return _verify(args, db)


_run.configure = _configure
_run.creates_db = True
command("demo", "tạo cơ sở dữ liệu mẫu (Hà Nội) qua các nghiệp vụ")(_run)
