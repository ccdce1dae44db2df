"""Diagnostic logging: a rotating file in the user's log directory. Ids only — never evidence
contents or personal data (DESIGN §6)."""

from __future__ import annotations

import logging
import logging.handlers
import os

from .config import log_dir

_done = False


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
    root = logging.getLogger("evidence_store")
    root.setLevel(level)
    root.addHandler(handler)
    logging.getLogger("ui").addHandler(handler)
    _done = True
