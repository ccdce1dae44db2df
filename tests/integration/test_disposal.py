"""Disposal in two steps, its authority, its methods and its approver."""

from __future__ import annotations

import pytest

from evidence_store.domain.errors import DomainError
from evidence_store.services.commands import NewItem
from evidence_store.services.commands import DecideDisposal, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal, reject_disposal
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import (carry_out, dismissed, doc, item_row, open_deadlines, owner, refused_code, rep,
                                 run, to_enforcement)

CASH = NewItem("cash_vnd", "Tiền Việt Nam", 5_000_000, "đồng", "500.000 đ × 10 tờ", sealed=True, seal_state="intact", seal_number="NP-5")



def _police_decision(w, number="40/QĐ-CSHS"):
    return doc("disposal_decision", number, w.agencies["pc02"])


def test_cash_cannot_be_destroyed(world, clerk):
    db, w = world
    code = receive(db, clerk, [CASH]).item_codes[0]
    cmd = ProposeDisposal((code,), "destroyed", _police_decision(w), council_decision=doc(
        "council_decision", "1/QĐ-HĐTH", w.agencies["pc02"]), council_members=("A",), supervisor="B", method="Đốt")
    assert refused_code(db, lambda: run(db, clerk, propose_disposal, cmd)) == "outcome_not_for_category"


def test_decision_from_the_wrong_authority_isrefused_code(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    court = doc("disposal_decision", "3/QĐ-TA", w.agencies["ta"])  # case still at investigation (Điều 106.1)
    cmd = ProposeDisposal((code,), "returned", court, recipient=owner())
    assert refused_code(db, lambda: run(db, clerk, propose_disposal, cmd)) == "issuer_not_competent"
    wrong_kind = ProposeDisposal((code,), "returned", doc("release_order", "9/LXK", w.agencies["pc02"]),
                                 recipient=owner())
    assert refused_code(db, lambda: run(db, clerk, propose_disposal, wrong_kind)) == "wrong_basis"


def test_destruction_needs_its_council_record(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone()])
    code = ch.item_codes[0]
    dismissed(db, w, ch.case_id)  # Điều 106.1.a: the CQĐT that dropped the case may order destruction
    cmd = ProposeDisposal((code,), "destroyed", _police_decision(w), method="Đập vỡ")
    assert refused_code(db, lambda: run(db, clerk, propose_disposal, cmd)) == "disposal_details_missing"


def test_approval_by_the_proposer_is_refused_then_commander_approves(world, clerk):
    db, w = world
    boss = w.actor(db, "lanhdao")
    intake = receive(db, clerk, [CASH])
    code = intake.item_codes[0]
    dismissed(db, w, intake.case_id)
    ch = run(db, boss, propose_disposal, ProposeDisposal((code,), "confiscated", _police_decision(w),
                                                          receiving_agency_id=w.agencies["khobac"]))
    assert refused_code(db, lambda: run(db, boss, approve_disposal, DecideDisposal(ch.handover_number))) == "same_approver"
    assert item_row(db, code)["state"] == "in_storage"
    with pytest.raises(DomainError) as exc:  # the clerk is no commander
        run(db, clerk, approve_disposal, DecideDisposal(ch.handover_number))
    assert exc.value.code == "permission_denied"


def test_acting_on_a_disposed_item_isrefused_code(world, clerk):
    db, w = world
    boss = w.actor(db, "lanhdao")
    code = receive(db, clerk, [phone()]).item_codes[0]
    ch = run(db, clerk, propose_disposal, ProposeDisposal((code,), "returned", _police_decision(w), recipient=owner()))
    run(db, boss, approve_disposal, DecideDisposal(ch.handover_number))
    assert item_row(db, code)["state"] == "in_storage"  # approved, not carried out: still on its shelf
    again = ProposeDisposal((code,), "confiscated", _police_decision(w, "40/QĐ-CSHS"),
                            receiving_agency_id=w.agencies["taichinh"])
    assert refused_code(db, lambda: run(db, clerk, propose_disposal, again)) == "disposal_awaiting_carry_out"
    carry_out(db, clerk, ch.handover_number)
    again = ProposeDisposal((code,), "confiscated", _police_decision(w, "41/QĐ-CSHS"),
                            receiving_agency_id=w.agencies["taichinh"])
    assert refused_code(db, lambda: run(db, clerk, propose_disposal, again)) == "item_disposed"
    assert refused_code(db, lambda: run(db, boss, approve_disposal, DecideDisposal(ch.handover_number))) == \
        "not_pending_approval"
    assert verify(db).ok


def test_enforcement_confiscation_opens_ten_day_deadline_and_reject_closes_it(world, clerk):
    db, w = world
    from evidence_store.services.commands import TransferResponsibility
    from evidence_store.services.transfer import transfer_responsibility
    intake = receive(db, clerk, [CASH])
    code = intake.item_codes[0]
    qd_tha = to_enforcement(db, w, intake.case_id)
    out = run(db, clerk, transfer_responsibility, TransferResponsibility(
        qd_tha, w.agencies["thads"], codes=(code,), receiver=rep(w.agencies["thads"])))
    from evidence_store.services.acceptance import accept_handover
    run(db, w.actor(db, "chaphanh"), accept_handover, out.handover_number)
    ch = run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "confiscated", qd_tha, receiving_agency_id=w.agencies["khobac"]))  # cash: through KBNN
    assert open_deadlines(db, code) == ["confiscation_handover", "transfer_immediately"]  # cash still here
    pending = ProposeDisposal((code,), "returned", doc("enforcement_decision", "32/QĐ-THADS", w.agencies["thads"]),
                              recipient=owner())
    assert refused_code(db, lambda: run(db, clerk, propose_disposal, pending)) == "disposal_pending"
    run(db, w.actor(db, "lanhdao"), reject_disposal, DecideDisposal(ch.handover_number, "Thiếu quyết định"))
    assert open_deadlines(db, code) == ["transfer_immediately"]  # Điều 90.1.b still applies
    assert item_row(db, code)["state"] == "in_storage"
    assert verify(db).ok


def test_batch_sale_of_perishables_records_proceeds(world, clerk):
    db, w = world
    meat = NewItem("perishable", "Thịt lợn đông lạnh", 500, "kg", location_code=w.locations["cold"])
    codes = receive(db, clerk, [meat, meat]).item_codes
    ch = run(db, clerk, propose_disposal, ProposeDisposal(
        codes, "sold", doc("sale_decision", "5/QĐ-BVC", w.agencies["pc02"]), proceeds=12_000_000,
        holding_account="3949.0.1055000"))
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(ch.handover_number))
    assert {item_row(db, c)["state"] for c in codes} == {"in_storage"}
    carry_out(db, clerk, ch.handover_number)
    assert {item_row(db, c)["state"] for c in codes} == {"sold"}
    assert verify(db).ok
