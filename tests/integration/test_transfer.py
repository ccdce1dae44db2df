"""Transfer of responsibility: on the shelf, or physically out (TTLT 05/2005)."""

from __future__ import annotations

import pytest

from evidence_store.domain.errors import DomainError
from evidence_store.services.acceptance import accept_handover
from evidence_store.services.commands import TransferResponsibility
from evidence_store.services.handovers import handover_detail
from evidence_store.services.transfer import transfer_responsibility
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import approved_transfer, doc, indicted, item_row, ledger_head, milestone, read, rep, run, \
    seals_checked


def test_transfer_keeps_items_on_the_shelf_and_lists_them(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"]), phone()])
    officer = w.actor(db, "canbo")
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", w.agencies["pc02"])
    before = ledger_head(db)
    with pytest.raises(DomainError) as exc:  # a transfer decision does not move the stage (BLTTHS Điều 232)
        run(db, officer, transfer_responsibility, TransferResponsibility(
            doc("transfer_decision", "20/QĐ-CSHS", w.agencies["pc02"]), w.agencies["vks"], case_id=ch.case_id,
            receiver=rep(w.agencies["vks"])))
    assert exc.value.code == "transfer_wrong_stage" and ledger_head(db) == before
    out = run(db, officer, transfer_responsibility, TransferResponsibility(  # the kết luận điều tra does
        doc("investigation_conclusion", "20/KLĐT-CSHS", w.agencies["pc02"]), w.agencies["vks"], case_id=ch.case_id,
        receiver=rep(w.agencies["vks"])))
    assert out.extra["acceptance"] == "pending"  # the VKS has a seat: nothing moves before it accepts
    assert item_row(db, ch.item_codes[0])["responsible_agency_id"] == w.agencies["pc02"]
    accepted = run(db, w.actor(db, "kiemsatvien"), accept_handover, out.handover_number)
    assert accepted.extra["acceptance"] == "accepted"
    row = item_row(db, ch.item_codes[0])
    assert row["state"] == "in_storage" and row["responsible_agency_id"] == w.agencies["vks"]
    detail = read(db, clerk, handover_detail, out.handover_number)
    assert detail.kind == "transfer" and len(detail.lines) == 2 and detail.lines[0].seal_number == "NP-0001"
    before = ledger_head(db)
    with pytest.raises(DomainError) as exc:
        run(db, clerk, transfer_responsibility, TransferResponsibility(
            doc("transfer_decision", "21/QĐ-CSHS", w.agencies["pc02"]), w.agencies["vks"], case_id=ch.case_id,
            receiver=rep(w.agencies["vks"])))
    assert exc.value.code == "same_agency" and ledger_head(db) == before
    with pytest.raises(DomainError) as exc:  # the police officer reads the case he handed over, no more
        run(db, officer, transfer_responsibility, TransferResponsibility(
            doc("transfer_decision", "22/QĐ-CSHS", w.agencies["pc02"]), w.agencies["ta"], case_id=ch.case_id))
    assert exc.value.code == "case_read_only" and ledger_head(db) == before
    assert verify(db).ok


def test_move_out_to_the_enforcement_warehouse(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    a = w.agencies
    indicted(db, w, ch.case_id)
    # TT 04/2023/TT-BTP Điều 10: THADS receives on the VKS's transfer decision (recorded as a milestone)
    out = run(db, clerk, approved_transfer, TransferResponsibility(
        doc("transfer_decision", "8/QĐ-VKS", w.agencies["vks"]), w.agencies["thads"], codes=ch.item_codes,
        move_out=True, receiver=rep(w.agencies["thads"]), seal_states=seals_checked(ch.item_codes)))
    assert item_row(db, ch.item_codes[0])["state"] == "in_storage"  # chờ tiếp nhận
    run(db, w.actor(db, "chaphanh"), accept_handover, out.handover_number)
    row = item_row(db, ch.item_codes[0])
    assert row["state"] == "transferred_out" and row["location_id"] is None and "Thi hành án" in row["holder"]
    assert verify(db).ok
    # TT 04/2023/TT-BTP Điều 10 (LEGAL-RULES R28): four copies, for the giver, THADS, its accounting, the THA file
    from evidence_store.services import printing
    from ..unit.printing_helpers import text as pdf_text
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, out.handover_number)).split())
    # the closing states the number of copies; "Nơi nhận" under the signatures who keeps each (ND 30/2020)
    assert "Biên bản được lập thành 04 bản." in words
    assert ("Nơi nhận: - Bên giao 01 bản; - Cơ quan thi hành án dân sự 01 bản; - Bộ phận kế toán của cơ quan thi "
            "hành án dân sự 01 bản; - 01 bản lưu hồ sơ thi hành án.") in words
    assert "chuyển giao cho cơ quan thi hành án dân sự" in words


