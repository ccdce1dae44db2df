"""The declarative base of every model, with the constraint naming convention, and the ledger kinds an index covers."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}
# Ledger kinds covered by ix_custody_events_moves; a query must repeat this predicate for SQLite to use it.
MOVE_KINDS = ("receive", "dispose", "transfer_out")
MOVES_WHERE = "kind IN ('receive', 'dispose', 'transfer_out')"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
