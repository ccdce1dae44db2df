"""ND 127/2017: an item that must be sealed is shelved only sealed (at intake and at Xếp kệ); the ≥ 1-year backlog
(TT 01/2017 Điều 13.2) leaves out items held under a live procedural decision (issue 12)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from evidence_store.domain.codes import parse_code
from evidence_store.domain.errors import TransitionRefused, ValidationError
from evidence_store.error_texts import message
from evidence_store.services import queries, reports, storage
from evidence_store.services.commands import (CaseInput, DocumentInput, MoveItems, NewItem, PersonInput, ReceiveItems,
                                             SealItems)
from evidence_store.services.commands import DecideDisposal, ProposeDisposal
from evidence_store.services.context import UnitOfWork
from evidence_store.services.deadlines_service import dashboard
from evidence_store.services.disposal import propose_disposal, reject_disposal
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import doc, ledger_head, milestone, owner, read, run


def test_an_unsealed_item_is_refused_on_a_shelf_until_it_is_sealed(world, clerk):
    db, w = world
    shelf = w.locations["bin_A111"]
    before = ledger_head(db)
    with pytest.raises(ValidationError) as refused:
        receive(db, clerk, [phone(sealed=False, seal_number="", location_code=shelf)])
    assert refused.value.code == "must_seal_before_shelving_new" and ledger_head(db) == before
    assert "phải được niêm phong trước khi xếp lên kệ" in message(refused.value)
    code = receive(db, clerk, [phone(sealed=False, seal_number="")]).item_codes[0]  # received, not shelved
    with UnitOfWork(db, clerk) as uow, pytest.raises(TransitionRefused) as refused:
        storage.move_items(uow, MoveItems((code,), shelf))
    assert refused.value.code == "must_seal_before_shelving"
    printed = parse_code(code).display  # the refusal names the item as its label does
    assert message(refused.value).startswith(f"Vật chứng {printed} «Điện thoại di động Samsung Galaxy A52» phải được "
                                             "niêm phong trước khi xếp lên kệ")
    act = dict(document=DocumentInput("other", "12/YC-CSHS", date.today(), w.agencies["pc02"]),
               organiser=PersonInput(full_name="Trần Đức Hùng", position="Điều tra viên", agency_id=w.agencies["pc02"]),
               witness=PersonInput(full_name="Lê Quang Sơn"))
    with UnitOfWork(db, clerk) as uow:
        storage.seal_items(uow, SealItems((code,), "seal", seal_number="NP-7001", **act))
    with UnitOfWork(db, clerk) as uow:
        storage.move_items(uow, MoveItems((code,), shelf))
    with UnitOfWork(db, clerk, write=False) as uow:
        item = queries.item_by_code(uow, code)
    assert item.sealed and item.location_code == shelf
    assert verify(db).ok


def test_exempt_items_are_shelved_unsealed(world, clerk):
    """ND 127/2017 exempts only live animals and plants, perishables and the case file's papers."""
    db, w = world
    exempt = [NewItem("perishable", "Cá biển tươi", 20, "kg", location_code=w.locations["cold"]),
              NewItem("papers", "Sổ ghi chép", 1, "quyển", location_code=w.locations["bin_A111"]),
              NewItem("wildlife", "Rùa núi vàng", 2, "con", location_code=w.locations["cold"])]
    codes = receive(db, clerk, exempt).item_codes
    assert len(codes) == 3
    with pytest.raises(ValidationError):  # a wildlife product (kg) is sealed
        receive(db, clerk, [NewItem("wildlife", "Vảy tê tê", 3, "kg", location_code=w.locations["cold"])],
                case_number="9/2026/MT", order="9/LNK-MT")


def _old(db, clerk, w, case_number):
    """Received 400 days ago on an order of the day before."""
    from evidence_store.services.intake import receive_items
    order = DocumentInput("intake_order", f"LNK-{case_number}", date.today() - timedelta(days=401), w.agencies["pc02"])
    giver = PersonInput(full_name="Lê Văn Cường", agency_id=w.agencies["pc02"])
    return run(db, clerk, receive_items, ReceiveItems(order, (phone(seal_number=f"NP-{case_number}"),), giver,
                                                      new_case=CaseInput(case_number, handling_agency_id=w.agencies["pc02"]),
                                                      started_at=datetime.now() - timedelta(days=400)))


def _backlog(db, actor):
    board = read(db, actor, dashboard)
    with UnitOfWork(db, actor, write=False) as uow:
        rows = reports.build_report(uow, "backlog", reports.ReportFilter(date.today() - timedelta(days=30),
                                                                         date.today()), today=date.today()).backlog
    assert sum(r.count for r in rows) == board.pending_year_count  # the report counts what the home screen counts
    return board.pending_year_count, {i.code for i in board.pending_year_items}


def test_the_backlog_leaves_out_suspended_cases_and_disposals_under_way(world, clerk):
    db, w = world
    plain = _old(db, clerk, w, "1/2025/CSHS").item_codes
    suspended = _old(db, clerk, w, "2/2025/CSHS")
    disposing = _old(db, clerk, w, "3/2025/CSHS").item_codes
    assert _backlog(db, clerk) == (3, set(plain) | set(suspended.item_codes) | set(disposing))
    pc02 = w.agencies["pc02"]
    milestone(db, suspended.case_id, "suspension", "suspension_decision", "5/QĐ-TĐC", pc02,
              issued_on=date.today() - timedelta(days=20))
    ch = run(db, clerk, propose_disposal, ProposeDisposal(tuple(disposing), "returned",
                                                          doc("disposal_decision", "40/QĐ-CSHS", pc02),
                                                          recipient=owner()))
    assert _backlog(db, clerk) == (1, set(plain))
    milestone(db, suspended.case_id, "resumption", "resumption_decision", "6/QĐ-PH", pc02,
              issued_on=date.today() - timedelta(days=10))  # resumed: held without a decision again
    boss = w.actor(db, "lanhdao")
    run(db, boss, reject_disposal, DecideDisposal(ch.handover_number, reason="Chưa xác minh chủ sở hữu"))
    assert _backlog(db, clerk) == (3, set(plain) | set(suspended.item_codes) | set(disposing))
