"""``python -m evidence_store [--db PATH_OR_URL] [--lang vi|en] COMMAND`` for administrators and scripts.

User errors print a sentence in the user's language and exit 2, without a traceback."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime

from sqlalchemy.exc import SQLAlchemyError

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


def build_parser() -> argparse.ArgumentParser:
    from . import cli_commands  # noqa: F401 registers the commands
    from . import cli_demo  # noqa: F401
    from . import cli_admin  # noqa: F401
    from . import cli_copy  # noqa: F401
    from . import cli_print  # noqa: F401
    from . import cli_audit  # noqa: F401
    from . import cli_reports  # noqa: F401
    from . import cli_import  # noqa: F401
    p = argparse.ArgumentParser(prog="python -m evidence_store", description=_("Kho Vật Chứng — dòng lệnh"))
    p.add_argument("--db", help=_("đường dẫn tệp SQLite hoặc URL cơ sở dữ liệu"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, default="vi")
    sub = p.add_subparsers(dest="command", required=True)
    for name, (fn, help_text, configure) in COMMANDS.items():
        sp = sub.add_parser(name, help=_(help_text))
        if configure:
            configure(sp)
        sp.set_defaults(func=fn)
    return p


def main(argv: list[str] | None = None) -> int:
    i18n.set_language("vi")
    parser = build_parser()
    args = parser.parse_args(argv)
    i18n.set_language(args.lang)
    from .logs import setup_logging
    setup_logging()
    db = None
    try:
        if getattr(args.func, "needs_db", True):
            from .db.migrate import open_database
            db = open_database(config.resolve_db_url(args.db))
        return int(args.func(args, db) or 0)
    except DomainError as exc:
        print(_("Lỗi: {message}", message=message(exc)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except (OSError, SQLAlchemyError) as exc:
        # the database cannot be opened or written (wrong path, no permission, server down): a
        # sentence for the user, the details (no evidence content) in the diagnostic log
        log.exception("command %s failed", args.command)
        print(_("Lỗi: không mở hoặc ghi được cơ sở dữ liệu ({kind}). Chi tiết trong nhật ký chẩn đoán.",
                kind=type(exc).__name__), file=sys.stderr)
        return 1
    finally:
        if db is not None:
            db.dispose()
