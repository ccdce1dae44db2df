"""The declarative base of every model, with the constraint naming convention, and the ledger kinds an index covers."""

from __future__ import annotations

from sqlalchemy import ForeignKey, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}
# Ledger kinds covered by ix_custody_events_moves; a query must repeat this predicate for SQLite to use it.
MOVE_KINDS = ("receive", "dispose", "transfer_out")
MOVES_WHERE = "kind IN ('receive', 'dispose', 'transfer_out')"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ItemLine:
    """The columns every line naming one item has (a record's line, a request's line): its id first, and the item,
    indexed to find an item's lines. The table's own columns (its paper, what the line says) follow."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True, sort_order=-1)
