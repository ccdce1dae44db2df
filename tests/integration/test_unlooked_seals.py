"""No seal printed «nguyên vẹn» that nobody looked at (issue #12; ND 127/2017; ND 142/2024 Điều 11): the savings
deposit of unclaimed money (Luật THADS Điều 126) states the seal as the storekeeper hands the money to the bank — a
torn one opens an incident the record names — and a disposal decided but not carried out prints the register's seal
number, the seal being stated when the items are handed over. Both engines."""

from __future__ import annotations

from evidence_store.db.models import Agency
from evidence_store.error_texts import message
from evidence_store.services import printing
from evidence_store.services.commands import DecideDisposal, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.handovers import handover_detail
from evidence_store.services.unclaimed import deposit_savings
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import (carry_out, doc, handover_state, item_events, item_row, owner, read, refused, run,
                                 seals_checked)
from .test_record_truth import _words
from .unclaimed_builders import cash, noticed_return, savings

SHELF = "ghi theo sổ kho, vật chứng không rời vị trí"


def _noticed(db, w, clerk):
    return noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=30)[1]


def test_the_money_goes_to_the_bank_only_once_its_seal_is_stated(world, clerk):
    db, w = world
    code = _noticed(db, w, clerk)
    err = refused(db, lambda: run(db, clerk, deposit_savings, savings(code, seal_states={})))
    assert err.code == "seal_condition_required" and "(niêm phong số NP-77)" in message(err)
    assert item_row(db, code)["state"] == "in_storage"  # nothing recorded
    got = run(db, clerk, deposit_savings, savings(code, seal_states=seals_checked((code,))))
    words = _words(db, clerk, printing.handover_pdf, got.handover_number)
    assert "Số NP-77, nguyên vẹn" in words
    assert "Tình trạng niêm phong khi giao nhận: các niêm phong nguyên vẹn, không có dấu hiệu bóc mở." in words
    assert "sự cố" not in words
    assert verify(db).ok


def test_a_seal_found_torn_as_the_money_leaves_opens_an_incident_the_record_names(world, clerk):
    db, w = world
    code = _noticed(db, w, clerk)
    got = run(db, clerk, deposit_savings, savings(code, seal_states={code: "broken"}))
    details = handover_state(db, got.handover_number)[2]
    incident = details["seal_incident"]
    with db.session(write=False) as s:
        thads = s.get(Agency, w.agencies["thads"]).name
    words = _words(db, clerk, printing.handover_pdf, got.handover_number)
    shown = f"{code[:2]}-{code[2:4]}-{code[4:-1]}-{code[-1]}"
    assert "Số NP-77, có dấu hiệu bóc mở" in words and "nguyên vẹn" not in words
    assert (f"Niêm phong của {shown} có dấu hiệu bóc mở, rách hoặc mất khi giao tiền gửi tiết kiệm: đã lập biên bản "
            f"sự cố số {incident} và báo cáo {thads}.") in words
    # the bank's receiving person, who takes the money, witnesses the finding and signs (BLTTHS Điều 133)
    assert {(s.role, s.person_name) for s in read(db, clerk, handover_detail, incident).signatures} == {
        ("maker", clerk.full_name), ("witness", "Lê Thị Ngân")}
    assert [e[0] for e in item_events(db, code)][-2:] == ["seal_broken", "savings_deposit"]
    assert item_row(db, code)["state"] == "savings"
    assert verify(db).ok


def test_a_disposal_decided_prints_the_register_seal_until_the_act_states_it(world, clerk):
    """A proposal, then its approval, move nothing and nobody looks at a seal: the item table said «nguyên vẹn»."""
    db, w = world
    code = receive(db, clerk, [phone(seal_number="NP-0301", location_code=w.locations["bin_A112"])]).item_codes[0]
    number = run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "returned", doc("disposal_decision", "62/QĐ-CSHS", w.agencies["pc02"]),
        recipient=owner())).handover_number
    draft = _words(db, clerk, printing.handover_pdf, number)
    assert f"Số NP-0301, {SHELF}" in draft and "nguyên vẹn" not in draft
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    approved = _words(db, clerk, printing.handover_pdf, number)
    assert f"Số NP-0301, {SHELF}" in approved and "nguyên vẹn" not in approved
    carry_out(db, clerk, number, "Trụ sở Phòng CSHS", seals=seals_checked((code,)))
    done = _words(db, clerk, printing.handover_pdf, number)
    assert "Số NP-0301, nguyên vẹn" in done and SHELF not in done
    assert [ln.seal_state for ln in read(db, clerk, handover_detail, number).lines] == ["intact"]
    assert verify(db).ok
