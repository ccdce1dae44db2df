"""ND 142/2024/NĐ-CP Điều 4 (LEGAL-RULES R22) for every act that takes items out of the warehouse, not only the
tạm xuất: a deposit with the Kho bạc, an entrusting (giao bảo quản) and a chuyển kho to THADS are prepared by the
clerk with the items on their shelves, and carried out only once a commander other than the clerk approves; refused
with a reason or withdrawn, nothing leaves. Same setting, permission, inbox task and ledger trail as the release."""

from __future__ import annotations

import pytest

from evidence_store.describe import describe_event
from evidence_store.domain.errors import DomainError, PermissionDenied
from evidence_store.error_texts import message
from evidence_store.services import printing, queries, settings, tasks
from evidence_store.services.acceptance import accept_handover
from evidence_store.services.commands import DecideRelease, DepositItems, EntrustItems, NewItem, TransferResponsibility
from evidence_store.services.context import UnitOfWork
from evidence_store.services.custody import deposit_items, entrust_items
from evidence_store.services.release_approval import approve_release, reject_release, withdraw_release
from evidence_store.services.transfer import transfer_responsibility
from evidence_store.services.verify import verify
from tests.unit.printing_helpers import text as pdf_text

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import (actor_named, commander, doc, handover_state, indicted, item_events, item_row,
                                 open_deadlines, owner, read, refused, rep, run, seals_checked)

CASH = NewItem("cash_vnd", "Tiền Việt Nam", 2_000_000, "đồng", sealed=True, seal_state="intact", seal_number="NP-7")
BIKE = NewItem("motorbike", "Xe mô tô Honda Wave Alpha BKS 29B1-123.45", 1, "chiếc",
               attributes={"plate": "29B1-123.45"})


def _inbox(db, actor):
    return {(t.kind, t.ref): t.text for t in read(db, actor, tasks.inbox)}


def _last_event_text(db, clerk, code):
    with UnitOfWork(db, clerk, write=False) as uow:
        return describe_event(max(queries.item_by_code(uow, code).events, key=lambda e: e.seq))


def _deposit(w, code, number="3/QĐ-PC02"):
    return DepositItems((code,), w.agencies["khobac"], doc("deposit_decision", number, w.agencies["pc02"]),
                        receiver=rep(w.agencies["khobac"]), account="3949.0.1055000", seal_states=seals_checked((code,)))


def test_a_deposit_waits_on_the_shelf_until_the_commander_approves(world, clerk):
    db, w = world
    code = receive(db, clerk, [CASH]).item_codes[0]
    before = item_row(db, code)
    ch = run(db, clerk, deposit_items, _deposit(w, code))
    number = ch.handover_number
    assert ch.extra["approval"] == "pending"
    row = item_row(db, code)
    assert (row["state"], row["location_id"], row["holder"]) == ("in_storage", before["location_id"], "")
    kind, data, user = item_events(db, code)[-1]
    assert (kind, data["act"], data["prepared_by"], user) == ("removal_prepared", "deposit", "thukho", "thukho")
    assert "chờ lãnh đạo duyệt xuất kho" in _last_event_text(db, clerk, code)
    # no phiếu xuất kho, the record says it is not approved; the clerk cannot approve his own
    err = refused(db, lambda: read(db, clerk, printing.stock_slip, number, "out"))
    assert err.code == "slip_not_for_record" and "chưa được lãnh đạo kho duyệt" in message(err)
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert "DỰ THẢO" in words and "chưa được lãnh đạo kho duyệt" in words
    assert isinstance(refused(db, lambda: run(db, clerk, approve_release, DecideRelease(number))), PermissionDenied)
    # a second act out of the same item is refused by name while it waits
    err = refused(db, lambda: run(db, clerk, deposit_items, _deposit(w, code, "4/QĐ-PC02")))
    assert err.code == "release_awaiting_approval" and number in message(err) and "Điều 4" in message(err)
    boss = commander(db)
    task = _inbox(db, boss).get(("approve_release", number), "")
    assert task.startswith(f"Gửi bảo quản {number}: 1 vật chứng cho Trần Thị Hoa") and "chờ duyệt xuất" in task
    assert ("approve_release", number) not in _inbox(db, clerk)
    run(db, boss, approve_release, DecideRelease(number))
    row = item_row(db, code)
    assert row["state"] == "deposited" and row["location_id"] is None and "Kho bạc" in row["holder"]
    kind, data, user = item_events(db, code)[-1]
    assert (kind, data["prepared_by"], data["approved_by"], data["account"], user) == (
        "deposit", "thukho", "lanhdao", "3949.0.1055000", "lanhdao")
    assert "lãnh đạo lanhdao duyệt xuất" in _last_event_text(db, clerk, code)
    assert handover_state(db, number)[0] == "approved"
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert "Việc xuất kho đã được Phạm Quang Dũng, Trưởng phòng duyệt" in words
    assert read(db, clerk, printing.stock_slip, number, "out").parties  # now the phiếu xuất kho is due
    assert ("approve_release", number) not in _inbox(db, boss)
    assert verify(db).ok


