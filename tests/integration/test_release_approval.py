"""ND 142/2024/NĐ-CP Điều 4 (LEGAL-RULES R22): no item leaves the warehouse without both the person who ordered the
release and the warehouse manager. A release the clerk prepares takes effect only once a commander other than the
clerk approves it; refused, the items stay on their shelves with the reason. An administrator setting (the law's
default on) turns the step off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from evidence_store.domain.codes import parse_code
from evidence_store.db.models import User
from evidence_store.domain.errors import PermissionDenied, TransitionRefused, ValidationError
from evidence_store.error_texts import message
from evidence_store.describe import describe_event
from evidence_store.services import accounts, printing, queries, requests, settings, tasks
from evidence_store.services.commands import DecideRelease, PersonInput
from evidence_store.services.context import UnitOfWork
from evidence_store.services.release import release_items
from evidence_store.services.release_approval import approve_release, reject_release
from evidence_store.services.verify import verify
from tests.unit.printing_helpers import text as pdf_text

from .builders import phone, receive
from .lifecycle_builders import (TODAY, actor_named, approve_pending, commander, doc, examination_release,
                                 handover_state, item_events, item_row, open_deadlines, read, refused, run)


def test_a_prepared_release_leaves_the_item_on_its_shelf_and_prints_nothing_as_done(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])]).item_codes[0]
    before = item_row(db, code)
    ch = run(db, clerk, release_items, examination_release(w, [code]))
    assert ch.extra["approval"] == "pending"
    row = item_row(db, code)
    assert (row["state"], row["location_id"], row["holder"]) == ("in_storage", before["location_id"], "")
    assert open_deadlines(db, code) == []  # no return deadline for an item that has not left
    assert [k for k, _d, _u in item_events(db, code)][-1] == "release_prepared"
    assert handover_state(db, ch.handover_number)[:2] == ("pending", "draft")
    # no phiếu xuất kho while pending; the record says it is not approved, and nobody is asked to sign it yet
    err = refused(db, lambda: read(db, clerk, printing.stock_slip, ch.handover_number, "out"))
    assert err.code == "slip_not_for_record" and "chưa được lãnh đạo kho duyệt" in message(err)
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, ch.handover_number)).split())
    assert "DỰ THẢO" in words and "chưa được lãnh đạo kho duyệt" in words and "đã được" not in words
    assert ("sign", ch.handover_number) not in {(t.kind, t.ref) for t in read(db, clerk, tasks.inbox)}
    # a second release of the same item while the first waits is refused by name
    err = refused(db, lambda: run(db, clerk, release_items, examination_release(w, [code], order=doc(
        "release_order", "16/LXK-PC02", w.agencies["pc02"]))))
    assert err.code == "release_awaiting_approval" and ch.handover_number in message(err)
    assert verify(db).ok


def test_the_commander_approves_from_his_inbox_and_the_ledger_names_both(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])]).item_codes[0]
    number = run(db, clerk, release_items, examination_release(w, [code])).handover_number
    boss = commander(db)
    assert ("approve_release", number) in {(t.kind, t.ref) for t in read(db, boss, tasks.inbox)}
    assert ("approve_release", number) not in {(t.kind, t.ref) for t in read(db, clerk, tasks.inbox)}
    run(db, boss, approve_release, DecideRelease(number))
    row = item_row(db, code)
    assert row["state"] == "out_temporary" and row["location_id"] is None and "Đỗ Minh An" in row["holder"]
    assert open_deadlines(db, code) == ["temporary_return"]
    kind, data, user = item_events(db, code)[-1]
    assert (kind, user) == ("release_temporary", "lanhdao")
    assert (data["prepared_by"], data["approved_by"]) == ("thukho", "lanhdao")
    approval, status, details = handover_state(db, number)
    assert approval == "approved" and details["approved_by"] == "lanhdao" and details["prepared_by"] == "thukho"
    assert ("approve_release", number) not in {(t.kind, t.ref) for t in read(db, boss, tasks.inbox)}
    # the printed record and the phiếu xuất kho name the approver with his position
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert "Việc xuất kho đã được Phạm Quang Dũng, Trưởng phòng duyệt" in words and "THỦ TRƯỞNG ĐƠN VỊ" in words
    slip = read(db, clerk, printing.stock_slip, number, "out")
    assert [(p.role, p.person.full_name) for p in slip.parties if p.role == "head"] == [("head", "Phạm Quang Dũng")]
    texts = [describe_event(e) for e in read(db, clerk, queries.item_by_code, code).events]
    assert any("thủ kho thukho lập phiếu, lãnh đạo lanhdao duyệt xuất" in t for t in texts), texts
    # the thẻ kho and the custody report are paper: persons by name, not login names (seen on the demo's thẻ kho)
    card = " ".join(pdf_text(read(db, clerk, printing.stock_card_pdf, code)).split())
    custody = " ".join(pdf_text(read(db, clerk, printing.custody_report_pdf, code)).split())
    for words in (card, custody):  # (the custody report's row may break before «duyệt xuất»)
        assert "thủ kho Nguyễn Thị Lan lập phiếu, lãnh đạo Phạm Quang Dũng" in words
        assert "thukho" not in words and "lanhdao" not in words
    # approved once: a second decision is refused
    err = refused(db, lambda: run(db, boss, approve_release, DecideRelease(number)))
    assert err.code == "release_not_pending"
    assert verify(db).ok


def test_the_same_person_never_approves_his_own_release(world, clerk):
    """A user holding both roles, and a second account of the clerk's own person, are refused naming Điều 4."""
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    with UnitOfWork(db, w.actor(db, "quantri")) as uow:
        both = accounts.create_user(uow, "kiemnhiem", "KiemNhiem@2026", ["clerk", "commander"],
                                    full_name="Trần Văn Kiêm", must_change_password=False)
        accounts.create_user(uow, "lan2", "LanHai@2026", ["commander"], person_id=w.persons["thukho"],
                             must_change_password=False)
        uow.commit()
    dual = actor_named(db, "kiemnhiem")
    number = run(db, dual, release_items, examination_release(w, [code])).handover_number
    err = refused(db, lambda: run(db, dual, approve_release, DecideRelease(number)))
    assert isinstance(err, PermissionDenied) and err.code == "same_release_approver"
    assert "phải khác người đã lập" in message(err) and "Điều 4" in message(err) and number in message(err)
    assert ("approve_release", number) not in {(t.kind, t.ref) for t in read(db, dual, tasks.inbox)}
    err = refused(db, lambda: run(db, dual, reject_release, DecideRelease(number, "Tự từ chối")))
    assert err.code == "same_release_approver"
    assert item_row(db, code)["state"] == "in_storage"
    # the clerk Nguyễn Thị Lan prepares; her own commander account is the same person: refused too
    code2 = receive(db, clerk, [phone()], case_number="126/2026/CSHS").item_codes[0]
    number2 = run(db, clerk, release_items, examination_release(w, [code2], order=doc(
        "release_order", "17/LXK-PC02", w.agencies["pc02"]))).handover_number
    err = refused(db, lambda: run(db, actor_named(db, "lan2"), approve_release, DecideRelease(number2)))
    assert err.code == "same_release_approver"
    # the clerk role alone has no power to approve; the real commander does
    assert refused(db, lambda: run(db, clerk, approve_release, DecideRelease(number2))).code == "permission_denied"
    run(db, commander(db), approve_release, DecideRelease(number2))
    assert item_row(db, code2)["state"] == "out_temporary"
    with db.session(write=False) as s:
        assert s.scalar(select(User.id).where(User.username == "kiemnhiem")) == both


