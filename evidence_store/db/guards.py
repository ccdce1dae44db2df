"""ORM layer of the ledger's append-only rule: a flush that updates or deletes a ledger or
security-log row raises, whatever the code above tried (the database triggers are the last layer)."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import LedgerTampered
from .models import CustodyEvent, SecurityEvent

APPEND_ONLY = (CustodyEvent, SecurityEvent)


def _before_flush(session: Session, _ctx, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, APPEND_ONLY) and (obj in session.deleted or session.is_modified(obj)):
            raise LedgerTampered("append_only", table=obj.__tablename__)


APPEND_ONLY_TABLES = frozenset(cls.__tablename__ for cls in APPEND_ONLY)


def _do_orm_execute(state) -> None:
    """Bulk ``update(CustodyEvent)`` / ``delete(...)`` / ``query(...).delete()`` bypass the flush:
    refuse them here."""
    if state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        if name in APPEND_ONLY_TABLES:
            raise LedgerTampered("append_only", table=name)


def install(factory: sessionmaker) -> None:
    if not event.contains(factory, "before_flush", _before_flush):
        event.listen(factory, "before_flush", _before_flush)
    if not event.contains(factory, "do_orm_execute", _do_orm_execute):
        event.listen(factory, "do_orm_execute", _do_orm_execute)
