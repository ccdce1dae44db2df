"""Who signs a record (BLTTHS Điều 133; ND 142/2024 Art 14): persons, never agencies; the storekeeper on
records of items leaving; a refusal with its reason and a witness who signs; a participant who cannot read
signs by fingerprint after the record is read aloud before a witness who signs (issue #12)."""

from __future__ import annotations

import pytest

from evidence_store.domain.errors import DomainError
from evidence_store.services import printing
from evidence_store.services.commands import FileInput, NewItem, PersonInput
from evidence_store.services.commands import (CarryOutDisposal, DecideDisposal, DepositItems,
                                                        ProposeDisposal, RefuseSignature, SignByFingerprint,
                                                        SignOnPaper, SignOnScreen, TransferResponsibility)
from evidence_store.services.persistence import utcnow
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.disposal_carry_out import carry_out_disposal
from evidence_store.services.handovers import (complete_handover, handover_detail, mark_signed_on_paper,
                                               refuse_signature, sign_by_fingerprint, sign_on_screen)
from evidence_store.services.transfer import transfer_responsibility

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_deposit, doc, intact_seals, read, rep, run

PNG = b"\x89PNG\r\n\x1a\n" + b"signature-pixels"
SCAN = FileInput("bb.pdf", b"%PDF-1.4 signed", "application/pdf")


def _refused(fn) -> str:
    with pytest.raises(DomainError) as exc:
        fn()
    return exc.value.code


def _slot(db, actor, number, role):
    return next(s for s in read(db, actor, handover_detail, number).signatures if s.role == role)


def test_a_refusal_names_its_witness_who_signs_before_completion(world, clerk):
    db, w = world
    number = receive(db, clerk, [phone()]).handover_number
    giver = _slot(db, clerk, number, "giver")
    assert _refused(lambda: run(db, clerk, refuse_signature, RefuseSignature(number, giver.id, "", "Lê Bình"))) == \
        "reason_required"
    assert _refused(lambda: run(db, clerk, refuse_signature, RefuseSignature(number, giver.id, "Sai số lượng", ""))) \
        == "refusal_witness_required"
    run(db, clerk, refuse_signature, RefuseSignature(
        number, giver.id, "Không đồng ý số lượng", "", PersonInput(full_name="Lê Quang Sơn", position="Tổ trưởng tổ "
                                                                    "dân phố", id_number="001075004321")))
    witness = _slot(db, clerk, number, "refusal_witness")
    assert witness.witness_for == giver.id and witness.status == "pending"
    assert _refused(lambda: run(db, clerk, lambda uow, n: complete_handover(uow, n, utcnow()), number)) == \
        "unsigned_slots"
    run(db, clerk, sign_on_screen, SignOnScreen(number, _slot(db, clerk, number, "receiver").id, PNG))
    run(db, clerk, sign_on_screen, SignOnScreen(number, witness.id, PNG))
    run(db, clerk, lambda uow, n: complete_handover(uow, n, utcnow()), number)
    words = pdf_text(read(db, clerk, printing.handover_pdf, number))
    assert "NGƯỜI CHỨNG KIẾN VIỆC TỪ CHỐI KÝ" in words and words.count("Lê Quang Sơn") >= 3
    assert "Tổ trưởng tổ dân phố" in words  # the witness is a described person
    assert "không đồng ý ký biên bản: Không đồng ý số lượng" in words  # under ý kiến, khiếu nại
    assert "tham gia: không có" not in words
    assert "những người còn lại công nhận đúng và ký tên" in words and "(Từ chối ký)" in words


def test_a_participant_who_cannot_read_signs_by_fingerprint_before_a_witness(world, clerk):
    db, w = world
    number = receive(db, clerk, [phone()]).handover_number
    giver = _slot(db, clerk, number, "giver")
    cmd = SignByFingerprint(number, giver.id, PersonInput(full_name="Trần Văn Tư", id_number="001070001111"),
                            read_aloud=False)
    assert _refused(lambda: run(db, clerk, sign_by_fingerprint, cmd)) == "read_aloud_required"
    run(db, clerk, sign_by_fingerprint, SignByFingerprint(number, giver.id, cmd.witness, read_aloud=True))
    d = read(db, clerk, handover_detail, number)
    assert [s.status for s in d.signatures if s.role == "giver"] == ["fingerprint"]
    assert [s.person_name for s in d.signatures if s.role == "fingerprint_witness"] == ["Trần Văn Tư"]
    run(db, clerk, mark_signed_on_paper, SignOnPaper(number, SCAN))  # the receiver and the witness sign
    run(db, clerk, lambda uow, n: complete_handover(uow, n, utcnow()), number)
    words = pdf_text(read(db, clerk, printing.handover_pdf, number))
    assert "không biết chữ: biên bản đã được đọc cho" in words and "trước sự chứng kiến của Trần Văn Tư" in words
    assert "(Điểm chỉ)" in words and "điểm chỉ trước sự chứng kiến" in words
    assert "NGƯỜI CHỨNG KIẾN (ĐỌC BIÊN BẢN, ĐIỂM CHỈ)" in words


