"""The security log: logins, refusals, account and settings changes, one hash-chained row each (DESIGN §6).
Its own module so that every service that logs (settings, holidays, legal bases, accounts) can import it
without importing accounts (no import cycle)."""

from __future__ import annotations

import json

from sqlalchemy import select

from ..db.models import SecurityEvent
from ..domain.ledger import GENESIS, chain_hash, now_utc, security_canonical


def log_security(session, kind: str, *, user_id=None, username="", workstation="", **data) -> None:
    """Append one entry to the security log, chained to the previous one (domain.ledger.security_canonical).
    SQLite: the writing transaction holds the file (BEGIN IMMEDIATE); PostgreSQL: the chains' lock (db.engine
    PG_CHAIN_LOCK, also taken by kvc_log_security), so the head is ours."""
    session.flush()
    username, workstation = (username or "")[:60], (workstation or "")[:100]
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import text
        from ..db.engine import PG_CHAIN_LOCK
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_CHAIN_LOCK})
    if getattr(session.get_bind(), "kvc_user_login", False):  # PostgreSQL, a user's own login (db.pg_security)
        from sqlalchemy import text
        session.execute(text("SELECT kvc_log_security(:k, :u, :n, :w, :d)"),
                        {"k": kind, "u": user_id, "n": username, "w": workstation,
                         "d": json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)})
        return
    head = session.execute(select(SecurityEvent.id, SecurityEvent.hash).order_by(SecurityEvent.id.desc())
                           .limit(1)).first()
    event_id, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    at = now_utc().replace(tzinfo=None)
    payload = json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)
    digest = chain_hash(prev, security_canonical(event_id, at, kind, user_id, username, workstation, payload))
    session.add(SecurityEvent(id=event_id, at=at, kind=kind, user_id=user_id, username=username,
                              workstation=workstation, data=payload, prev_hash=prev, hash=digest))
