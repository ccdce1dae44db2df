"""A deposit is handed over where the keeper is (BLTTHS Điều 90.1.b: cash and gold go to the Kho bạc; Điều 133.1: the
record states the real place; LEGAL-RULES §3 item 4): with no place typed, the record names the keeper's address when
the registry has it, else «Trụ sở <keeper>» — never the warehouse assumed; a place typed is kept as typed."""

from __future__ import annotations

from sqlalchemy import update

from evidence_store.db.models import Agency
from evidence_store.services import printing
from evidence_store.services.commands import DepositItems, NewItem
from evidence_store.services.context import UnitOfWork
from evidence_store.services.custody import deposit_items
from tests.unit.printing_helpers import text as pdf_text

from .builders import receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import doc, read, rep, run

CASH = NewItem("cash_vnd", "Tiền Việt Nam", 2_000_000, "đồng", sealed=True, seal_state="intact", seal_number="NP-7")


def _deposit(db, w, clerk, case_number, place=""):
    code = receive(db, clerk, [CASH], case_number=case_number).item_codes[0]
    a = w.agencies
    number = run(db, clerk, deposit_items, DepositItems(
        (code,), a["khobac"], doc("deposit_decision", f"3/QĐ-{case_number}", a["pc02"]), receiver=rep(a["khobac"]),
        account="3949.0.1055000", place=place, seal_states=seals_checked((code,)))).handover_number
    return " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())


def test_a_deposit_is_recorded_at_the_keepers_premises_unless_another_place_is_typed(world, clerk):
    db, w = world
    words = _deposit(db, w, clerk, "201/2026/CSHS")
    assert "tại Trụ sở Kho bạc Nhà nước khu vực I, chúng tôi gồm" in words, words[:400]
    with UnitOfWork(db) as uow:
        uow.session.execute(update(Agency).where(Agency.id == w.agencies["khobac"])
                            .values(address="Số 32 Cát Linh, phường Cát Linh, Hà Nội"))
        uow.commit()
    words = _deposit(db, w, clerk, "202/2026/CSHS")
    assert "tại Số 32 Cát Linh, phường Cát Linh, Hà Nội, chúng tôi gồm" in words, words[:400]
    words = _deposit(db, w, clerk, "203/2026/CSHS", place="Kho vật chứng PC10, số 2 Lý Thường Kiệt")
    assert "tại Kho vật chứng PC10, số 2 Lý Thường Kiệt, chúng tôi gồm" in words
