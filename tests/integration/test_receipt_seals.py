"""The seals of announced items looked at when they arrive (issue #12; ND 127/2017; ND 142/2024 Điều 11, 14): the
clerk states each seal's condition, the biên bản giao nhận prints what was stated — never «nguyên vẹn» when nobody
said so — and a seal found broken or missing opens an incident reported to the responsible agency, the record says
so."""

from __future__ import annotations

from evidence_store.error_texts import message
from evidence_store.services import printing
from evidence_store.services.announce import ReceiveAnnounced, announce_items, receive_announced
from evidence_store.services.commands import CaseInput, ReceiveItems
from evidence_store.services.verify import verify

from .builders import deliverer, intake_order, phone, seizure_record
from .lifecycle_builders import handover_state, item_events, read, refused, run
from .test_record_truth import _words


def _announced(db, clerk, order="14/LNK-PC02"):
    """Two phones sealed at seizure (000290/NP-PC02, 000291/NP-PC02) and a bag of papers-free clothing unsealed."""
    from evidence_store.services.commands import NewItem
    items = (phone(name="Điện thoại Samsung", seal_number="000290/NP-PC02"),
             phone(name="Điện thoại Oppo", seal_number="000291/NP-PC02"),
             NewItem("other", "Áo khoác nam", 1, "chiếc", "Màu xanh", sealed=False))
    return run(db, clerk, announce_items, ReceiveItems(
        intake_order(order), items, deliverer(), new_case=CaseInput("8/2026/CSHS", handling_agency_id=3,
                                                                    officer_id=3),
        seizure_record=seizure_record())).item_codes


def one_torn_printed(db, clerk, number, codes, seals, incident, moment, found) -> None:
    """The record ``number`` of two sealed items, the second found torn: each seal as stated, the incident and its
    report named; the incident's own record says what was found, when, and to whom it was reported (ND 142/2024
    Điều 11). ``moment``: «khi nhận vào kho»; ``found``: the incident's «Phát hiện khi»."""
    words = _words(db, clerk, printing.handover_pdf, number)
    shown = [f"{c[:2]}-{c[2:4]}-{c[4:-1]}-{c[-1]}" for c in codes]
    assert "các niêm phong nguyên vẹn" not in words
    assert (f"Tình trạng niêm phong khi giao nhận: {shown[0]}: Số {seals[0]}, nguyên vẹn; {shown[1]}: Số "
            f"{seals[1]}, có dấu hiệu bóc mở.") in words
    assert (f"Niêm phong của {shown[1]} có dấu hiệu bóc mở, rách hoặc mất {moment}: đã lập biên bản sự cố "
            f"số {incident} và báo cáo Phòng Cảnh sát hình sự") in words
    incident_words = _words(db, clerk, printing.handover_pdf, incident)
    assert f"Phát hiện khi: {found}. Báo cáo gửi: Phòng Cảnh sát hình sự" in incident_words


def test_sealed_items_are_received_only_once_their_seals_are_stated(world, clerk):
    db, w = world
    codes = _announced(db, clerk)
    err = refused(db, lambda: run(db, clerk, receive_announced, ReceiveAnnounced(codes, deliverer())))
    assert err.code == "seal_condition_required" and message(err).startswith(
        "Chưa xác nhận tình trạng niêm phong của vật chứng ")
    assert "(niêm phong số 000290/NP-PC02)" in message(err)
    # one stated, the other not: still refused, naming the one left
    err = refused(db, lambda: run(db, clerk, receive_announced, ReceiveAnnounced(
        codes, deliverer(), seal_states={codes[0]: "intact"})))
    assert "000291/NP-PC02" in message(err)
    assert refused(db, lambda: run(db, clerk, receive_announced, ReceiveAnnounced(
        codes, deliverer(), seal_states=dict.fromkeys(codes, "maybe")))).code == "unknown_seal_state"


def test_seals_stated_intact_print_intact_and_the_ledger_keeps_it(world, clerk):
    db, w = world
    codes = _announced(db, clerk)
    number = run(db, clerk, receive_announced, ReceiveAnnounced(codes, deliverer(), w.locations["bin_A111"],
                                                                seal_states=dict.fromkeys(codes[:2], "intact"))
                 ).handover_number
    words = _words(db, clerk, printing.handover_pdf, number)
    assert "Tình trạng niêm phong khi giao nhận: các niêm phong nguyên vẹn, không có dấu hiệu bóc mở." in words
    assert "sự cố" not in words
    assert [e[1]["seal_status"] for c in codes for e in item_events(db, c) if e[0] == "receive"] == [
        "intact", "intact", "none"]
    assert verify(db).ok


