"""Kiểm kê: audits, their targets, scans, reconciled lines and schedules."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Audit(Base):
    """Kiểm kê: a plan (scope, sample), its counting, reconciliation and record (domain.audit)."""

    __tablename__ = "audits"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(30))  # domain.audit.AuditKind
    status: Mapped[str] = mapped_column(String(20), index=True)  # domain.audit.AuditStatus
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    scope_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    scope_category: Mapped[str] = mapped_column(String(30), default="")
    scope_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    high_risk_only: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float | None] = mapped_column(Float)
    margin: Mapped[float | None] = mapped_column(Float)
    seed: Mapped[int | None] = mapped_column(Integer)
    high_risk_weight: Mapped[float] = mapped_column(Float, default=1.0)
    weight_tolerance: Mapped[float] = mapped_column(Float, default=0.02)
    population: Mapped[int] = mapped_column(Integer, default=0)
    sample_size: Mapped[int] = mapped_column(Integer, default=0)
    location_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the locations counted (sampled / subtree)
    reason: Mapped[str] = mapped_column(Text, default="")
    team: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{role, name, position, agency}]
    place: Mapped[str] = mapped_column(String(300), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    reconciled_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer)
    ledger_hash: Mapped[str | None] = mapped_column(String(64))


class AuditTarget(Base):
    """The expected set, frozen when counting starts: where the register says each item is."""

    __tablename__ = "audit_targets"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    location_id: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(30))
    __table_args__ = (UniqueConstraint("audit_id", "item_id", name="uq_audit_targets_audit_item"),)


class AuditScan(Base):
    """One scan, committed as it happens (an audit resumes after a crash where it stopped)."""

    __tablename__ = "audit_scans"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id"))
    user_id: Mapped[int | None] = mapped_column(Integer)
    workstation: Mapped[str] = mapped_column(String(100), default="")
    scanned_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(10), default="live")  # live | file
    code: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10))  # location | item
    outcome: Mapped[str] = mapped_column(String(20))  # location | recorded | duplicate | unknown | invalid | no_location
    location_id: Mapped[int | None] = mapped_column(Integer)
    item_id: Mapped[int | None] = mapped_column(Integer)
    seal_seen: Mapped[str | None] = mapped_column(String(60))
    seal_intact: Mapped[bool | None] = mapped_column(Boolean)
    measured: Mapped[str] = mapped_column(Text, default="")  # JSON {quantity, denominations, net_weight_g…}
    round: Mapped[int] = mapped_column(Integer, default=1)  # 2 = second count of a line
    __table_args__ = (Index("ix_audit_scans_audit_item", "audit_id", "item_id"),
                      Index("ix_audit_scans_audit_user", "audit_id", "user_id", "id"))


class AuditLine(Base):
    """One result of the reconciliation and how it was resolved (each one a ledger event)."""

    __tablename__ = "audit_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("audits.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    code: Mapped[str] = mapped_column(String(60))
    result: Mapped[str] = mapped_column(String(20))
    expected_location_id: Mapped[int | None] = mapped_column(Integer)
    found_location_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[str] = mapped_column(Text, default="{}")
    resolution: Mapped[str] = mapped_column(String(20), default="")
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    resolution_ref: Mapped[str] = mapped_column(String(80), default="")
    resolved_by: Mapped[int | None] = mapped_column(Integer)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    recount_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    ledger_seq: Mapped[int | None] = mapped_column(Integer)


class AuditSchedule(Base):
    """Lịch kiểm kê: the interval and next date for each zone (a child of the warehouse's root location)."""

    __tablename__ = "audit_schedule"
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), primary_key=True)
    interval_days: Mapped[int] = mapped_column(Integer, default=90)
    next_on: Mapped[date | None] = mapped_column(Date)
    last_audit_number: Mapped[str] = mapped_column(String(40), default="")
