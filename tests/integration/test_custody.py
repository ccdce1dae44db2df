"""Deposit with a specialised keeper, entrusting, the monthly check and recall."""

from __future__ import annotations

import pytest

from evidence_store.domain.errors import DomainError
from evidence_store.services.commands import NewItem, PersonInput
from evidence_store.services.commands import CheckEntrusted, DepositItems, EntrustItems, RecallItems
from evidence_store.services.custody import check_entrusted, recall_items
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_deposit, approved_entrust, check_signers, doc, entrusted_40_days_ago, item_row, ledger_head, open_deadlines, owner, rep, run

KEEPER = PersonInput(full_name="Đỗ Đức Thảo", position="Cán bộ Kho bạc", id_number="001080001234")

CASH = NewItem("cash_vnd", "Tiền Việt Nam", 2_000_000, "đồng", sealed=True, seal_state="intact", seal_number="NP-7")
BIKE = NewItem("motorbike", "Xe mô tô Honda Wave Alpha BKS 29B1-123.45", 1, "chiếc",
               attributes={"plate": "29B1-123.45"})


def _code(db, clerk, item, case="125/2026/CSHS"):
    return receive(db, clerk, [item], case_number=case).item_codes[0]


def test_cash_goes_to_the_treasury_not_to_the_military(world, clerk):
    db, w = world
    code = _code(db, clerk, CASH)
    decision = doc("deposit_decision", "3/QĐ-PC02", w.agencies["pc02"])
    other_case = doc("deposit_decision", "3b/QĐ-PC02", w.agencies["pc02"])  # a decision belongs to one case
    before = ledger_head(db)
    with pytest.raises(DomainError) as exc:
        run(db, clerk, approved_deposit, DepositItems((code,), w.agencies["quansu"], decision,
                                                   receiver=rep(w.agencies["quansu"]), seal_states=seals_checked((code,))))
    assert exc.value.code == "wrong_keeper" and ledger_head(db) == before
    run(db, clerk, approved_deposit, DepositItems((code,), w.agencies["khobac"], decision, account="3949.0",
                                               receiver=rep(w.agencies["khobac"]), seal_states=seals_checked((code,))))
    assert item_row(db, code)["state"] == "deposited"
    phone_code = _code(db, clerk, phone(), "2/2026")
    with pytest.raises(DomainError) as exc:
        run(db, clerk, approved_deposit, DepositItems((phone_code,), w.agencies["khobac"], other_case,
                                                   receiver=rep(w.agencies["khobac"]),
                                                   seal_states=seals_checked((phone_code,))))
    assert exc.value.code == "not_depositable"
    assert verify(db).ok


def test_entrust_check_monthly_and_recall(world, clerk):
    db, w = world
    code = entrusted_40_days_ago(db, clerk, w, BIKE)
    assert item_row(db, code)["state"] == "entrusted" and open_deadlines(db, code) == ["entrusted_check"]
    run(db, w.actor(db, "canbo"), check_entrusted, CheckEntrusted((code,), "intact", **check_signers()))
    assert open_deadlines(db, code) == ["entrusted_check"]  # rolled forward, one open
    run(db, clerk, recall_items, RecallItems((code,), doc("intake_order", "7/LNK-PC02", w.agencies["pc02"]),
                                             w.locations["yard"], giver=owner()))
    assert item_row(db, code)["state"] == "in_storage" and open_deadlines(db, code) == []
    assert verify(db).ok


def test_drugs_cannot_be_entrusted(world, clerk):
    db, w = world
    drug = NewItem("drugs", "Heroin", 3, "gam", sealed=True, seal_state="intact", seal_number="NP-3")
    code = _code(db, clerk, drug)
    with pytest.raises(DomainError) as exc:
        run(db, clerk, approved_entrust, EntrustItems((code,), PersonInput(full_name="UBND phường"), "commune",
                                                   doc("entrust_decision", "5/QĐ-PC04", w.agencies["pc04"])))
    assert exc.value.code == "not_entrustable"


def test_the_monthly_check_produces_its_record_signed_by_the_custodian_the_storekeeper_and_the_participants(
        world, clerk):
    """HANDS-ON 52 (TT 01/2017/TT-BTP Điều 12): the check of entrusted items is a record — custodian (from the
    entrusting record), storekeeper, the participants as named, the result — printable, read back from the DB."""
    import json

    from sqlalchemy import select

    from evidence_store.db.models import Handover, Person
    from evidence_store.services import printing
    from evidence_store.services.handovers import handover_detail

    from ..unit.printing_helpers import text as pdf_text
    from .lifecycle_builders import read, signature_slots
    db, w = world
    code = entrusted_40_days_ago(db, clerk, w, BIKE, address="Số 5 ngõ 12 Láng Hạ, Hà Nội")
    ch = run(db, clerk, check_entrusted, CheckEntrusted((code,), "issue", note="Xước yếm trái", participants=(
        "Nguyễn Văn Nam", "Lê Văn Tâm, Cán bộ UBND phường"), condition="Xước yếm trái", **check_signers()))
    assert ch.handover_number
    slots = signature_slots(db, ch.handover_number)
    with db.session(write=False) as s:
        ho = s.scalars(select(Handover).where(Handover.number == ch.handover_number)).one()
        keeper = s.get(Person, clerk.person_id).full_name
        details = json.loads(ho.details)
    assert ho.kind == "check" and ho.place == "Số 5 ngõ 12 Láng Hạ, Hà Nội" and details["result"] == "issue"
    # "họ tên, chức vụ": the name signs, the position follows it; the custodian named again signs once
    assert slots == [("custodian", "Nguyễn Văn Nam"), ("accountant", "Trần Thị Mai"), ("head", "Phạm Quang Dũng"),
                     ("participant", "Lê Văn Tâm"), ("keeper", keeper)]
    assert [ln.item_code for ln in read(db, clerk, handover_detail, ch.handover_number).lines] == [code]
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, ch.handover_number)).split())
    assert "Kiểm tra định kỳ vật chứng giao bảo quản" in words and "Điều 12 Thông tư số 01/2017/TT-BTP" in words
    assert "Kết quả kiểm tra: vật chứng có thay đổi, cần xử lý; Xước yếm trái." in words
    assert "Người nhận bảo quản: Ông/Bà Nguyễn Văn Nam" in words and "Số 5 ngõ 12 Láng Hạ" in words
    for name in ("Trần Thị Mai", "Phạm Quang Dũng", keeper, "NGƯỜI NHẬN BẢO QUẢN", "THỦ KHO"):
        assert name in words
    assert verify(db).ok