def test_a_broken_seal_at_receipt_opens_an_incident_and_the_record_says_so(world, clerk):
    from evidence_store.services.queries import item_by_code
    db, w = world
    codes = _announced(db, clerk)
    got = run(db, clerk, receive_announced, ReceiveAnnounced(codes, deliverer(), w.locations["bin_A111"],
                                                             seal_states={codes[0]: "intact", codes[1]: "broken"}))
    details = handover_state(db, got.handover_number)[2]
    incident = details["seal_incident"]
    assert got.extra["seal_incident"] == incident and details["broken_codes"] == [codes[1]]
    one_torn_printed(db, clerk, got.handover_number, codes, ("000290/NP-PC02", "000291/NP-PC02"), incident,
                     "khi nhận vào kho", "nhận vật chứng vào kho")
    assert [e[0] for e in item_events(db, codes[1])][-2:] == ["receive", "seal_broken"]
    broken, whole = read(db, clerk, item_by_code, codes[1]), read(db, clerk, item_by_code, codes[0])
    # no longer sealed: it waits in the receiving area for a new seal (ND 127/2017), the other is shelved
    assert broken.state == "in_storage" and not broken.sealed and not broken.location_code
    assert whole.sealed and whole.location_code
    assert verify(db).ok


def test_the_intake_wizard_path_states_each_seal_too(world, clerk):
    """receive_items (the clerk types the seal number while looking at it): the seal's condition is stated with it,
    a torn one opens the incident and cannot go on a shelf unsealed (ND 127/2017; ND 142/2024 Điều 11)."""
    from dataclasses import replace
    from evidence_store.services.intake import receive_items
    from .test_intake_papers import _intake
    db, w = world
    unstated = _intake(items=(phone(seal_state=""),))
    err = refused(db, lambda: run(db, clerk, receive_items, unstated))
    assert (err.code, err.params["field"]) == ("seal_condition_required_new", "seal_state")
    assert message(err).startswith("Chưa xác nhận tình trạng niêm phong của «Điện thoại di động Samsung Galaxy A52» "
                                   "(niêm phong số NP-0001)")
    torn = phone(name="Điện thoại Oppo", seal_number="000291/NP-PC02", seal_state="broken")
    shelved = _intake(items=(phone(), replace(torn, location_code=w.locations["bin_A111"])))
    assert refused(db, lambda: run(db, clerk, receive_items, shelved)).code == "must_seal_before_shelving_new"
    got = run(db, clerk, receive_items, _intake(items=(phone(), torn)))
    incident = handover_state(db, got.handover_number)[2]["seal_incident"]
    assert got.extra["seal_incident"] == incident
    words = _words(db, clerk, printing.handover_pdf, got.handover_number)
    shown = [f"{c[:2]}-{c[2:4]}-{c[4:-1]}-{c[-1]}" for c in got.item_codes]
    assert (f"Tình trạng niêm phong khi giao nhận: {shown[0]}: Số NP-0001, nguyên vẹn; {shown[1]}: Số 000291/NP-PC02, "
            f"có dấu hiệu bóc mở.") in words
    assert f"Niêm phong của {shown[1]} có dấu hiệu bóc mở, rách hoặc mất khi nhận vào kho: đã lập biên bản sự cố số " \
           f"{incident}" in words
    assert verify(db).ok


def test_the_incident_record_of_a_torn_seal_at_receipt_is_signed_by_who_handed_it_over(world, clerk):
    """59/2026/BB-SC named only «Người lập biên bản» (the clerk): the investigator who brought the item with its
    torn seal was there — he is on the incident record, signs it in a column of his own, and the record is not
    complete without his signature (BLTTHS Điều 133; ND 142/2024 Điều 11)."""
    from evidence_store.services.commands import SignOnScreen
    from evidence_store.services.handovers import complete_handover, handover_detail, sign_on_screen
    from evidence_store.services.persistence import utcnow
    from .test_record_parties import PNG
    db, w = world
    codes = _announced(db, clerk)
    got = run(db, clerk, receive_announced, ReceiveAnnounced(codes, deliverer(), seal_states={
        codes[0]: "intact", codes[1]: "broken"}))
    incident = handover_state(db, got.handover_number)[2]["seal_incident"]
    slots = {s.role: s for s in read(db, clerk, handover_detail, incident).signatures}
    assert slots["witness"].person_name == "Lê Văn Cường" and slots["maker"].person_name == clerk.full_name
    words = _words(db, clerk, printing.handover_pdf, incident)
    assert "Lê Văn Cường" in words and "NGƯỜI CHỨNG KIẾN" in words and "Điều tra viên" in words
    run(db, clerk, sign_on_screen, SignOnScreen(incident, slots["maker"].id, PNG))
    err = refused(db, lambda: _complete(db, clerk, complete_handover, incident, utcnow()))
    assert err.code == "unsigned_slots" and "Lê Văn Cường" in message(err)
    run(db, clerk, sign_on_screen, SignOnScreen(incident, slots["witness"].id, PNG))
    _complete(db, clerk, complete_handover, incident, utcnow())
    assert read(db, clerk, handover_detail, incident).status == "complete"
    assert verify(db).ok


def _complete(db, clerk, fn, number, ended_at):
    from evidence_store.services.context import UnitOfWork
    with UnitOfWork(db, clerk) as uow:
        return fn(uow, number, ended_at)