def test_a_refused_release_leaves_the_items_in_place_with_the_reason(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])]).item_codes[0]
    shelf = item_row(db, code)["location_id"]
    number = run(db, clerk, release_items, examination_release(w, [code])).handover_number
    boss = commander(db)
    err = refused(db, lambda: run(db, boss, reject_release, DecideRelease(number, "  ")))
    assert isinstance(err, ValidationError) and err.code == "reason_required"
    run(db, boss, reject_release, DecideRelease(number, "Giấy giới thiệu hết hạn"))
    row = item_row(db, code)
    assert (row["state"], row["location_id"]) == ("in_storage", shelf) and open_deadlines(db, code) == []
    kind, data, user = item_events(db, code)[-1]
    assert (kind, data["reason"], data["rejected_by"], user) == ("release_rejected", "Giấy giới thiệu hết hạn",
                                                                 "lanhdao", "lanhdao")
    approval, status, details = handover_state(db, number)
    assert (approval, status, details["reason"]) == ("rejected", "void", "Giấy giới thiệu hết hạn")
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert "KHÔNG CÓ HIỆU LỰC" in words and "không duyệt xuất: Giấy giới thiệu hết hạn" in words
    assert refused(db, lambda: read(db, clerk, printing.stock_slip, number, "out")).code == "slip_not_for_record"
    assert refused(db, lambda: run(db, boss, approve_release, DecideRelease(number))).code == "release_not_pending"
    # prepared anew with a valid letter, it can be approved
    again = run(db, clerk, release_items, examination_release(w, [code], order=doc("release_order", "18/LXK-PC02",
                                                                          w.agencies["pc02"]))).handover_number
    approve_pending(db, again)
    assert item_row(db, code)["state"] == "out_temporary"
    assert verify(db).ok


