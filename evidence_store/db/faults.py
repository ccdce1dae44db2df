"""Faults of the database file or server turned into the user's sentence (issue #14): a damaged,
truncated, zero-length, wrong-kind or read-only file, a mistyped path, a busy or unreachable server.
Each becomes a DomainError with a code (error_texts.system), so every command prints one Vietnamese
sentence and exits 2, and the GUI shows it — never a traceback. The engine's own text (which may quote
SQL parameters) is never part of the message or the log: only its first line's kind."""

from __future__ import annotations

import os
from pathlib import Path

from ..domain.errors import DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"


def _text(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0].lower() if str(orig).strip() else type(orig).__name__.lower()


def sqlite_file_problem(path: str | Path, *, must_exist: bool) -> DomainError | None:
    """Why the SQLite file at ``path`` cannot be the app's database, judged from the file alone."""
    path = Path(path)
    if not path.exists():
        return DomainError("database_not_found", path=str(path)) if must_exist else None
    if path.is_dir():
        return DomainError("database_wrong_kind", path=str(path))
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError as exc:
        return DomainError("database_unreadable", path=str(path), reason=exc.strerror or type(exc).__name__)
    if not head:
        return DomainError("database_empty_file", path=str(path)) if must_exist else None
    if not head.startswith(SQLITE_MAGIC):
        return DomainError("database_wrong_kind", path=str(path))
    if len(head) < 100:
        return DomainError("database_damaged", path=str(path), reason="truncated")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or path.stat().st_size % page_size:
        return DomainError("database_damaged", path=str(path), reason="truncated")  # cut in the middle of a page
    return None


def read_only_file(path: str | Path) -> bool:
    """A file the user made read-only (no write bit) or cannot write: opened read-only, never migrated."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not (st.st_mode & 0o222) or not os.access(path, os.W_OK)


def pg_connect_error(exc: BaseException, url: str) -> DomainError:
    """Why a PostgreSQL connection could not be opened, as the user's sentence: the password, the account,
    the server, the network, the database name or the server's access rules. The server's own English
    text is not shown (the diagnostic log keeps its kind)."""
    from sqlalchemy.engine import make_url
    from .pg_security import server_label
    parsed = make_url(url)
    server, user, database = server_label(url), parsed.username or "", parsed.database or ""
    text = " ".join(str(getattr(exc, "orig", None) or exc).split()).lower()
    if "password authentication failed" in text or "no password supplied" in text or "scram" in text:
        return DomainError("login_failed")
    if "not permitted to log in" in text:
        return DomainError("account_deactivated", user=user)
    if "does not exist" in text and "database" in text:
        return DomainError("database_missing", server=server, database=database)
    if "does not exist" in text and "role" in text:
        return DomainError("login_failed")
    if "permission denied for database" in text:
        return DomainError("database_no_connect", user=user, database=database)
    if "pg_hba.conf" in text:
        return DomainError("server_refuses_host", server=server)
    if "too many connections" in text or "remaining connection slots" in text:
        return DomainError("server_full", server=server)
    if "the database system is" in text:  # starting up / shutting down / in recovery mode
        return DomainError("server_starting", server=server)
    if any(k in text for k in ("connection refused", "could not translate host", "timeout expired", "no route to host",
                               "network is unreachable", "could not connect", "name or service not known",
                               "temporary failure in name resolution", "no such file or directory",
                               "server closed the connection", "connection timed out", "failed to resolve host")):
        return DomainError("server_unreachable", server=server)
    if "statement timeout" in text:
        return DomainError("statement_timeout")
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return DomainError("database_unreachable", url=parsed.render_as_string(hide_password=True),
                       reason=reason[0] if reason else "")


def database_error(exc: BaseException, where: str = "", url: str = "") -> DomainError:
    """An engine or file error → the DomainError the user reads (``url``: the server's, for a connection that
    could not be opened)."""
    import sqlite3  # not at the top: never loaded on PostgreSQL (issue #19)
    if isinstance(exc, DomainError):
        return exc
    text = _text(exc)
    full = " ".join(str(getattr(exc, "orig", None) or exc).split()).lower()
    if full.startswith(("connection failed", "connection to server", "failed to resolve host")):
        return pg_connect_error(exc, url if url.startswith("postgres") else "postgresql://")
    # PostgreSQL at work (issue #14): the server cancelled a statement, the connection was cut, the login lacks
    # the grants. A transaction cut in the middle is rolled back by the server: nothing is half-written.
    if "statement timeout" in full:
        return DomainError("statement_timeout")
    if any(k in full for k in ("server closed the connection", "terminating connection", "connection is lost",
                               "connection is closed", "consuming input failed", "connection already closed",
                               "the connection is lost", "ssl syscall error", "eof detected",
                               "could not receive data from server", "server conn crashed")):
        return DomainError("connection_lost")
    if "permission denied for" in full and ("table" in full or "relation" in full or "schema" in full
                                            or "function" in full or "sequence" in full):
        return DomainError("database_no_grants")
    if "readonly" in text or "read-only" in text or "read only" in text:
        return DomainError("database_readonly", path=where)
    if "not a database" in text or "file is encrypted" in text:
        return DomainError("database_wrong_kind", path=where)
    if "malformed" in text or "corrupt" in text or "disk i/o" in text or "database disk image" in text:
        return DomainError("database_damaged", path=where, reason=text[:80])
    if "locked" in text or "busy" in text or "lock timeout" in text or "deadlock" in text:
        return DomainError("busy")
    if "unable to open" in text or isinstance(exc, (FileNotFoundError, IsADirectoryError)):
        return DomainError("database_unreadable", path=where, reason=text[:80])
    if "permission denied" in text or isinstance(exc, PermissionError):
        return DomainError("database_permission", path=where, reason=text[:120])
    if "no such table" in text or "no such column" in text:
        return DomainError("database_not_app", path=where)
    if isinstance(exc, OSError):
        return DomainError("file_error", path=getattr(exc, "filename", None) or where,
                           reason=exc.strerror or type(exc).__name__)
    if isinstance(exc, sqlite3.Error) or "sqlite" in type(getattr(exc, "orig", exc)).__module__:
        return DomainError("database_damaged", path=where, reason=text[:80])
    return DomainError("database_failed", kind=type(getattr(exc, "orig", None) or exc).__name__)
