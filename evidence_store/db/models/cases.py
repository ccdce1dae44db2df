"""Cases: responsibilities, item requests, milestones, documents (decisions, orders) and deadlines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, ItemLine


class Case(Base):
    """Vụ án / vụ việc."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    offence: Mapped[str] = mapped_column(String(300), default="")
    handling_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20), default="investigation")  # cached, derived from milestones
    stage_origin: Mapped[str] = mapped_column(String(20), default="investigation")  # stage when registered (0010)
    pilot_regime: Mapped[bool] = mapped_column(Boolean, default=False)  # NQ 164/2024/QH15 pilot (0010)
    pilot_reference: Mapped[str] = mapped_column(String(300), default="")
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    opened_on: Mapped[date | None] = mapped_column(Date)
    judgment_effective_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sort_key: Mapped[str] = mapped_column(String(400), default="", index=True)


class CaseResponsibility(Base):
    """Who handles a case, period by period: the agency and its responsible officer (điều tra viên, then the
    kiểm sát viên, the thẩm phán, the chấp hành viên). The open period (ended_at NULL) matches the case row."""

    __tablename__ = "case_responsibility"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    handover_id: Mapped[int | None] = mapped_column(ForeignKey("handovers.id"))
    set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(40), default="")  # intake | transfer | assign


class ItemRequest(Base):
    """An agency asks the warehouse for items (giám định, định giá, xét xử, thi hành án)."""

    __tablename__ = "item_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[str] = mapped_column(String(30))
    purpose_note: Mapped[str] = mapped_column(Text, default="")
    needed_on: Mapped[date] = mapped_column(Date)
    due_back_on: Mapped[date | None] = mapped_column(Date)
    recipient_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    recipient_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open | released | cancelled
    handover_id: Mapped[int | None] = mapped_column(ForeignKey("handovers.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    lines: Mapped[list["ItemRequestLine"]] = relationship(order_by="ItemRequestLine.id", lazy="selectin")


class ItemRequestLine(ItemLine, Base):
    __tablename__ = "item_request_lines"
    request_id: Mapped[int] = mapped_column(ForeignKey("item_requests.id"), index=True)
    picked_at: Mapped[datetime | None] = mapped_column(DateTime)


class CaseMilestone(Base):
    """A dated milestone of a case backed by a document with its issuer (domain/milestones.py); the case's
    stage is derived from these in order and cached in ``cases.stage``."""

    __tablename__ = "case_milestones"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    occurred_on: Mapped[date] = mapped_column(Date)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    issuing_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    stage_before: Mapped[str] = mapped_column(String(20))
    stage_after: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # a user of the issuing agency
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    ledger_seq: Mapped[int | None] = mapped_column(Integer)


class Document(Base):
    """The legal basis of a movement: lệnh / quyết định / bản án."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(60))
    issued_on: Mapped[date] = mapped_column(Date)
    issuing_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (UniqueConstraint("kind", "number", "issuing_agency_id", name="uq_documents_kind_number"),)


class Deadline(Base):
    """A legal deadline opened by a service and closed when met (LEGAL.md B.2, E)."""

    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    start_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    responsible: Mapped[str] = mapped_column(String(300), default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    source_seq: Mapped[int | None] = mapped_column(Integer)
