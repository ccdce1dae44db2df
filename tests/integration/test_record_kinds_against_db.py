"""Issue #12, "Done when": no printed statement is invented. Every kind of record is built through the services
and printed; what the paper says of its times, its parties and its status is read back (pdf text) and compared
with the database row — the start in Việt Nam time, the end only when recorded (else blank, never the start
copied), every person holding a signature place named, and the one mark its status calls for. Both engines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from evidence_store.db.models import Handover, Signature
from evidence_store.services import printing, seals, storage
from evidence_store.services.commands import (CheckEntrusted, DecideDisposal, DepositItems, DocumentInput,
                                              EntrustItems, NewItem, PersonInput, ProposeDisposal, RefuseSignature,
                                              ReleaseItems, Reseal, ReturnItems, SealItems, TransferResponsibility)
from evidence_store.services.custody import check_entrusted
from evidence_store.services.disposal import approve_disposal, propose_disposal, reject_disposal
from evidence_store.services.handovers import handover_detail, refuse_signature
from evidence_store.services.printing_data import local
from evidence_store.services.release import return_items
from evidence_store.services.transfer import transfer_responsibility

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import TODAY, approved_deposit, approved_entrust, approved_release, carry_out, check_signers, dismissed, doc, examiner, milestone, owner, read, rep, run

MARKS = {"draft": "DỰ THẢO", "open": "CHƯA HOÀN TẤT", "void": "KHÔNG CÓ HIỆU LỰC"}


def _seal_act(w, **kw):
    return dict(document=DocumentInput("other", "12/YC-CSHS", date(2026, 1, 5), w.agencies["pc02"]),
                organiser=PersonInput(full_name="Trần Đức Hùng", rank="Đại úy", position="Điều tra viên",
                                      agency_id=w.agencies["pc02"]),
                witness=PersonInput(full_name="Lê Quang Sơn", position="Đại diện UBND phường Láng")) | kw


def _records(db, w, clerk) -> dict[str, str]:
    """One record of each kind (and each status a disposal takes): kind → number."""
    a = w.agencies
    out = {}
    cash = NewItem("cash_vnd", "Tiền Việt Nam", 5_000_000, "đồng", "500.000 đ × 10 tờ", sealed=True, seal_state="intact",
                   seal_number="NP-5", location_code=w.locations["safe"], attributes={"total_amount": "5000000"})
    got = receive(db, clerk, [phone(), phone(), cash, phone(sealed=False, seal_number="")])
    out["intake"] = got.handover_number
    first, second, third, unsealed = got.item_codes
    # a refusal to sign, with its witness (BLTTHS Điều 133)
    giver = next(s for s in read(db, clerk, handover_detail, got.handover_number).signatures if s.role == "giver")
    run(db, clerk, refuse_signature, RefuseSignature(got.handover_number, giver.id, "Không đồng ý số lượng", "",
                                                     PersonInput(full_name="Lê Văn Chứng", position="Bảo vệ")))
    out["release"] = run(db, clerk, approved_release, ReleaseItems(
        (first,), doc("release_order", "15/LXK-PC02", a["pc02"]), "examination", examiner(a["ca"]),
        TODAY + timedelta(days=5), receiver_agency_id=a["ca"], seal_states=seals_checked((first,)))).handover_number
    back = run(db, clerk, return_items, ReturnItems(
        (first,), w.locations["bin_A111"], examiner(a["ca"]), seal_intact=False,
        reseal=Reseal("000901/NP-PC10", reason="Niêm phong bị rách khi nhận lại",
                      sealed_by=("Đỗ Minh An, Giám định viên",), witnesses=("Nguyễn Thị Lan, Thủ kho",))))
    out["return"], out["incident"] = back.handover_number, back.extra["seal_incident"]
    out["unseal"] = run(db, clerk, storage.seal_items, SealItems((second,), "unseal", reason="giám định",
                                                                 **_seal_act(w))).handover_number
    out["seal"] = run(db, clerk, storage.seal_items, SealItems((unsealed,), "seal", seal_number="000777/NP-PC02",
                                                               **_seal_act(w))).handover_number
    out["deposit"] = run(db, clerk, approved_deposit, DepositItems(
        (third,), a["khobac"], doc("deposit_decision", "05/QĐ-CSHS", a["pc02"]),
        receiver=PersonInput(full_name="Hoàng Thị Thu", position="Cán bộ tiếp nhận", gender="female",
                             letter_number="12/GGT-KB"), account="3949.0.1055555", seal_states=seals_checked((third,)))).handover_number
    # a monthly check of an entrusted item
    start = datetime.now() - timedelta(days=40)
    bike = receive(db, clerk, [NewItem("motorbike", "Xe mô tô Honda Wave BKS 29B1-123.45", 1, "chiếc", sealed=True, seal_state="intact",
                                       seal_number="NP-0042", attributes={"plate": "29B1-123.45"})],
                   case_number="126/2026/CSHS", started_at=start - timedelta(days=1)).item_codes[0]
    run(db, clerk, approved_entrust, EntrustItems((bike,), owner(), "owner", doc("entrust_decision", "4/QĐ-PC02",
                                                                               a["pc02"], start.date()),
                                               address="Số 5 ngõ 12 Láng Hạ, Hà Nội", occurred_at=start,
                                               seal_states={bike: "intact"}))  # the clerk looked at the seal
    out["check"] = run(db, clerk, check_entrusted, CheckEntrusted((bike,), "intact", seal_states={bike: "intact"},
                                                                **check_signers())).handover_number
    # a transfer of responsibility to the VKS
    officer, boss = w.actor(db, "canbo"), w.actor(db, "lanhdao")
    moved = receive(db, clerk, [phone()], case_number="127/2026/CSHS")
    milestone(db, moved.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    out["transfer"] = run(db, officer, transfer_responsibility, TransferResponsibility(
        doc("investigation_conclusion", "20/KLĐT-CSHS", a["pc02"]), a["vks"], case_id=moved.case_id,
        giver=PersonInput(full_name="Trần Văn Hùng", rank="Đại úy", position="Điều tra viên", agency_id=a["pc02"],
                          id_number="001089012345", letter_number="55/GGT-PC02"),
        receiver=rep(a["vks"], "Ngô Thị Hạnh", "7/GGT-VKS"), keeper=PersonInput(id=w.persons["thukho"])
    )).handover_number
    # disposals: pending (draft), rejected (void), carried out (open)
    for key, n in (("disposal_draft", 40), ("disposal_void", 41), ("disposal_open", 42)):
        item = receive(db, clerk, [phone()], case_number=f"1{n}/2026/CSHS")
        dismissed(db, w, item.case_id)
        number = run(db, officer, propose_disposal, ProposeDisposal(
            item.item_codes, "returned", doc("disposal_decision", f"{n}/QĐ-CSHS", a["pc02"]), recipient=owner(),
            receipt="Đã nhận đủ")).handover_number
        if key == "disposal_void":
            run(db, boss, reject_disposal, DecideDisposal(number, "Thiếu kết luận giám định"))
        if key == "disposal_open":
            run(db, boss, approve_disposal, DecideDisposal(number))
            carry_out(db, clerk, number, "Trụ sở Công an phường Láng", keeper=PersonInput(id=w.persons["thukho"]))
        out[key] = number
    return out


def _db_side(db, number):
    with db.session(write=False) as s:
        ho = s.scalars(select(Handover).where(Handover.number == number)).one()
        names = [sig.person_name for sig in s.scalars(select(Signature).where(Signature.handover_id == ho.id))
                 if sig.person_name and not sig.person_name.startswith("…")]
        return ho.kind, ho.status, local(ho.started_at), local(ho.ended_at) if ho.ended_at else None, names


@pytest.fixture
def every_record(world, clerk):
    db, w = world
    return _records(db, w, clerk)


KINDS = ("intake", "release", "return", "incident", "unseal", "seal", "deposit", "check", "transfer",
         "disposal_draft", "disposal_void", "disposal_open")


def test_every_kind_is_built(every_record, world):
    db, _w = world
    kinds = {_db_side(db, n)[0] for n in every_record.values()}
    from evidence_store.printing.templates import HANDOVER_KINDS
    assert set(HANDOVER_KINDS) <= kinds | {"intake"}, set(HANDOVER_KINDS) - kinds  # no kind left unchecked
    assert set(every_record) == set(KINDS)


@pytest.mark.parametrize("key", KINDS)
def test_the_paper_states_the_times_parties_and_status_the_database_holds(every_record, world, clerk, key):
    db, _w = world
    number = every_record[key]
    kind, status, started, ended, names = _db_side(db, number)
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert number in words
    # status: the one mark it calls for, and no other
    for state, mark in MARKS.items():
        assert (mark in words) == (status == state), (key, status, mark)
    if status == "void":  # the act did not happen: the refusal is printed, no closing and no signatures
        assert "Biên bản không có hiệu lực" in words and "ký tên dưới đây" not in words
        assert f"ngày {started:%d/%m/%Y}" in words
        return
    if kind == "disposal" and status == "draft":  # proposed or approved, not carried out: no act yet, no hour
        assert "Hồi …… giờ …… phút, ngày …… / …… / ……" in words and "ngày …… tháng …… năm ……" in words
        assert f"{started:%d/%m/%Y}" not in words and f"{started:%H} giờ {started:%M} phút" not in words
        # nor the place: where the act will happen is written then, not the warehouse assumed (R39)
        assert "……, tại ……" in words and "tại Kho vật chứng" not in words, words[:600]
    else:
        assert f"Hồi {started:%H} giờ {started:%M} phút, ngày {started:%d/%m/%Y}" in words, key
        assert f"ngày {started:%d} tháng {started:%m} năm {started:%Y}" in words, key  # the header's date
    if ended is None:
        assert "kết thúc hồi …… giờ …… phút" in words, key  # blank, to be written by hand
    else:
        assert f"kết thúc hồi {ended:%H} giờ {ended:%M} phút" in words, key
        day = "cùng ngày" if ended.date() == started.date() else f"ngày {ended:%d/%m/%Y}"
        assert f"kết thúc hồi {ended:%H} giờ {ended:%M} phút {day}" in words, key
    for name in names:  # every person holding a place to sign is named on the paper
        assert name in words, (key, name)


@pytest.mark.parametrize("key", KINDS)
def test_the_paper_states_each_seal_as_somebody_stated_it(every_record, world, clerk, key):
    """Issue #12: the seal sentence is what the lines hold — «các niêm phong nguyên vẹn» only when every sealed line
    says intact, each torn one named with its number, the register quoted where nobody looked — never a default."""
    from evidence_store.db.models import HandoverLine, Item
    from evidence_store.domain import codes as code_format
    from evidence_store.printing.blocks import SEAL_STATES
    db, _w = world
    number = every_record[key]
    with db.session(write=False) as s:
        ho = s.scalars(select(Handover).where(Handover.number == number)).one()
        lines = s.execute(select(Item.code, HandoverLine.seal_number, HandoverLine.sealed, HandoverLine.note)
                          .join(Item, Item.id == HandoverLine.item_id)
                          .where(HandoverLine.handover_id == ho.id)).all()
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    sealed = [ln for ln in lines if ln.sealed or ln.note in ("broken", "unsealed", "resealed")]
    assert all(ln.note in SEAL_STATES for ln in sealed), (key, lines)  # stated, or the register's, never empty
    if "các niêm phong nguyên vẹn" in words:
        assert sealed and all(ln.note == "intact" or (ln.note == "unsealed" and ho.kind == "unseal")
                              for ln in sealed), (key, lines)
    for ln in sealed:
        if ln.note == "broken":
            shown = code_format.parse_code(ln.code).display
            assert f"{shown}: Số {ln.seal_number}, có dấu hiệu bóc mở" in words, (key, ln)
        if ln.note == "register":
            assert "ghi theo sổ kho" in words and "nguyên vẹn" not in words, (key, ln)
