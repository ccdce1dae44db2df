"""Builders for the lifecycle tests: documents, people and one call per service."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from evidence_store.services.commands import DocumentInput, PersonInput
from evidence_store.services.context import UnitOfWork

TODAY = date.today()
PAST = TODAY - timedelta(days=3)


def doc(kind, number, agency_id, issued_on=PAST) -> DocumentInput:
    return DocumentInput(kind, number, issued_on, agency_id, "Phạm Quang Dũng", "Thủ trưởng")


def examiner(agency_id) -> PersonInput:
    return PersonInput(full_name="Đỗ Minh An", rank="Thiếu tá", position="Giám định viên", agency_id=agency_id,
                       id_number="001085009876")


def owner() -> PersonInput:
    return PersonInput(full_name="Nguyễn Văn Nam", id_number="001090012345", address="Phường Cầu Giấy, Hà Nội")


def rep(agency_id, name="Trần Thị Hoa", letter="12/GGT") -> PersonInput:
    """The person who signs for an agency (never the agency itself: BLTTHS Điều 133; ND 142/2024 Art 14)."""
    return PersonInput(full_name=name, position="Cán bộ tiếp nhận", agency_id=agency_id, id_number="001190000123",
                       letter_number=letter)


def run(db, actor, fn, cmd):
    with UnitOfWork(db, actor) as uow:
        return fn(uow, cmd)


def read(db, actor, fn, *args, **kw):
    with UnitOfWork(db, actor, write=False) as uow:
        return fn(uow, *args, **kw)


def ledger_head(db):
    with db.reader.connect() as c:
        return c.execute(text("SELECT coalesce(max(seq), 0) FROM custody_events")).scalar()


def item_row(db, code):
    with db.reader.connect() as c:
        return c.execute(text("SELECT state, location_id, holder, sealed, seal_number, responsible_agency_id, "
                              "due_back_on, condition FROM items WHERE code = :c"), {"c": code}).mappings().one()


def open_deadlines(db, code):
    with db.reader.connect() as c:
        return sorted(r[0] for r in c.execute(text(
            "SELECT d.kind FROM deadlines d JOIN items i ON i.id = d.item_id WHERE i.code = :c AND d.closed_at IS NULL"),
            {"c": code}))
