"""The seals checked when a disposal is carried out (issue #12; ND 127/2017; ND 142/2024 Điều 11): the storekeeper
states each sealed item's seal as it leaves — whole with the right number, or torn / missing — the record prints what
was stated (never «nguyên vẹn» by default), and a torn one opens an incident reported to the responsible agency,
named on the record. Both engines."""

from __future__ import annotations

from evidence_store.error_texts import message
from evidence_store.services import printing
from evidence_store.services.commands import DecideDisposal, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.handovers import handover_detail
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import (carry_out, doc, handover_state, item_events, item_row, owner, read, refused, run,
                                 thads_council, to_enforcement)
from .test_receipt_seals import one_torn_printed
from .test_record_truth import _words


def _approved_return(db, w, clerk):
    """Two sealed phones (NP-0101, NP-0102) to be returned to their owner, approved, waiting for the act."""
    codes = receive(db, clerk, [phone(seal_number="NP-0101", location_code=w.locations["bin_A112"]),
                                phone(name="Điện thoại Oppo A5", seal_number="NP-0102",
                                      location_code=w.locations["bin_A112"])]).item_codes
    ch = run(db, clerk, propose_disposal, ProposeDisposal(
        tuple(codes), "returned", doc("disposal_decision", "61/QĐ-CSHS", w.agencies["pc02"]), recipient=owner()))
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(ch.handover_number))
    return codes, ch.handover_number


def _shown(code: str) -> str:
    return f"{code[:2]}-{code[2:4]}-{code[4:-1]}-{code[-1]}"


def test_a_sealed_item_leaves_only_once_its_seal_is_stated(world, clerk):
    db, w = world
    codes, number = _approved_return(db, w, clerk)
    err = refused(db, lambda: carry_out(db, clerk, number, "Trụ sở Phòng CSHS", seals={}))
    assert err.code == "seal_condition_required" and "(niêm phong số NP-0101)" in message(err)
    err = refused(db, lambda: carry_out(db, clerk, number, "Trụ sở Phòng CSHS", seals={codes[0]: "intact"}))
    assert "(niêm phong số NP-0102)" in message(err)  # the one left unstated is named
    assert refused(db, lambda: carry_out(db, clerk, number, "Trụ sở Phòng CSHS", seals=dict.fromkeys(
        codes, "maybe"))).code == "unknown_seal_state"
    # nothing recorded: still on the shelf, the record still a draft waiting for its act
    assert [item_row(db, c)["state"] for c in codes] == ["in_storage", "in_storage"]
    assert read(db, clerk, handover_detail, number).status == "draft"
    carry_out(db, clerk, number, "Trụ sở Phòng CSHS", seals=dict.fromkeys(codes, "intact"))
    words = _words(db, clerk, printing.handover_pdf, number)
    assert "Tình trạng niêm phong khi giao nhận: các niêm phong nguyên vẹn, không có dấu hiệu bóc mở." in words
    assert "sự cố" not in words
    assert [e[1]["seal_status"] for c in codes for e in item_events(db, c) if e[0] == "dispose"] == [
        "intact", "intact"]
    assert verify(db).ok


def test_a_seal_found_torn_at_the_act_opens_an_incident_and_the_record_says_so(world, clerk):
    db, w = world
    codes, number = _approved_return(db, w, clerk)
    carry_out(db, clerk, number, "Trụ sở Phòng CSHS", seals={codes[0]: "intact", codes[1]: "broken"})
    details = handover_state(db, number)[2]
    incident = details["seal_incident"]
    assert details["broken_codes"] == [codes[1]]
    one_torn_printed(db, clerk, number, codes, ("NP-0101", "NP-0102"), incident, "khi giao để xử lý",
                     "giao vật chứng để xử lý")
    # the owner who takes the phones saw it: he signs the incident record with the clerk who makes it (Điều 133)
    assert {(s.role, s.person_name) for s in read(db, clerk, handover_detail, incident).signatures} == {
        ("maker", clerk.full_name), ("witness", "Nguyễn Văn Nam")}
    assert [e[0] for e in item_events(db, codes[1])][-2:] == ["seal_broken", "dispose"]
    assert [e[1]["seal_status"] for c in codes for e in item_events(db, c) if e[0] == "dispose"] == [
        "intact", "broken"]
    assert item_row(db, codes[1])["state"] == "returned"
    assert verify(db).ok


def test_the_thads_destruction_record_prints_the_seal_as_stated(world, clerk):
    """The BB-TH of a THADS council (Luật THADS Điều 125) said «nguyên vẹn» though nobody looked."""
    from evidence_store.services.commands import NewItem
    db, w = world
    got = receive(db, clerk, [NewItem("weapon", "Dao bầu cán gỗ", 1, "chiếc", sealed=True, seal_state="intact",
                                      seal_number="NP-77", location_code=w.locations["bin_A111"])],
                  case_number="E-77/2026")
    qd = to_enforcement(db, w, got.case_id)
    ch = run(db, clerk, propose_disposal, ProposeDisposal(got.item_codes, "destroyed", qd,
                                                          **thads_council(w, "E77/QĐ-HĐTH")))
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(ch.handover_number))
    code = got.item_codes[0]
    carry_out(db, clerk, ch.handover_number, "Lò đốt rác thải Nam Sơn", seals={code: "broken"})
    incident = handover_state(db, ch.handover_number)[2]["seal_incident"]
    words = _words(db, clerk, printing.destruction_pdf, ch.handover_number)
    assert "các niêm phong nguyên vẹn" not in words and "Số NP-77, có dấu hiệu bóc mở" in words
    assert f"đã lập biên bản sự cố số {incident}" in words
    witnesses = [s.person_name for s in read(db, clerk, handover_detail, incident).signatures if s.role == "witness"]
    assert witnesses == ["Bùi Thanh Sơn"]  # the council's chair saw the torn seal and signs the incident record
