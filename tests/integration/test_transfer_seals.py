"""The seals on the record of a transfer of responsibility (issue #12: no printed statement is invented; ND 127/2017;
ND 142/2024 Điều 11, 14). Moved out to the THADS warehouse, each seal is stated by the storekeeper — refused when not,
a torn one opens an incident named on the record; left on the shelf, nobody looked: the record prints the register's
number «ghi theo sổ kho, vật chứng không rời vị trí», never «nguyên vẹn». Both engines."""

from __future__ import annotations

from evidence_store.error_texts import message
from evidence_store.services import printing, settings
from evidence_store.services.context import UnitOfWork
from evidence_store.services.acceptance import accept_handover
from evidence_store.services.commands import NewItem, TransferResponsibility
from evidence_store.services.handovers import handover_detail
from evidence_store.services.transfer import transfer_responsibility
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import (approved_transfer, doc, handover_state, indicted, item_events, item_row, read,
                                 refused, rep, run, seals_checked)
from .test_receipt_seals import one_torn_printed
from .test_record_truth import _words

SHELF = "ghi theo sổ kho, vật chứng không rời vị trí"


def _shown(code: str) -> str:
    return f"{code[:2]}-{code[2:4]}-{code[4:-1]}-{code[-1]}"


def _indicted_phones(db, w, clerk, case_number="T-12/HS"):
    """Two sealed phones (NP-0201, NP-0202) of a case indicted by the VKS: ready to go to THADS."""
    ch = receive(db, clerk, [phone(seal_number="NP-0201", location_code=w.locations["bin_A111"]),
                             phone(name="Điện thoại Oppo A5", seal_number="NP-0202",
                                   location_code=w.locations["bin_A111"])], case_number=case_number)
    indicted(db, w, ch.case_id)
    return ch.item_codes


def _to_thads(w, codes, **kw) -> TransferResponsibility:
    return TransferResponsibility(doc("transfer_decision", "8/QĐ-VKS", w.agencies["vks"]), w.agencies["thads"],
                                  codes=tuple(codes), receiver=rep(w.agencies["thads"]), **kw)


def test_a_move_out_goes_only_once_each_seal_is_stated(world, clerk):
    db, w = world
    codes = _indicted_phones(db, w, clerk)
    err = refused(db, lambda: run(db, clerk, transfer_responsibility, _to_thads(w, codes, move_out=True)))
    assert err.code == "seal_condition_required" and "(niêm phong số NP-0201)" in message(err)
    assert _shown(codes[0]) in message(err)
    err = refused(db, lambda: run(db, clerk, transfer_responsibility, _to_thads(
        w, codes, move_out=True, seal_states={codes[0]: "intact"})))
    assert "(niêm phong số NP-0202)" in message(err)  # the one left unstated is named
    assert [item_row(db, c)["state"] for c in codes] == ["in_storage", "in_storage"]  # nothing recorded
    out = run(db, clerk, approved_transfer, _to_thads(w, codes, move_out=True, seal_states=seals_checked(codes)))
    run(db, w.actor(db, "chaphanh"), accept_handover, out.handover_number)  # the receiving agency accepts
    words = _words(db, clerk, printing.handover_pdf, out.handover_number)
    assert "Số NP-0201, nguyên vẹn" in words and "Số NP-0202, nguyên vẹn" in words
    assert "Tình trạng niêm phong khi giao nhận: các niêm phong nguyên vẹn, không có dấu hiệu bóc mở." in words
    assert SHELF not in words and "sự cố" not in words
    assert [item_row(db, c)["state"] for c in codes] == ["transferred_out", "transferred_out"]
    assert [e[1].get("seal_status") for c in codes for e in item_events(db, c) if e[0] == "transfer_out"] == [
        "intact", "intact"]
    assert verify(db).ok


def test_a_seal_found_torn_at_the_move_out_opens_an_incident_named_on_the_record(world, clerk):
    db, w = world
    codes = _indicted_phones(db, w, clerk)
    out = run(db, clerk, approved_transfer, _to_thads(w, codes, move_out=True,
                                                      seal_states={codes[0]: "intact", codes[1]: "broken"}))
    details = handover_state(db, out.handover_number)[2]
    incident = details["seal_incident"]
    assert details["broken_codes"] == [codes[1]]
    one_torn_printed(db, clerk, out.handover_number, codes, ("NP-0201", "NP-0202"), incident, "khi chuyển giao",
                     "chuyển giao vật chứng")
    # THADS's receiving person takes the items and sees the torn seal: he signs the incident record (BLTTHS Điều 133)
    assert {(s.role, s.person_name) for s in read(db, clerk, handover_detail, incident).signatures} == {
        ("maker", clerk.full_name), ("witness", "Trần Thị Hoa")}
    assert item_row(db, codes[1])["sealed"] in (False, 0)  # counted unsealed until resealed
    run(db, w.actor(db, "chaphanh"), accept_handover, out.handover_number)  # the acceptance still goes through
    assert item_row(db, codes[1])["state"] == "transferred_out"
    assert [e[1].get("seal_status") for c in codes for e in item_events(db, c) if e[0] == "transfer_out"] == [
        "intact", "broken"]
    assert verify(db).ok