def test_a_transfer_is_signed_by_persons_with_their_letters_and_the_storekeeper(world, clerk):
    db, w = world
    got = receive(db, clerk, [phone()])
    officer = w.actor(db, "canbo")
    from .lifecycle_builders import milestone  # issue #11: the case reaches the VKS on the kết luận điều tra
    milestone(db, got.case_id, "opening", "case_opening", "1/QĐ-KTVA", w.agencies["pc02"])
    decision = doc("investigation_conclusion", "20/KLĐT-CSHS", w.agencies["pc02"])
    no_receiver = TransferResponsibility(decision, w.agencies["vks"], case_id=got.case_id)
    assert _refused(lambda: run(db, officer, transfer_responsibility, no_receiver)) == "person_required"
    giver = PersonInput(full_name="Trần Văn Hùng", rank="Đại úy", position="Điều tra viên",
                        agency_id=w.agencies["pc02"], id_number="001089012345", letter_number="55/GGT-PC02")
    ch = run(db, officer, transfer_responsibility, TransferResponsibility(
        decision, w.agencies["vks"], case_id=got.case_id, giver=giver,
        receiver=rep(w.agencies["vks"], "Ngô Thị Hạnh", "7/GGT-VKS"), keeper=PersonInput(id=w.persons["thukho"])))
    d = read(db, clerk, handover_detail, ch.handover_number)
    by_role = {s.role: s for s in d.signatures}
    assert by_role["giver"].person_name == "Trần Văn Hùng" and by_role["giver"].letter_number == "55/GGT-PC02"
    assert by_role["receiver"].person_name == "Ngô Thị Hạnh" and by_role["receiver"].letter_number == "7/GGT-VKS"
    assert by_role["keeper"].person_name == "Nguyễn Thị Lan"  # the officer acted: the storekeeper still signs
    words = pdf_text(read(db, clerk, printing.handover_pdf, ch.handover_number))
    assert "giấy giới thiệu số 55/GGT-PC02" in words and "giấy giới thiệu số 7/GGT-VKS" in words
    assert "THỦ KHO" in words and "Nguyễn Thị Lan" in words
    assert "Bên nhận: Viện kiểm sát" not in words  # an agency never stands for a person


def test_a_deposit_needs_the_person_who_receives(world, clerk):
    db, w = world
    code = receive(db, clerk, [NewItem("cash_vnd", "Tiền Việt Nam", 5_000_000, "đồng", "500.000 đ × 10 tờ",
                                       sealed=True, seal_state="intact", seal_number="NP-5")]).item_codes[0]
    decision = doc("deposit_decision", "3/QĐ-PC02", w.agencies["pc02"])
    assert _refused(lambda: run(db, clerk, approved_deposit, DepositItems((code,), w.agencies["khobac"], decision,
                                                                       account="3949.0", seal_states=seals_checked((code,))))) == "person_required"


def test_a_disposal_names_the_storekeeper_and_the_receiving_person_when_carried_out(world, clerk):
    db, w = world
    officer, boss = w.actor(db, "canbo"), w.actor(db, "lanhdao")
    got = receive(db, clerk, [phone()])
    code = got.item_codes[0]
    from .lifecycle_builders import dismissed  # issue #11: confiscation after đình chỉ (Điều 106.1.a)
    dismissed(db, w, got.case_id)
    ch = run(db, officer, propose_disposal, ProposeDisposal(
        (code,), "confiscated", doc("disposal_decision", "40/QĐ-CSHS", w.agencies["pc02"]),
        receiving_agency_id=w.agencies["taichinh"]))
    run(db, boss, approve_disposal, DecideDisposal(ch.handover_number))
    start = utcnow()
    base = CarryOutDisposal(ch.handover_number, start, utcnow(), "Sở Tài chính")
    assert _refused(lambda: run(db, officer, carry_out_disposal, base)) == "keeper_required"
    with_keeper = CarryOutDisposal(ch.handover_number, start, utcnow(), "Sở Tài chính",
                                   keeper=PersonInput(id=w.persons["thukho"]))
    assert _refused(lambda: run(db, officer, carry_out_disposal, with_keeper)) == "person_required"
    run(db, officer, carry_out_disposal, CarryOutDisposal(
        ch.handover_number, start, utcnow(), "Sở Tài chính", keeper=PersonInput(id=w.persons["thukho"]),
        receiver=rep(w.agencies["taichinh"], "Phạm Thu Trang", "9/GGT-STC"),
        seal_states=intact_seals(db, ch.handover_number)))
    by_role = {s.role: s for s in read(db, clerk, handover_detail, ch.handover_number).signatures}
    assert by_role["keeper"].person_name == "Nguyễn Thị Lan"
    assert by_role["receiver"].person_name == "Phạm Thu Trang"
    words = pdf_text(read(db, clerk, printing.handover_pdf, ch.handover_number))
    assert "Phạm Thu Trang" in words and "giấy giới thiệu số 9/GGT-STC" in words and "THỦ KHO" in words