def test_an_entrusting_refused_with_its_reason_leaves_nothing_then_goes_once_approved(world, clerk):
    db, w = world
    code = receive(db, clerk, [BIKE]).item_codes[0]
    cmd = EntrustItems((code,), owner(), "owner", doc("entrust_decision", "4/QĐ-PC02", w.agencies["pc02"]))
    number = run(db, clerk, entrust_items, cmd).handover_number
    assert item_row(db, code)["state"] == "in_storage" and open_deadlines(db, code) == []
    assert _inbox(db, commander(db))[("approve_release", number)].startswith(f"Giao bảo quản {number}")
    err = refused(db, lambda: run(db, commander(db), reject_release, DecideRelease(number, " ")))
    assert err.code == "reason_required"
    run(db, commander(db), reject_release, DecideRelease(number, "Chủ sở hữu chưa có nơi cất giữ an toàn"))
    assert item_row(db, code)["state"] == "in_storage" and open_deadlines(db, code) == []
    kind, data, user = item_events(db, code)[-1]
    assert (kind, data["act"], data["reason"], data["rejected_by"]) == (
        "removal_rejected", "entrust", "Chủ sở hữu chưa có nơi cất giữ an toàn", "lanhdao")
    assert "Lãnh đạo không duyệt xuất biên bản giao bảo quản" in _last_event_text(db, clerk, code)
    assert handover_state(db, number)[:2] == ("rejected", "void")
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert "KHÔNG CÓ HIỆU LỰC" in words and "Lãnh đạo kho không duyệt xuất: Chủ sở hữu chưa có nơi cất giữ an toàn" \
        in words
    again = run(db, clerk, entrust_items, cmd)
    run(db, commander(db), approve_release, DecideRelease(again.handover_number))
    assert item_row(db, code)["state"] == "entrusted"
    assert open_deadlines(db, code) == ["entrusted_check"]  # the monthly check opens when the item leaves
    kind, data, _user = item_events(db, code)[-1]
    assert (kind, data["approved_by"]) == ("entrust", "lanhdao")
    assert verify(db).ok


def test_a_move_out_to_thads_is_approved_before_it_is_offered_and_may_be_withdrawn(world, clerk):
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    code = ch.item_codes[0]
    indicted(db, w, ch.case_id)
    cmd = TransferResponsibility(doc("transfer_decision", "8/QĐ-VKS", a["vks"]), a["thads"], codes=(code,),
                                 move_out=True, receiver=rep(a["thads"]), seal_states=seals_checked((code,)))
    first = run(db, clerk, transfer_responsibility, cmd)
    assert first.extra["approval"] == "pending" and "acceptance" not in first.extra
    assert item_row(db, code)["state"] == "in_storage"
    assert ("accept", first.handover_number) not in _inbox(db, w.actor(db, "chaphanh"))  # not offered yet
    err = refused(db, lambda: run(db, clerk, transfer_responsibility, cmd))
    assert err.code == "transfer_pending" and first.handover_number in message(err)
    with pytest.raises(DomainError) as exc:  # THADS cannot accept what the commander has not let out
        run(db, w.actor(db, "chaphanh"), accept_handover, first.handover_number)
    assert item_row(db, code)["state"] == "in_storage"
    other = actor_named(db, "canbo")
    assert refused(db, lambda: run(db, other, withdraw_release,
                                    DecideRelease(first.handover_number, "Nhầm"))).code == "release_not_withdrawable"
    run(db, clerk, withdraw_release, DecideRelease(first.handover_number, "Quyết định ghi sai số lượng"))
    kind, data, _user = item_events(db, code)[-1]
    assert (kind, data) == ("removal_withdrawn", {"handover": first.handover_number, "act": "transfer_out",
                                                  "reason": "Quyết định ghi sai số lượng"})
    assert handover_state(db, first.handover_number)[:2] == ("withdrawn", "void")
    second = run(db, clerk, transfer_responsibility, cmd).handover_number
    offered = run(db, commander(db), approve_release, DecideRelease(second))
    assert offered.extra["acceptance"] == "pending" and item_row(db, code)["state"] == "in_storage"
    run(db, w.actor(db, "chaphanh"), accept_handover, second)
    row = item_row(db, code)
    assert row["state"] == "transferred_out" and row["location_id"] is None
    kind, data, _user = item_events(db, code)[-1]
    assert (kind, data["prepared_by"], data["approved_by"]) == ("transfer_out", "thukho", "lanhdao")
    assert verify(db).ok


def test_a_transfer_that_leaves_the_items_on_the_shelf_needs_no_approval(world, clerk):
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    indicted(db, w, ch.case_id)
    out = run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("transfer_decision", "8/QĐ-VKS", a["vks"]), a["thads"], codes=ch.item_codes, receiver=rep(a["thads"])))
    assert "approval" not in out.extra and out.extra["acceptance"] == "pending"
    assert handover_state(db, out.handover_number)[0] == ""


def test_with_the_setting_off_a_deposit_and_an_entrusting_take_effect_at_once(world, clerk):
    db, w = world
    with UnitOfWork(db, w.actor(db, "quantri")) as uow:
        settings.set_setting(uow, "release_needs_approval", False)
    cash = receive(db, clerk, [CASH]).item_codes[0]
    ch = run(db, clerk, deposit_items, _deposit(w, cash))
    assert "approval" not in ch.extra and item_row(db, cash)["state"] == "deposited"
    assert "approved_by" not in item_events(db, cash)[-1][1]
    bike = receive(db, clerk, [BIKE], case_number="127/2026/CSHS").item_codes[0]
    run(db, clerk, entrust_items, EntrustItems((bike,), owner(), "owner",
                                               doc("entrust_decision", "5/QĐ-PC02", w.agencies["pc02"])))
    assert item_row(db, bike)["state"] == "entrusted" and open_deadlines(db, bike) == ["entrusted_check"]
    assert verify(db).ok
