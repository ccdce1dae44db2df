"""Items and their custody: hand-over records with their lines and signatures, the ledger (its times are ISO
strings so that the hashed canonical form is identical on SQLite and PostgreSQL) and attachments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy import text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, ItemLine, MOVES_WHERE


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
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)  # domain.records.RecordStatus
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

    @property
    def extra_document_id_list(self) -> list[int]:
        """The documents cited besides the basis, as stored in ``extra_document_ids`` (comma-separated ids)."""
        return [int(x) for x in (self.extra_document_ids or "").split(",") if x.strip()]


class HandoverLine(ItemLine, Base):
    __tablename__ = "handover_lines"
    handover_id: Mapped[int] = mapped_column(ForeignKey("handovers.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[float] = mapped_column(Float)
    condition: Mapped[str] = mapped_column(Text, default="")
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    seal_number: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Signature(Base):
    """A signature slot of a handover: giver, receiver, witness, approver."""

    __tablename__ = "signatures"
    # 0018: the slots still to sign, for the register's «chưa hoàn tất» count and the inbox (a few among millions)
    __table_args__ = (Index("ix_signatures_pending", "handover_id"),)  # partial: PARTIAL_INDEXES
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
                      Index("ix_custody_events_moves", "kind", "occurred_at", "item_id"))  # partial: PARTIAL_INDEXES


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


# The partial indexes' condition, given to the indexes when an engine is made (db.engine.make_engine, the migrations'
# env) for that engine's dialect: a ``postgresql_where=`` in the model made SQLAlchemy import every PostgreSQL driver
# module at start-up on SQLite too (asyncpg, psycopg, pg8000…: ~2 MB resident, issue #19), and a ``sqlite_where=``
# its SQLite dialect on PostgreSQL (aiosqlite's adapter among them: 0.7 MB, ~6 ms).
PARTIAL_INDEXES = {"ix_signatures_pending": "status = 'pending'", "ix_custody_events_moves": MOVES_WHERE}


def partial_indexes(dialect: str) -> None:
    """``dialect``: "sqlite" or "postgresql"."""
    for table in (Signature.__table__, CustodyEvent.__table__):
        for index in table.indexes:
            if index.name in PARTIAL_INDEXES:
                index.dialect_options[dialect]["where"] = text(PARTIAL_INDEXES[index.name])
