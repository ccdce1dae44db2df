"""Diagnostic logging: a rotating file in the user's log directory. Ids only — never evidence
contents or personal data (DESIGN §6)."""

from __future__ import annotations

import logging
import logging.handlers
import os

from .config import log_dir

_done = False


class NoEngineText(logging.Filter):
    """Issue #14: an exception logged with its traceback keeps its frames and its type, never its text — a
    database engine's message quotes the failed statement's values (names, identity numbers, password
    hashes), and so may any exception built from user input."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            import traceback
            kind, exc, tb = record.exc_info
            chain = []
            while exc is not None and len(chain) < 5:
                chain.append(f"{type(exc).__module__}.{type(exc).__name__}")
                exc = exc.__cause__ or exc.__context__
            record.exc_text = "".join(traceback.format_tb(tb)) + " <- ".join(chain) + " (message withheld)"
            record.exc_info = None
        return True


def setup_logging(level: int = logging.INFO) -> None:
    global _done
    if _done or os.environ.get("EVIDENCE_STORE_NO_LOGFILE"):
        return
    path = log_dir() / "kho-vat-chung.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    if os.name == "posix":
        try:
            path.chmod(0o600)  # a log written by an older version may be world-readable
        except OSError:
            pass
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(NoEngineText())
    root = logging.getLogger("evidence_store")
    root.setLevel(level)
    root.addHandler(handler)
    logging.getLogger("ui").addHandler(handler)
    _done = True
