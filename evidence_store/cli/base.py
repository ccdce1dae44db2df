"""What every CLI command module shares: the command registry, JSON output, argument types and who acts.
The command modules (cli/*.py) import this, never the package itself (cli/__init__.py), which imports them (no cycle)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime

from ..domain.errors import DomainError
from ..i18n import _

COMMANDS: dict[str, tuple] = {}


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
    from ..services.context import Actor, UnitOfWork
    name = getattr(args, "user", None) or getattr(args, "global_user", None) or os.environ.get(ENV_USER)
    if db is not None and getattr(db, "user_login", False):  # PostgreSQL checked the password: the login acts
        from ..services.accounts import session_actor
        return session_actor(db)
    if not name:
        return Actor.system()
    password = _password(args, name)
    from ..services import accounts
    from ..services.context import run
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
