"""Builders for integration tests: realistic intake commands."""

from __future__ import annotations

from datetime import date

from evidence_store.services.commands import CaseInput, DocumentInput, NewItem, PersonInput, ReceiveItems
from evidence_store.services.context import UnitOfWork


def world_template_at(tmp_path_factory, name: str):
    """The demo warehouse's structure (agencies, locations, one user per role) built in a fresh SQLite file, to be
    copied by the tests (accounts hash slowly: built once per run or module): (its path, the World)."""
    from evidence_store.db.migrate import open_database
    from evidence_store.demo.base import build_base
    path = tmp_path_factory.mktemp(name) / f"{name}.sqlite3"
    db = open_database(f"sqlite:///{path}")
    world = build_base(db)
    db.dispose()
    return path, world


def intake_order(number="12/LNK-PC02", agency_id=3, issued_on=date(2026, 2, 5)) -> DocumentInput:
    return DocumentInput("intake_order", number, issued_on, agency_id, "Phạm Quang Dũng", "Trưởng phòng")


def seizure_record(issued_on=date(2026, 2, 4), agency_id=3, number="45/BB-TG") -> DocumentInput:
    """The initial seizure record an intake rests on (ND 142/2024 Điều 14): by default PC02's, the day before the
    default intake order."""
    return DocumentInput("seizure_record", number, issued_on, agency_id)


def deliverer(agency_id=3, letter_on=date(2026, 2, 4), **kw) -> PersonInput:
    """The investigator who brings the items, with his căn cước and his unit's giấy giới thiệu (ND 142/2024 Điều 14);
    ``kw`` replaces any field."""
    base = dict(full_name="Lê Văn Cường", rank="Đại úy", position="Điều tra viên", agency_id=agency_id,
                id_number="001088012345", letter_number="15/GGT-PC02", letter_on=letter_on)
    return PersonInput(**(base | kw))


def phone(**kw) -> NewItem:
    base = dict(category="phone", name="Điện thoại di động Samsung Galaxy A52", quantity=1, unit="chiếc",
                characteristics="Màu đen, màn hình nứt góc trái", condition="Đã qua sử dụng", sealed=True, seal_state="intact",
                seal_number="NP-0001", owner_name="Nguyễn Văn Nam", attributes={"imei": "356789012345678"})
    base.update(kw)
    return NewItem(**base)


def receive(db, actor, items, case_number="125/2026/CSHS", order=None, agency_id=3, started_at=None, title=""):
    """A new case received on its own intake order (an order belongs to one case), issued on 05/02/2026 or, for an
    intake dated before it (``started_at``), the day before the intake."""
    from datetime import timedelta
    from evidence_store.services.intake import receive_items
    number = order or ("12/LNK-PC02" if case_number == "125/2026/CSHS" else f"LNK-{case_number}")
    issued = date(2026, 2, 5)
    if started_at is not None and started_at.date() <= issued:
        issued = started_at.date() - timedelta(days=1)
    cmd = ReceiveItems(order=intake_order(number, issued_on=issued), items=tuple(items),
                       giver=deliverer(agency_id, letter_on=issued),
                       new_case=CaseInput(case_number, title=title, offence="Trộm cắp tài sản (Điều 173 BLHS)",
                                          handling_agency_id=agency_id, officer_id=3), started_at=started_at,
                       seizure_record=seizure_record(issued, agency_id),
                       papers_not_case_file=any(i.category == "papers" for i in items))  # ND 142/2024 Điều 15
    with UnitOfWork(db, actor) as uow:
        return receive_items(uow, cmd)
