"""Builders for integration tests: realistic intake commands."""

from __future__ import annotations

from datetime import date

from evidence_store.services.commands import CaseInput, DocumentInput, NewItem, PersonInput, ReceiveItems
from evidence_store.services.context import UnitOfWork


def intake_order(number="12/LNK-PC02", agency_id=3) -> DocumentInput:
    return DocumentInput("intake_order", number, date(2026, 2, 5), agency_id, "Phạm Quang Dũng", "Trưởng phòng")


def phone(**kw) -> NewItem:
    base = dict(category="phone", name="Điện thoại di động Samsung Galaxy A52", quantity=1, unit="chiếc",
                characteristics="Màu đen, màn hình nứt góc trái", condition="Đã qua sử dụng", sealed=True,
                seal_number="NP-0001", owner_name="Nguyễn Văn Nam", attributes={"imei": "356789012345678"})
    base.update(kw)
    return NewItem(**base)


def receive(db, actor, items, case_number="125/2026/CSHS", order=None, agency_id=3, started_at=None, title=""):
    """A new case received on its own intake order (an order belongs to one case)."""
    from evidence_store.services.intake import receive_items
    cmd = ReceiveItems(order=intake_order(order or ("12/LNK-PC02" if case_number == "125/2026/CSHS" else f"LNK-{case_number}")), items=tuple(items),
                       giver=PersonInput(full_name="Lê Văn Cường", rank="Đại úy", position="Điều tra viên",
                                         agency_id=agency_id, id_number="001088012345"),
                       new_case=CaseInput(case_number, title=title, offence="Trộm cắp tài sản (Điều 173 BLHS)",
                                          handling_agency_id=agency_id, officer_id=3), started_at=started_at)
    with UnitOfWork(db, actor) as uow:
        return receive_items(uow, cmd)