def test_a_move_out_to_thads_is_recorded_at_thads_not_at_the_warehouse_it_leaves(world, clerk):
    """LEGAL-RULES R35 (setting thads_transfer_moves_out): the items are delivered to THADS, so the record of the move
    out is made at THADS's premises, not at the police warehouse they leave; a typed place wins; a change of
    responsibility with the items left on the shelf stays recorded at the warehouse."""
    from sqlalchemy import select

    from evidence_store.db.models import Agency, Handover
    from evidence_store.services import printing
    from evidence_store.services.printing_data import warehouse
    from ..unit.printing_helpers import text as pdf_text
    db, w = world
    a = w.agencies
    with db.session(write=False) as s:
        thads, store = s.get(Agency, a["thads"]).name, warehouse(s).name

    def transfer(move_out, place=""):
        ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])], case_number=f"{len(place)}{move_out}/HS")
        for kind, agency in (("case_opening", "pc02"), ("investigation_conclusion", "pc02"), ("indictment", "vks")):
            milestone(db, ch.case_id, kind.replace("case_", ""), kind, f"{ch.case_id}/{kind}", a[agency])
        number = run(db, clerk, approved_transfer, TransferResponsibility(
            doc("transfer_decision", f"{ch.case_id}/QĐ-VKS", a["vks"]), a["thads"], codes=ch.item_codes,
            move_out=move_out, receiver=rep(a["thads"]), place=place,
            seal_states=seals_checked(ch.item_codes) if move_out else {})).handover_number
        with db.session(write=False) as s:
            stored = s.scalars(select(Handover.place).where(Handover.number == number)).one()
        words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
        return stored, words.split("Hồi ", 1)[1].split(", chúng tôi gồm", 1)[0]

    stored, printed = transfer(True)
    assert stored == f"Trụ sở {thads}" and printed.endswith(f"tại Trụ sở {thads}") and store not in printed
    assert transfer(True, "Kho vật chứng Cục THADS, số 1 Phạm Văn Bạch")[1].endswith(
        "tại Kho vật chứng Cục THADS, số 1 Phạm Văn Bạch")
    stored, printed = transfer(False)
    assert stored == "" and printed.endswith(f"tại {store}")  # the items stay on their shelf


def test_a_transfer_to_the_procuracy_keeps_the_ordinary_distribution(world, clerk):
    from evidence_store.services import printing
    from ..unit.printing_helpers import text as pdf_text
    db, w = world
    ch = receive(db, clerk, [phone()])
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", w.agencies["pc02"])
    out = run(db, w.actor(db, "canbo"), transfer_responsibility, TransferResponsibility(
        doc("investigation_conclusion", "20/KLĐT-CSHS", w.agencies["pc02"]), w.agencies["vks"], case_id=ch.case_id,
        receiver=rep(w.agencies["vks"])))
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, out.handover_number)).split())
    assert "Nơi nhận: - Bên giao 01 bản; - Bên nhận 01 bản; - 01 bản lưu hồ sơ vụ án; - 01 bản lưu kho." in words
    assert "thi hành án" not in words.split("Biên bản được lập thành")[1]


def test_the_stock_slip_follows_the_items_out_of_the_warehouse(world, clerk):
    """ND 142/2024 Art 14 (HANDS-ON 42): a phiếu xuất kho attests that items left the warehouse. The record list says
    which slip each record carries, by the printer's own rule: none for a change of responsibility on the shelf or a
    transfer out that THADS refused; one for the transfer out it accepted."""
    from evidence_store.services import printing
    from evidence_store.services.acceptance import refuse_handover
    from evidence_store.services.context import UnitOfWork
    from evidence_store.services.handovers import list_handovers
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    code = ch.item_codes[0]
    indicted(db, w, ch.case_id)

    def out(number):
        return run(db, clerk, approved_transfer, TransferResponsibility(
            doc("transfer_decision", number, a["vks"]), a["thads"], codes=(code,), move_out=True,
            receiver=rep(a["thads"]), seal_states=seals_checked((code,)))).handover_number

    def slips():
        return {r.number: r.slip for r in read(db, clerk, list_handovers, code)}

    refused = out("8/QĐ-VKS")
    with UnitOfWork(db, w.actor(db, "chaphanh")) as uow:
        refuse_handover(uow, refused, "Chưa đủ hồ sơ")
    with pytest.raises(DomainError) as exc:
        read(db, clerk, printing.stock_slip_pdf, refused, "out")
    assert exc.value.code == "slip_not_for_record"
    accepted = out("9/QĐ-VKS")
    run(db, w.actor(db, "chaphanh"), accept_handover, accepted)
    assert slips() == {ch.handover_number: "in", refused: "", accepted: "out"}
    assert read(db, clerk, printing.stock_slip_pdf, accepted, "out").startswith(b"%PDF")
