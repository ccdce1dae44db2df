"""``python -m evidence_store [--db PATH_OR_URL] [--lang vi|en] COMMAND`` for administrators and scripts.

User errors print a sentence in the user's language and exit 2, without a traceback."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime

from . import config, i18n
from .domain.errors import DomainError
from .i18n import _
from .messages import message

COMMANDS: dict[str, tuple] = {}
log = logging.getLogger(__name__)


def command(name: str, help_text: str):
    """Register ``fn(args, db)`` as a sub-command; ``configure(parser)`` adds its arguments."""
    def wrap(fn):
        COMMANDS[name] = (fn, help_text, getattr(fn, "configure", None))
        return fn
    return wrap


def _json_default(o):
    if isinstance(o, (date, datetime)):
        return o.isoformat()
    if is_dataclass(o):
        return asdict(o)
    return str(o)


def print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=1, default=_json_default))


def bounded(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high`` (issue #14: a huge --limit is refused)."""
    def parse(text: str) -> int:
        try:
            value = int(text.strip()) if text.strip().isascii() else None
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(_("cần một số nguyên từ {low} đến {high}: {value}", low=low, high=high,
                                               value=text[:40]))
        return value
    return parse


ENV_USER = "EVIDENCE_STORE_USER"
ENV_PASSWORD = "EVIDENCE_STORE_PASSWORD"


def cli_actor(args, db):
    """Who the command acts as (issue #14). Without a user name: the system actor — the administrator at
    this machine, who holds the database file or the server credentials anyway — recorded as "system".
    With ``--user NAME`` (or $EVIDENCE_STORE_USER) the password is checked first, like a login: from
    --password-file (first line; "-" reads standard input), else $EVIDENCE_STORE_PASSWORD, else a hidden
    prompt when a terminal is attached. A name alone never attributes anything to that account."""
    import os
    from .services.context import Actor, UnitOfWork
    name = getattr(args, "user", None) or getattr(args, "global_user", None) or os.environ.get(ENV_USER)
    if db is not None and getattr(db, "user_login", False):  # PostgreSQL checked the password: the login acts
        from .services.accounts import session_actor
        return session_actor(db)
    if not name:
        return Actor.system()
    password = _password(args, name)
    from .services import accounts
    from .services.context import run
    return run(db, None, accounts.authenticate, name, password) if db is not None else None


def _password(args, name: str) -> str:
    import os
    path = getattr(args, "password_file", None)
    if path:
        try:
            if path == "-":
                return sys.stdin.readline().rstrip("\r\n")
            with open(path, encoding="utf-8") as f:
                return f.readline().rstrip("\r\n")
        except (OSError, UnicodeDecodeError):
            raise DomainError("password_file_unreadable", path=path) from None
    if os.environ.get(ENV_PASSWORD) is not None:
        return os.environ[ENV_PASSWORD]
    if sys.stdin.isatty():
        import getpass
        return getpass.getpass(_("Mật khẩu của {user}: ", user=name))
    raise DomainError("login_required", user=name)


def _server_login(args, url: str) -> str:
    """A shared workstation's server URL names no user (docs/POSTGRESQL.md §3): with ``--user NAME`` the command
    connects as that user's own login role, the password asked as for any login (the server checks it)."""
    import os
    from .db.pg_security import login_url, needs_login
    name = getattr(args, "global_user", None) or os.environ.get(ENV_USER)
    if not needs_login(url) or not name or not getattr(args.func, "needs_db", True):
        return url
    from .domain.text import nfc
    name = nfc(name).strip().lower()
    return login_url(url, name, _password(args, name))


def build_parser() -> argparse.ArgumentParser:
    from . import cli_commands  # noqa: F401 registers the commands
    from . import cli_demo  # noqa: F401
    from . import cli_admin  # noqa: F401
    from . import cli_copy  # noqa: F401
    from . import cli_print  # noqa: F401
    from . import cli_authority  # noqa: F401
    from . import cli_audit  # noqa: F401
    from . import cli_reports  # noqa: F401
    from . import cli_import  # noqa: F401
    p = argparse.ArgumentParser(prog="python -m evidence_store", description=_("Kho Vật Chứng — dòng lệnh"))
    p.add_argument("--db", help=_("đường dẫn tệp SQLite hoặc URL cơ sở dữ liệu"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default="vi")
    p.add_argument("--user", dest="global_user", metavar="USER",
                   help=_("thực hiện với tư cách tài khoản này (phải xác thực mật khẩu; mặc định: quản trị viên tại "
                          "máy, ghi là «system»)"))
    p.add_argument("--password-file", metavar="FILE",
                   help=_("đọc mật khẩu từ dòng đầu của tệp (- là đầu vào chuẩn), cho các tập lệnh"))
    sub = p.add_subparsers(dest="command", required=True)
    for name, (fn, help_text, configure) in COMMANDS.items():
        sp = sub.add_parser(name, help=_(help_text))
        if configure:
            configure(sp)
        sp.set_defaults(func=fn)
    return p


def main(argv: list[str] | None = None) -> int:
    config.private_files()  # database, backups, logs and PDFs readable by this OS user only (issue #14)
    i18n.set_language("vi")
    parser = build_parser()
    args = parser.parse_args(argv)
    i18n.set_language(args.lang)
    from .logs import setup_logging
    setup_logging()
    db = None
    url = ""
    try:
        url = config.resolve_db_url(args.db)
        url = _server_login(args, url)
        if getattr(args.func, "needs_db", True):
            from .db.migrate import open_database
            db = open_database(url, create=getattr(args.func, "creates_db", False))
        return int(args.func(args, db) or 0)
    except DomainError as exc:
        print(_("Lỗi: {message}", message=message(exc)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user (issue #14)
        # the database cannot be opened, read or written (damaged, read-only, server down…): a sentence for
        # the user; in the diagnostic log the kind and where, never the engine's text (it may quote data)
        import traceback
        from .db.faults import database_error
        log.error("command %s failed: %s\n%s", args.command, type(exc).__name__,
                  "".join(traceback.format_tb(exc.__traceback__)))
        where = url.split("///", 1)[1] if url.startswith("sqlite") and "///" in url else ""
        print(_("Lỗi: {message}", message=message(database_error(exc, where, url))), file=sys.stderr)
        return 2
    finally:
        if db is not None:
            try:
                db.dispose()
            except Exception:  # noqa: BLE001
                pass
