"""Imports of old registers: a batch and its rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ImportBatch(Base):
    """One run of the register import (issue #16): which file, by whom, how many rows."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))  # items | cases | persons | locations
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    preset: Mapped[str] = mapped_column(String(100), default="")
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ImportRow(Base):
    """An imported register row, keyed by the SHA-256 of its mapped content: the same row imported
    again (the same file re-run) is recognised and skipped."""

    __tablename__ = "import_rows"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))
    row_no: Mapped[int] = mapped_column(Integer)
    object_id: Mapped[int | None] = mapped_column(Integer)
