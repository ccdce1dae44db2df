"""``python -m evidence_store [--db PATH_OR_URL] [--lang vi|en] COMMAND`` for administrators and scripts.

User errors print a sentence in the user's language and exit 2, without a traceback."""

from __future__ import annotations

import argparse
import logging
import sys

from .. import config, i18n
from ..domain.errors import DomainError
from ..i18n import _
from ..error_texts import message
from .base import (  # noqa: F401  (re-exported: cli.COMMANDS, cli.cli_actor, ... as before)
    COMMANDS, ENV_PASSWORD, ENV_USER, bounded, cli_actor, command, print_json)

log = logging.getLogger(__name__)


def _server_login(args, url: str) -> str:
    """A shared workstation's server URL names no user (docs/POSTGRESQL.md §3): with ``--user NAME`` the command
    connects as that user's own login role, the password asked as for any login (the server checks it)."""
    import os
    from .base import _password
    from ..db.pg_security import login_url, needs_login
    name = getattr(args, "global_user", None) or os.environ.get(ENV_USER)
    if not needs_login(url) or not name or not getattr(args.func, "needs_db", True):
        return url
    from ..domain.text import nfc
    name = nfc(name).strip().lower()
    return login_url(url, name, _password(args, name))


def build_parser() -> argparse.ArgumentParser:
    from . import items  # noqa: F401 registers the commands
    from . import demo  # noqa: F401
    from . import admin  # noqa: F401
    from . import copy  # noqa: F401
    from . import printing  # noqa: F401
    from . import authority  # noqa: F401
    from . import audit  # noqa: F401
    from . import reports  # noqa: F401
    from . import import_register  # noqa: F401
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
    from ..logs import setup_logging
    setup_logging()
    db = None
    url = ""
    try:
        url = config.resolve_db_url(args.db)
        url = _server_login(args, url)
        if getattr(args.func, "needs_db", True):
            from ..db.migrate import open_database
            db = open_database(url, create=getattr(args.func, "creates_db", False))
            from ..services.settings import apply_time_zone
            apply_time_zone(db)  # every time the command prints is in the warehouse's zone (the setting)
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
        from ..db.faults import database_error
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
