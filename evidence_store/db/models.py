"""SQLAlchemy models (DESIGN §3). Times are UTC. The custody ledger stores its times as ISO
strings so that the hashed canonical form is identical on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String,
                        Text, UniqueConstraint)
from sqlalchemy import text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}


# Ledger kinds covered by ix_custody_events_moves; a query must repeat this predicate for SQLite to use it.
MOVE_KINDS = ("receive", "dispose", "transfer_out")
MOVES_WHERE = "kind IN ('receive', 'dispose', 'transfer_out')"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


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


class ItemRequestLine(Base):
    __tablename__ = "item_request_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("item_requests.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
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


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    category: Mapped[str] = mapped_column(String(30), index=True)
    name: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    characteristics: Mapped[str] = mapped_column(Text, default="")
    condition: Mapped[str] = mapped_column(Text, default="")
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    seal_number: Mapped[str] = mapped_column(String(60), default="")
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    owner_id_number: Mapped[str] = mapped_column(String(30), default="")
    attributes: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON of category fields
    state: Mapped[str] = mapped_column(String(30), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    holder: Mapped[str] = mapped_column(String(300), default="")  # who holds it when outside the warehouse
    responsible_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    due_back_on: Mapped[date | None] = mapped_column(Date)
    received_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    last_event_seq: Mapped[int] = mapped_column(Integer, default=0)
    search_text: Mapped[str] = mapped_column(Text, default="")  # folded (vn) text for search
    sort_key: Mapped[str] = mapped_column(String(400), default="")
    # PostgreSQL: fillfactor 50 (0014), so that the counters' update after each event stays on its page (HOT)
    __table_args__ = (Index("ix_items_state_received_at", "state", "received_at"),  # 0003: dashboard backlog
                      Index("ix_items_id", "id"),  # 0004: narrow OFFSET for the list, newest/oldest first
                      Index("ix_items_sort_key_id", "sort_key", "id"),  # 0004: the list by name
                      Index("ix_items_stock", "state", "received_at", "category", "responsible_agency_id", "case_id",
                            "warehouse_id"),  # 0011: the stock reports, index-only
                      # 0016: the reports at a million items (categories, one agency's figures, overdue releases)
                      Index("ix_items_state_category", "state", "category", "responsible_agency_id", "warehouse_id",
                            "case_id", "received_at"),
                      Index("ix_items_agency_stock", "responsible_agency_id", "state", "received_at", "category",
                            "case_id", "warehouse_id"),
                      Index("ix_items_overdue", "state", "due_back_on", "responsible_agency_id", "category",
                            "warehouse_id", "case_id"))


class Handover(Base):
    """Biên bản giao nhận (BLTTHS Điều 133; ND 142/2024 Art 14)."""

    __tablename__ = "handovers"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    basis_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    extra_document_ids: Mapped[str] = mapped_column(String(200), default="")  # e.g. transfer decision besides the order
    giver_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    receiver_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    giver_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    receiver_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    details: Mapped[str] = mapped_column(Text, default="{}")  # kind-specific JSON (purpose, council, method...)
    notes: Mapped[str] = mapped_column(Text, default="")
    copies: Mapped[int] = mapped_column(Integer, default=2)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # domain.records.RecordStatus
    approval: Mapped[str] = mapped_column(String(20), default="", server_default="")  # domain.records.Approval
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # two-sided acts (H13): none | pending ("chờ tiếp nhận") | accepted | refused | paper (the other side has no
    # seat: its representative signed on paper). Separate from the record's status (domain/records.py).
    acceptance: Mapped[str] = mapped_column(String(20), default="none", server_default="none", index=True)
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    acceptance_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    ledger_seq: Mapped[int | None] = mapped_column(Integer)
    ledger_hash: Mapped[str | None] = mapped_column(String(64))
    lines: Mapped[list["HandoverLine"]] = relationship(order_by="HandoverLine.line_no", lazy="selectin")
    signatures: Mapped[list["Signature"]] = relationship(order_by="Signature.id", lazy="selectin")


class HandoverLine(Base):
    __tablename__ = "handover_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handovers.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[float] = mapped_column(Float)
    condition: Mapped[str] = mapped_column(Text, default="")
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    seal_number: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Signature(Base):
    """A signature slot of a handover: giver, receiver, witness, approver."""

    __tablename__ = "signatures"
    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handovers.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    person_name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|signed_screen|signed_paper|refused
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    refusal_witness: Mapped[str] = mapped_column(String(200), default="")
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # 0008 (H12): a witness's slot names the slot it attests (a refusal, a fingerprint: BLTTHS Điều 133.2);
    # the giấy giới thiệu of the person signing for an agency (ND 142/2024 Art 14)
    witness_for: Mapped[int | None] = mapped_column(Integer)
    letter_number: Mapped[str] = mapped_column(String(100), default="", server_default="")


class CustodyEvent(Base):
    """One append-only, hash-chained ledger row (evidence_store.domain.ledger documents the canonical form)."""

    __tablename__ = "custody_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    kind: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[str] = mapped_column(String(27))
    recorded_at: Mapped[str] = mapped_column(String(27))
    user_id: Mapped[int | None] = mapped_column(Integer)
    workstation: Mapped[str] = mapped_column(String(100), default="")
    document_id: Mapped[int | None] = mapped_column(Integer)
    handover_id: Mapped[int | None] = mapped_column(Integer)
    corrects_seq: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    __table_args__ = (Index("ix_custody_events_item_seq", "item_id", "seq"),
                      # 0007: the reports' monthly intake / disposal counts (movements in and out for good only)
                      # 0016: with the item, so that a report filtered by agency / category reads no event row
                      Index("ix_custody_events_moves", "kind", "occurred_at", "item_id",
                            sqlite_where=text(MOVES_WHERE), postgresql_where=text(MOVES_WHERE)))


class Attachment(Base):
    """Photos and scanned signed records, stored with their SHA-256 (recorded in the ledger)."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    kind: Mapped[str] = mapped_column(String(30))  # photo | signed_record | signature | report
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    handover_id: Mapped[int | None] = mapped_column(ForeignKey("handovers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


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