def _torn_second_reported(db, clerk, number, codes, description: str) -> None:
    """The record ``number`` names the incident its second item's torn seal opened, before the act: the incident
    says what was found, found at the transfer, witnessed by the receiving person (BLTTHS Điều 133), the item
    counted unsealed; the lines keep each seal as stated."""
    details = handover_state(db, number)[2]
    incident = details["seal_incident"]
    assert details["broken_codes"] == [codes[1]]
    found = handover_state(db, incident)[2]
    assert (found["found_during"], found["description"], found["related_handover"]) == ("transfer", description, number)
    assert {(s.role, s.person_name) for s in read(db, clerk, handover_detail, incident).signatures} == {
        ("maker", clerk.full_name), ("witness", "Trần Thị Hoa")}
    assert [ln.seal_state for ln in read(db, clerk, handover_detail, number).lines] == ["intact", "broken"]
    assert item_row(db, codes[1])["sealed"] in (False, 0)
    one_torn_printed(db, clerk, number, codes, ("NP-0201", "NP-0202"), incident, "khi chuyển giao",
                     "chuyển giao vật chứng")


def test_a_seal_stated_torn_on_the_shelf_is_reported_before_the_responsibility_moves(world, clerk):
    """No approval step (the items stay on their shelf): the lines, the incident, then the offer (issue #12)."""
    db, w = world
    codes = _indicted_phones(db, w, clerk)
    out = run(db, clerk, transfer_responsibility, _to_thads(w, codes, seal_states={codes[0]: "intact",
                                                                                      codes[1]: "broken"}))
    _torn_second_reported(db, clerk, out.handover_number, codes,
                          "Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi chuyển giao trách nhiệm vật chứng")
    run(db, w.actor(db, "chaphanh"), accept_handover, out.handover_number)
    assert [e[0] for e in item_events(db, codes[1])][-2:] == ["seal_broken", "transfer_responsibility"]
    assert [item_row(db, c)["state"] for c in codes] == ["in_storage", "in_storage"]
    assert verify(db).ok


def test_with_the_approval_off_a_torn_seal_is_reported_before_the_items_move_out(world, clerk):
    db, w = world
    with UnitOfWork(db, w.actor(db, "quantri")) as uow:
        settings.set_setting(uow, "release_needs_approval", False)
    codes = _indicted_phones(db, w, clerk)
    out = run(db, clerk, transfer_responsibility, _to_thads(w, codes, move_out=True,
                                                            seal_states={codes[0]: "intact", codes[1]: "broken"}))
    _torn_second_reported(db, clerk, out.handover_number, codes,
                          "Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi giao vật chứng chuyển sang kho thi hành án")
    run(db, w.actor(db, "chaphanh"), accept_handover, out.handover_number)
    assert [e[0] for e in item_events(db, codes[1])][-3:] == ["seal_broken", "transfer_responsibility", "transfer_out"]
    assert [e[1].get("seal_status") for c in codes for e in item_events(db, c) if e[0] == "transfer_out"] == [
        "intact", "broken"]
    assert [item_row(db, c)["state"] for c in codes] == ["transferred_out", "transferred_out"]
    assert verify(db).ok


def test_on_the_shelf_the_record_prints_the_register_number_never_intact(world, clerk):
    """A change of responsibility in the shared warehouse: the items stay where they are, nobody looks at a seal —
    the record printed «nguyên vẹn» all the same."""
    db, w = world
    codes = _indicted_phones(db, w, clerk)
    out = run(db, clerk, transfer_responsibility, _to_thads(w, codes))
    run(db, w.actor(db, "chaphanh"), accept_handover, out.handover_number)
    words = _words(db, clerk, printing.handover_pdf, out.handover_number)
    assert "nguyên vẹn" not in words
    assert f"Số NP-0201, {SHELF}" in words and f"Số NP-0202, {SHELF}" in words
    assert ("Tình trạng niêm phong khi giao nhận: vật chứng không rời vị trí bảo quản, số niêm phong ghi theo sổ "
            "kho, không kiểm tra niêm phong khi lập biên bản.") in words
    assert [ln.seal_state for ln in read(db, clerk, handover_detail, out.handover_number).lines] == [
        "register", "register"]
    assert [item_row(db, c)["state"] for c in codes] == ["in_storage", "in_storage"]
    assert verify(db).ok


def test_on_the_shelf_a_clerk_who_looked_has_his_statement_printed(world, clerk):
    db, w = world
    codes = _indicted_phones(db, w, clerk)
    err = refused(db, lambda: run(db, clerk, transfer_responsibility, _to_thads(
        w, codes, seal_states={codes[1]: "intact"})))  # a statement is for every seal, or none
    assert err.code == "seal_condition_required" and "(niêm phong số NP-0201)" in message(err)
    out = run(db, clerk, transfer_responsibility, _to_thads(w, codes, seal_states=seals_checked(codes)))
    words = _words(db, clerk, printing.handover_pdf, out.handover_number)
    assert "Tình trạng niêm phong khi giao nhận: các niêm phong nguyên vẹn, không có dấu hiệu bóc mở." in words
    assert SHELF not in words
    assert verify(db).ok


def test_an_unsealed_item_prints_not_sealed_either_way(world, clerk):
    db, w = world
    ch = receive(db, clerk, [NewItem("papers", "Giấy đăng ký xe mô tô", 1, "tờ", "Bản chính", sealed=False,
                                     seal_number="", location_code=w.locations["bin_A111"])], case_number="T-13/HS")
    indicted(db, w, ch.case_id)
    out = run(db, clerk, transfer_responsibility, _to_thads(w, ch.item_codes))
    words = _words(db, clerk, printing.handover_pdf, out.handover_number)
    assert "Tình trạng niêm phong khi giao nhận: vật chứng không niêm phong." in words
    assert "nguyên vẹn" not in words and SHELF not in words
