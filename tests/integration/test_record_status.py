"""Record status (draft / open / complete / void) apart from the disposal approval, and what each prints:
only a complete record prints unmarked; a rejected or withdrawn act prints as void with its refusal, never as
a valid handover, and no phiếu xuất kho exists for it (issue #12; BLTTHS Điều 133; ND 142/2024 Art 14)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import text

from evidence_store.domain.errors import DomainError
from evidence_store.domain.records import Approval, RecordStatus, check_end_time, print_mark
from evidence_store.services import printing
from evidence_store.services.commands import FileInput
from evidence_store.services.commands import (CarryOutDisposal, DecideDisposal, EndRecord, ProposeDisposal,
                                                        SignOnPaper, TransferResponsibility)
from evidence_store.services.persistence import utcnow
from evidence_store.services.disposal import approve_disposal, propose_disposal, reject_disposal, withdraw_disposal
from evidence_store.services.disposal_carry_out import carry_out_disposal
from evidence_store.services.handovers import complete_handover, end_record, handover_detail, mark_signed_on_paper
from evidence_store.services.printing_data import local

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import doc, intact_seals, owner, read, rep, run


def _refused(fn) -> str:
    with pytest.raises(DomainError) as exc:
        fn()
    return exc.value.code


def _propose(db, w, actor, n=40):
    code = receive(db, actor, [phone()]).item_codes[0]
    return run(db, actor, propose_disposal, ProposeDisposal(
        (code,), "returned", doc("disposal_decision", f"{n}/QĐ-CSHS", w.agencies["pc02"]), recipient=owner(),
        receipt="Đã nhận đủ, không có ý kiến"))


def _pdf(db, actor, fn, *args):
    return pdf_text(read(db, actor, fn, *args))


def _row(db, number):
    with db.reader.connect() as c:
        return c.execute(text("SELECT status, approval, started_at, ended_at FROM handovers WHERE number = :n"),
                         {"n": number}).mappings().one()


def test_a_pending_proposal_is_a_draft_and_prints_only_as_one(world, clerk):
    db, w = world
    number = _propose(db, w, clerk).handover_number
    d = read(db, clerk, handover_detail, number)
    assert (d.status, d.approval) == (RecordStatus.DRAFT, Approval.PENDING)
    words = _pdf(db, clerk, printing.handover_pdf, number)
    assert "DỰ THẢO" in words
    assert "…… giờ …… phút" in words  # no end time yet: blank, never the start copied
    assert "Người nhận xác nhận" not in words  # nothing was handed over yet: no receipt is stated (issue #12)
    assert _refused(lambda: read(db, clerk, printing.stock_slip_pdf, number, "out")) == "slip_not_for_record"
    assert _refused(lambda: run(db, clerk, end_record, EndRecord(number, utcnow()))) == "handover_closed"


def test_a_rejected_proposal_prints_only_its_refusal(world, clerk):
    db, w = world
    boss = w.actor(db, "lanhdao")
    number = _propose(db, w, clerk).handover_number
    run(db, boss, reject_disposal, DecideDisposal(number, "Thiếu kết luận giám định"))
    assert (_row(db, number)["status"], _row(db, number)["approval"]) == ("void", "rejected")
    words = _pdf(db, clerk, printing.handover_pdf, number)
    assert "KHÔNG CÓ HIỆU LỰC" in words and "không được phê duyệt" in words
    assert "Thiếu kết luận giám định" in words
    # the return was only proposed: no "Trả lại cho" stated as done, no receipt confirmed (issue #12)
    assert "Đề xuất trả lại cho" in words and "Trả lại cho" not in words and "Người nhận xác nhận" not in words
    assert "công nhận đúng và ký tên" not in words  # nothing to attest: no closing, no signature columns
    assert "BÊN NHẬN" not in words
    assert _refused(lambda: read(db, clerk, printing.stock_slip_pdf, number, "out")) == "slip_not_for_record"
    assert _refused(lambda: run(db, clerk, complete_handover, number)) == "handover_closed"


def test_the_proposer_withdraws_a_pending_proposal_only(world, clerk):
    db, w = world
    boss = w.actor(db, "lanhdao")
    number = _propose(db, w, clerk).handover_number
    assert _refused(lambda: run(db, boss, withdraw_disposal, DecideDisposal(number, "x"))) == "not_withdrawable"
    assert _refused(lambda: run(db, clerk, withdraw_disposal, DecideDisposal(number, ""))) == "reason_required"
    run(db, clerk, withdraw_disposal, DecideDisposal(number, "Bổ sung hồ sơ"))
    assert (_row(db, number)["status"], _row(db, number)["approval"]) == ("void", "withdrawn")
    words = _pdf(db, clerk, printing.handover_pdf, number)
    assert "KHÔNG CÓ HIỆU LỰC" in words and "đã được rút" in words and "Bổ sung hồ sơ" in words


def test_an_approved_disposal_is_dated_on_the_act_then_completes_unmarked(world, clerk):
    db, w = world
    boss = w.actor(db, "lanhdao")
    number = _propose(db, w, clerk).handover_number
    proposed_at = read(db, clerk, handover_detail, number).started_at
    before_approval = utcnow() - timedelta(minutes=5)
    run(db, boss, approve_disposal, DecideDisposal(number))
    assert (_row(db, number)["status"], _row(db, number)["approval"]) == ("draft", "approved")
    assert "DỰ THẢO" in _pdf(db, clerk, printing.handover_pdf, number)
    assert _refused(lambda: read(db, clerk, printing.stock_slip_pdf, number, "out")) == "slip_not_for_record"
    assert _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(
        number, before_approval, utcnow(), "Nhà riêng"))) == "act_before_approval"
    start = utcnow()
    end = start + timedelta(seconds=1)
    assert _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(
        number, start, start - timedelta(minutes=1)))) == "end_before_start"
    while utcnow() < end:
        pass
    run(db, clerk, carry_out_disposal, CarryOutDisposal(number, start, end, "Trụ sở Công an phường Láng",
                                                        seal_states=intact_seals(db, number)))
    d = read(db, clerk, handover_detail, number)
    assert d.status == "open" and (d.started_at, d.ended_at) == (start, end) and d.started_at >= proposed_at
    words = _pdf(db, clerk, printing.handover_pdf, number)
    assert "CHƯA HOÀN TẤT" in words and "Trụ sở Công an phường Láng" in words
    assert "Người nhận xác nhận: Đã nhận đủ, không có ý kiến." in words  # handed over now: the receipt is stated
    # the storekeeper who gives the items is named and signs once, as Bên giao — not again as Thủ kho (issue #12)
    keeper = read(db, clerk, handover_detail, number)
    names = [s.person_name for s in keeper.signatures if s.role in ("giver", "keeper")]
    assert names == ["Nguyễn Thị Lan"]  # one slot: the storekeeper's empty one is set aside as she gives (h12b)
    assert f"Bên giao: {names[0]}" in words.replace("Bà ", "").replace("Ông ", "")
    assert "Thủ kho: " not in words and "THỦ KHO" not in words and words.count(names[0]) == 2  # the line, the column
    shown_start, shown_end = local(start), local(end)
    assert f"Hồi {shown_start:%H} giờ {shown_start:%M} phút, ngày {shown_start:%d/%m/%Y}" in words
    assert f"kết thúc hồi {shown_end:%H} giờ {shown_end:%M} phút" in words
    assert "PHIẾU XUẤT KHO" in _pdf(db, clerk, printing.stock_slip_pdf, number, "out")  # the items did leave
    run(db, clerk, mark_signed_on_paper, SignOnPaper(number, FileInput("bb.pdf", b"%PDF-1.4 x", "application/pdf")))
    run(db, clerk, complete_handover, number)
    words = _pdf(db, clerk, printing.handover_pdf, number)
    assert _row(db, number)["status"] == "complete"
    assert not any(m in words for m in ("DỰ THẢO", "CHƯA HOÀN TẤT", "KHÔNG CÓ HIỆU LỰC"))


def test_an_ordinary_record_needs_its_real_end_before_completion(world, clerk):
    db, w = world
    number = receive(db, clerk, [phone()]).handover_number
    assert _row(db, number)["status"] == "draft"
    assert _refused(lambda: run(db, clerk, end_record, EndRecord(number, utcnow() + timedelta(hours=2)))) == \
        "end_in_future"
    ended = utcnow()
    run(db, clerk, end_record, EndRecord(number, ended))
    d = read(db, clerk, handover_detail, number)
    assert d.status == "open" and d.ended_at == ended
    assert "CHƯA HOÀN TẤT" in _pdf(db, clerk, printing.handover_pdf, number)


def test_a_change_of_responsibility_has_no_issue_slip(world, clerk):
    db, w = world
    got = receive(db, clerk, [phone()])
    officer = w.actor(db, "canbo")
    from .lifecycle_builders import milestone
    milestone(db, got.case_id, "opening", "case_opening", "1/QĐ-KTVA", w.agencies["pc02"])  # issue #11: the stage
    ch = run(db, officer, _transfer, TransferResponsibility(  # moves on the kết luận điều tra, not a bare transfer
        doc("investigation_conclusion", "20/KLĐT-CSHS", w.agencies["pc02"]), w.agencies["vks"], case_id=got.case_id,
        receiver=rep(w.agencies["vks"])))
    assert _refused(lambda: read(db, clerk, printing.stock_slip_pdf, ch.handover_number, "out")) == "slip_not_for_record"


def _transfer(uow, cmd):
    from evidence_store.services.transfer import transfer_responsibility
    return transfer_responsibility(uow, cmd)


def test_marks_and_end_time_rules():
    assert print_mark("complete") == ""
    assert print_mark("draft") == "DỰ THẢO" and print_mark("open") == "CHƯA HOÀN TẤT"
    assert print_mark("void") == "KHÔNG CÓ HIỆU LỰC" and print_mark("pending_approval") == "DỰ THẢO"
    now = utcnow()
    assert check_end_time(now, now - timedelta(minutes=1), now) == "end_before_start"
    assert check_end_time(now - timedelta(hours=1), now + timedelta(minutes=1), now) == "end_in_future"
    assert check_end_time(now - timedelta(hours=1), now, now) is None
    # typed to the minute: at 13:08:45 the end «13:08» (the editor's hidden seconds 50) has happened, «13:09» not
    from datetime import datetime
    at = datetime(2026, 12, 6, 6, 8, 45)
    assert check_end_time(at - timedelta(hours=1), at.replace(second=50), at) is None
    assert check_end_time(at - timedelta(hours=1), at.replace(minute=9, second=0), at) == "end_in_future"


def test_migration_0005_splits_status_and_approval(tmp_path):
    from .migration_steps import migrate_to, sqlite_at
    path = tmp_path / "old.sqlite3"
    db = sqlite_at(path, "0005")
    con = sqlite3.connect(path)
    rows = [(1, "disposal", "pending_approval", None), (2, "disposal", "approved", None),
            (3, "disposal", "rejected", None), (4, "disposal", "complete", "2026-01-02 10:00:00"),
            (5, "intake", "open", None), (6, "intake", "complete", "2026-01-02 10:00:00")]
    for hid, kind, status, ended in rows:
        con.execute("INSERT INTO handovers (id, number, kind, started_at, ended_at, place, extra_document_ids, "
                    "details, notes, copies, status) VALUES (?, ?, ?, '2026-01-02 09:00:00', ?, '', '', '{}', '', 2, ?)",
                    (hid, f"{hid}/2026/BB-GN", kind, ended, status))
    con.commit()
    con.close()
    migrate_to(db, "0006")
    db.dispose()
    got = sqlite3.connect(path).execute("SELECT id, status, approval FROM handovers ORDER BY id").fetchall()
    assert got == [(1, "draft", "pending"), (2, "draft", "approved"), (3, "void", "rejected"),
                   (4, "complete", "approved"), (5, "draft", ""), (6, "complete", "")]