def test_the_approval_checks_the_items_again(world, clerk):
    """An item disposed of, moved out or lost between the preparation and the approval is refused by name."""
    from evidence_store.services.commands import RecordIncident
    from evidence_store.services.incidents import record_incident
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    number = run(db, clerk, release_items, examination_release(w, [code])).handover_number
    run(db, clerk, record_incident, RecordIncident((code,), "lost", doc("incident_report", "3/BB-SC", w.agencies["pc10"]),
                                                   "Không tìm thấy trên kệ"))
    err = refused(db, lambda: run(db, commander(db), approve_release, DecideRelease(number)))
    assert isinstance(err, TransitionRefused) and err.code == "release_item_changed"
    assert parse_code(code).display in message(err) and "Đã mất" in message(err) and number in message(err)
    assert item_row(db, code)["state"] == "lost_or_damaged"


def test_a_request_waits_with_its_release_and_opens_again_when_refused(world, clerk):
    db, w = world
    received = receive(db, clerk, [phone()])
    code, case_id = received.item_codes[0], received.case_id
    officer = w.actor(db, "canbo")
    with UnitOfWork(db, officer) as uow:
        number = requests.create_request(uow, requests.CreateRequest(
            case_id, (code,), "examination", TODAY, TODAY + timedelta(days=7))).extra["request"]
    with UnitOfWork(db, clerk) as uow:
        requests.pick_item(uow, number, code)
    view = read(db, clerk, requests.request_view, number)
    cmd = examination_release(w, [code], receiver=PersonInput(id=view.recipient_person_id),
                   receiver_agency_id=view.recipient_agency_id, request_number=number)
    first = run(db, clerk, release_items, cmd).handover_number
    assert read(db, clerk, requests.request_view, number).status == "awaiting_approval"
    assert ("prepare", number) not in {(t.kind, t.ref) for t in read(db, clerk, tasks.inbox)}
    run(db, commander(db), reject_release, DecideRelease(first, "Chưa có lịch giám định"))
    assert read(db, clerk, requests.request_view, number).status == "open"
    assert ("prepare", number) in {(t.kind, t.ref) for t in read(db, clerk, tasks.inbox)}
    second = run(db, clerk, release_items, cmd).handover_number
    approve_pending(db, second)
    view = read(db, clerk, requests.request_view, number)
    assert (view.status, view.handover_number) == ("released", second)
    assert ("accept", second) in {(t.kind, t.ref) for t in read(db, officer, tasks.inbox)}
    assert verify(db).ok


