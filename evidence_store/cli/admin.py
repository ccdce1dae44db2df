"""Administrator sub-commands at the console: backup, restore, users, user-add."""

from __future__ import annotations

import getpass
from dataclasses import asdict

from .. import config
from .base import command, print_json
from ..domain.errors import DomainError
from ..domain.permissions import ROLE_LABELS, Role
from ..i18n import _
from ..services import accounts, user_admin
from ..services.backup import backup, restore
from ..services.context import Actor, UnitOfWork


def _backup_configure(p):
    p.add_argument("file", help=_("tệp sao lưu sẽ tạo"))


def _backup(args, db):
    from .base import cli_actor
    result = backup(db, args.file, actor=cli_actor(args, db))
    print(_("Đã sao lưu vào {path} ({size} byte)", path=result.path, size=result.size))


_backup.configure = _backup_configure
command("backup", "sao lưu cơ sở dữ liệu ra một tệp (phần mềm vẫn có thể đang chạy)")(_backup)


def _restore_configure(p):
    p.add_argument("file", help=_("tệp sao lưu"))
    p.add_argument("--yes", action="store_true", help=_("không hỏi xác nhận"))
    p.add_argument("--check", action="store_true", help=_("chỉ kiểm tra bản sao lưu, không phục hồi"))


def _restore(args, _db):
    url = config.resolve_db_url(args.db)
    checked = restore(url, args.file, verify_only=True)
    print(_("Bản sao lưu hợp lệ: {events} sự kiện, {items} vật chứng, đỉnh chuỗi #{seq} {hash}",
            events=checked.events, items=checked.items, seq=checked.head_seq, hash=checked.head_hash[:16]))
    if args.check:
        return 0
    if not args.yes:
        try:
            answer = input(_("Thay thế cơ sở dữ liệu hiện tại bằng bản sao lưu này? Gõ CO để đồng ý: "))
        except EOFError:  # no terminal and nothing piped in: nobody said yes (HANDS-ON 94)
            raise DomainError("restore_not_confirmed") from None
        if answer.strip().upper() not in ("CO", "CÓ"):
            print(_("Đã hủy."))
            return 1
    result = restore(url, args.file)
    print(_("Đã phục hồi từ {path}.", path=result.restored_from))
    if result.safety_copy:
        print(_("Cơ sở dữ liệu cũ được giữ tại {path}", path=result.safety_copy))
    return 0


_restore.configure = _restore_configure
_restore.needs_db = False
command("restore", "phục hồi cơ sở dữ liệu từ bản sao lưu (kiểm tra sổ theo dõi trước)")(_restore)


def _users_configure(p):
    p.add_argument("--json", action="store_true")


def _users(args, db):
    from .base import cli_actor
    with UnitOfWork(db, cli_actor(args, db), write=False) as uow:
        users = user_admin.list_users(uow)
    if args.json:
        print_json([asdict(u) for u in users])
        return
    for u in users:
        roles = ", ".join(_(ROLE_LABELS[Role(r)]) for r in u.roles)
        flags = [] if u.active else [_("đã khóa")]
        if u.must_change_password:
            flags.append(_("phải đổi mật khẩu"))
        print(f"{u.id:>4}  {u.username:<20} {u.full_name:<28} {roles}  {' '.join(flags)}".rstrip())


_users.configure = _users_configure
command("users", "liệt kê tài khoản người dùng")(_users)


def _user_add_configure(p):
    p.add_argument("username")
    p.add_argument("--role", action="append", required=True, choices=[r.value for r in Role],
                   help=_("vai trò (có thể lặp lại)"))
    p.add_argument("--full-name", default="", help=_("họ tên"))
    p.add_argument("--password", help=_("mật khẩu tạm (bỏ trống để nhập ẩn)"))


def _ask_password() -> str:
    first = getpass.getpass(_("Mật khẩu tạm: "))
    if getpass.getpass(_("Nhập lại mật khẩu: ")) != first:
        raise DomainError("passwords_differ")
    return first


def _user_add(args, db):
    password = args.password if args.password is not None else _ask_password()
    from .base import cli_actor
    with UnitOfWork(db, cli_actor(args, db)) as uow:
        user_id = accounts.create_user(uow, args.username, password, args.role, full_name=args.full_name)
        uow.commit()
    print(_("Đã tạo tài khoản {username} (id {id}); người dùng phải đổi mật khẩu khi đăng nhập lần đầu",
            username=args.username.lower(), id=user_id))


_user_add.configure = _user_add_configure
command("user-add", "tạo tài khoản người dùng")(_user_add)


def _pg_secure(args, db):
    """Install (again) the PostgreSQL groups, functions and grants of docs/POSTGRESQL.md §3, as the owner."""
    from ..db import pg_security
    if db.is_sqlite:
        raise DomainError("pg_only")
    pg_security.install(db)
    print(_("Đã cài đặt nhóm quyền, hàm và phân quyền PostgreSQL cho máy trạm không tin cậy"))


command("pg-secure", "PostgreSQL: cài đặt nhóm quyền, hàm ghi sổ và phân quyền (chạy bằng vai trò chủ sở hữu)")(_pg_secure)


def _pg_login_configure(p):
    p.add_argument("username", help=_("tên tài khoản trong phần mềm"))


def _pg_login(args, db):
    """Create or update the PostgreSQL login role of an account: its password (asked, or from
    --password-file / EVIDENCE_STORE_PASSWORD) and its groups, from the permission matrix."""
    from sqlalchemy import select
    from .base import _password
    from ..db import pg_security
    from ..db.models import User
    if db.is_sqlite:
        raise DomainError("pg_only")
    with UnitOfWork(db, Actor.system(), write=False) as uow:
        row = uow.session.execute(select(User.username, User.roles).where(
            User.username == args.username.strip().lower())).first()
    if row is None:
        raise DomainError("user_not_found")
    username, roles = row[0], [r for r in row[1].split(",") if r]
    password = _password(args, username)
    accounts.check_password_policy(password, username)
    pg_security.create_login(db, username, password, roles)
    print(_("Tài khoản {username} đăng nhập PostgreSQL bằng vai trò riêng (nhóm: {groups})",
            username=username, groups=", ".join(pg_security.groups_for(roles))))


_pg_login.configure = _pg_login_configure
command("pg-login", "PostgreSQL: tạo / đặt mật khẩu vai trò đăng nhập riêng của một tài khoản")(_pg_login)
