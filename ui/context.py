"""What every screen shares: the open database, the logged-in actor, and the one
"changes applied" signal that screens refresh from (Anki's operation_did_execute)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from evidence_store.db.engine import Database
from evidence_store.services.context import Actor, UnitOfWork, reader_for


class AppSignals(QObject):
    # evidence_store.services.results.Changes of a successful mutation (or None for "refresh all")
    changes_applied = Signal(object)
    # the user, the language or the warehouse changed
    session_changed = Signal()


@dataclass
class AppContext:
    db: Database | None  # None on a shared PostgreSQL workstation until someone logs in (server_url)
    actor: Actor | None
    signals: AppSignals
    warehouse_name: str = ""
    server_url: str = ""  # a shared workstation: the server named in the settings, each user logs in as themself

    def reader(self, fn=None) -> UnitOfWork:
        """A read-only unit of work for the current user (queries.*), to run ``fn`` in (the scan's item page checks
        the user with its own reads: services.context.checks_actor_with_first_read)."""
        return reader_for(self.db, self.actor, fn)

    def writer(self) -> UnitOfWork:
        return UnitOfWork(self.db, self.actor, write=True)