def test_with_the_setting_off_the_release_takes_effect_at_once(world, clerk):
    db, w = world
    admin = w.actor(db, "quantri")
    with UnitOfWork(db, clerk) as uow, pytest.raises(PermissionDenied):
        settings.set_setting(uow, "release_needs_approval", False)
    for bad in (2, "có lẽ"):
        with UnitOfWork(db, admin) as uow, pytest.raises(ValidationError) as exc:
            settings.set_setting(uow, "release_needs_approval", bad)
        assert exc.value.code == "setting_not_switch" and "bật hoặc tắt" in message(exc.value)
    with UnitOfWork(db, admin) as uow:
        assert settings.set_setting(uow, "release_needs_approval", "tắt") is False
    code = receive(db, clerk, [phone()]).item_codes[0]
    ch = run(db, clerk, release_items, examination_release(w, [code]))
    assert "approval" not in ch.extra and item_row(db, code)["state"] == "out_temporary"
    kind, data, _user = item_events(db, code)[-1]
    assert kind == "release_temporary" and "approved_by" not in data
    approval, status, _d = handover_state(db, ch.handover_number)
    assert approval == "" and read(db, clerk, printing.stock_slip, ch.handover_number, "out").parties
    with UnitOfWork(db, admin) as uow:
        settings.set_setting(uow, "release_needs_approval", True)
    code2 = receive(db, clerk, [phone()], case_number="127/2026/CSHS").item_codes[0]
    assert run(db, clerk, release_items, examination_release(w, [code2], order=doc(
        "release_order", "19/LXK-PC02", w.agencies["pc02"]))).extra["approval"] == "pending"
    assert verify(db).ok


def test_the_clerk_withdraws_his_own_release_while_it_waits(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    number = run(db, clerk, release_items, examination_release(w, [code])).handover_number
    with UnitOfWork(db, w.actor(db, "quantri")) as uow:
        accounts.create_user(uow, "thukho2", "ThuKhoHai@2026", ["clerk"], full_name="Lê Thị Mai",
                             must_change_password=False)
        uow.commit()
    from evidence_store.services.release_approval import withdraw_release
    err = refused(db, lambda: run(db, actor_named(db, "thukho2"), withdraw_release, DecideRelease(number, "Nhầm")))
    assert err.code == "release_not_withdrawable" and number in message(err)
    assert refused(db, lambda: run(db, clerk, withdraw_release, DecideRelease(number))).code == "reason_required"
    run(db, clerk, withdraw_release, DecideRelease(number, "Người nhận không đến"))
    assert item_row(db, code)["state"] == "in_storage"
    assert item_events(db, code)[-1][:2] == ("release_withdrawn", {"handover": number, "reason": "Người nhận không đến"})
    assert handover_state(db, number)[:2] == ("withdrawn", "void")
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert "Người lập rút phiếu xuất trước khi được duyệt: Người nhận không đến" in words
    assert ("approve_release", number) not in {(t.kind, t.ref) for t in read(db, commander(db), tasks.inbox)}
    assert refused(db, lambda: run(db, commander(db), approve_release, DecideRelease(number))).code == "release_not_pending"
    assert verify(db).ok


def test_an_approval_dated_before_the_preparation_is_refused_in_local_time(world, clerk):
    from datetime import datetime
    from evidence_store.formatting import wall_time
    db, w = world
    code = receive(db, clerk, [phone()], started_at=datetime.now() - timedelta(hours=5)).item_codes[0]
    prepared_at = datetime.now() - timedelta(hours=2)
    number = run(db, clerk, release_items, examination_release(w, [code], occurred_at=prepared_at)).handover_number
    err = refused(db, lambda: run(db, commander(db), approve_release,
                                   DecideRelease(number, occurred_at=prepared_at - timedelta(hours=1))))
    assert err.code == "approval_before_release"
    # a naive time is stored as UTC; the message shows the warehouse's wall time (Hà Nội)
    assert wall_time(prepared_at).strftime("%d/%m/%Y %H:%M") in message(err)
    assert item_row(db, code)["state"] == "in_storage"
