"""Application records beside the ledger: code sequences, the security log and settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class CodeSequence(Base):
    """Per-warehouse, per-year code counters, incremented inside the writing transaction."""

    __tablename__ = "code_sequences"
    scope: Mapped[str] = mapped_column(String(20), primary_key=True)  # e.g. "item:VC:26", "handover:2026"
    next_value: Mapped[int] = mapped_column(Integer, default=1)


class SecurityEvent(Base):
    """Append-only security log: logins, failures, lockouts, denials, user and role changes."""

    __tablename__ = "security_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(60), default="")
    workstation: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[str] = mapped_column(Text, default="{}")
    # hash chain of its own (0005, domain.ledger.security_canonical): verify names the first altered entry
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
