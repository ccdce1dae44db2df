"""Agencies, warehouses and their locations, persons and user accounts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class Agency(Base):
    """Cơ quan: công an, VKS, tòa án, THADS, kho bạc, quân sự, tài chính, other. The hierarchy is data."""

    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(30))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    address: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Warehouse(Base):
    __tablename__ = "warehouses"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    code_prefix: Mapped[str] = mapped_column(String(2), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    address: Mapped[str] = mapped_column(String(300), default="")


class Location(Base):
    __tablename__ = "locations"
    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    capacity: Mapped[int | None] = mapped_column(Integer)
    occupancy: Mapped[int] = mapped_column(Integer, default=0)  # items in_storage here, kept by the services
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Person(Base):
    """An officer or an outside party (owner, witness); need not be a user."""

    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    rank: Mapped[str] = mapped_column(String(60), default="")
    position: Mapped[str] = mapped_column(String(120), default="")
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    id_number: Mapped[str] = mapped_column(String(30), default="")  # căn cước
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    is_officer: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str] = mapped_column(String(10), default="", server_default="")  # male | female | "" (0013)
    id_issued_on: Mapped[date | None] = mapped_column(Date)  # ngày cấp căn cước (0013; HANDS-ON 47)
    id_issued_by: Mapped[str] = mapped_column(String(200), default="", server_default="")  # nơi cấp


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    # deferred: never read unless a password is checked (on PostgreSQL users' own logins cannot read it, #14)
    password_hash: Mapped[str] = mapped_column(String(200), deferred=True)
    roles: Mapped[str] = mapped_column(String(200))  # comma-separated Role values
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    person: Mapped[Person | None] = relationship(lazy="joined")
