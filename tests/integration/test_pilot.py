"""NQ 164/2024/QH15 pilot measures (LEGAL-RULES R36) through the services, on both engines: each measure's effect on
the item and the ledger, the record printed with the pilot's texts, and the refusals with the rule named."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from evidence_store.error_texts import message
from evidence_store.services import milestones, pilot
from evidence_store.services.commands import (DecideDisposal, DepositItems, EntrustItems, NewItem, PersonInput,
                                              ProposeDisposal)
from evidence_store.services.context import UnitOfWork
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.printing import handover_record
from evidence_store.services.verify import verify

from .builders import receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import (JUDGED, approved_deposit, approved_entrust, carry_out, doc, item_row, judged, milestone, owner, read, refused, rep, run)

CAR = NewItem("car", "Ô tô Toyota Camry BKS 30G-555.55", 1, "chiếc", attributes={"plate": "30G-555.55"},
              owner_name="Nguyễn Văn Nam", owner_id_number="001090012345")
CASH = NewItem("cash_vnd", "Tiền Việt Nam thu giữ", 200_000_000, "đồng", sealed=True, seal_state="intact", seal_number="NP-164")
VICTIM = PersonInput(full_name="Lê Thị Bị Hại", id_number="001195001234", address="Phường Láng, Hà Nội")


def _case(db, clerk, items, number, *, flagged=True):
    ch = receive(db, clerk, items, case_number=number)
    if flagged:
        with UnitOfWork(db) as uow:
            milestones.set_pilot(uow, ch.case_id, True, "Thông báo số 12/TB-BCĐTW")
    return ch.case_id, ch.item_codes


def _events(db, code):
    with db.reader.connect() as c:
        return [tuple(r) for r in c.execute(text(
            "SELECT e.kind, d.kind FROM custody_events e JOIN items i ON i.id = e.item_id "
            "LEFT JOIN documents d ON d.id = e.document_id WHERE i.code = :c ORDER BY e.seq"), {"c": code})]


def _pilot_doc(w, number, agency="pc02", issued_on=None):
    return doc("pilot_decision", number, w.agencies[agency], **({"issued_on": issued_on} if issued_on else {}))


def _dispose(db, w, clerk, cmd):
    ch = run(db, clerk, propose_disposal, cmd)
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(ch.handover_number))
    carry_out(db, clerk, ch.handover_number, place="Kho vật chứng")
    return ch.handover_number


def _bases(db, clerk, number) -> str:
    record = read(db, clerk, handover_record, number)
    return " ".join(record.legal_bases) + " " + " ".join(record.facts)


def test_refund_to_the_victim_leaves_the_warehouse(world, clerk):
    db, w = world
    _case_id, (code,) = _case(db, clerk, [CASH], "NQ164-1")
    number = _dispose(db, w, clerk, ProposeDisposal((code,), "returned", _pilot_doc(w, "1/QĐ-ADBP"),
                                                    recipient=VICTIM, pilot_measure="refund"))
    row = item_row(db, code)
    assert row["state"] == "returned" and row["holder"] == "Lê Thị Bị Hại" and row["location_id"] is None
    assert ("dispose", "pilot_decision") in _events(db, code)
    printed = _bases(db, clerk, number)
    assert "Nghị quyết số 164/2024/QH15" in printed and "Thông tư liên tịch số 01/2025/TTLT-VKSNDTC-BCA-TANDTC-BQP" in printed
    assert "Trả lại tiền cho bị hại: Lê Thị Bị Hại" in printed and "Thông báo số 12/TB-BCĐTW" in printed
    assert verify(db).ok


def test_guarantee_returns_the_item_to_its_owner_after_payment(world, clerk):
    db, w = world
    _case_id, (code,) = _case(db, clerk, [CAR], "NQ164-2")
    cmd = ProposeDisposal((code,), "returned", _pilot_doc(w, "2/QĐ-ADBP"), recipient=owner(), pilot_measure="guarantee")
    err = refused(db, lambda: run(db, clerk, propose_disposal, cmd))
    assert err.code == "pilot_guarantee_amount_required"
    from dataclasses import replace
    number = _dispose(db, w, clerk, replace(cmd, guarantee_amount=850_000_000, holding_account="3949.0.1234567",
                                            guarantee_receipt="GNT 15/2025"))
    row = item_row(db, code)
    assert row["state"] == "returned" and row["holder"] == "Nguyễn Văn Nam"
    printed = _bases(db, clerk, number)
    assert "850.000.000 đồng" in printed and "3949.0.1234567" in printed and "Nghị quyết số 164/2024/QH15" in printed
    assert verify(db).ok


def test_pilot_sale_of_a_car_on_the_pilot_decision(world, clerk):
    db, w = world
    _case_id, (code,) = _case(db, clerk, [CAR], "NQ164-3")
    number = _dispose(db, w, clerk, ProposeDisposal((code,), "sold", _pilot_doc(w, "3/QĐ-ADBP"), proceeds=9e8,
                                                    holding_account="3949.0.1234567",
                                                    buyer="Công ty đấu giá hợp danh Hà Nội"))
    assert item_row(db, code)["state"] == "sold"
    printed = _bases(db, clerk, number)  # HANDS-ON 47: the buyer, the price and the holding account are on paper
    assert "Bán cho: Công ty đấu giá hợp danh Hà Nội" in printed, printed
    assert "giá bán: 900.000.000 đồng" in printed and "tài khoản tạm giữ số 3949.0.1234567" in printed, printed
    assert verify(db).ok


def test_money_deposited_into_the_holding_account(world, clerk):
    db, w = world
    _case_id, (code,) = _case(db, clerk, [CASH], "NQ164-4")
    ch = run(db, clerk, approved_deposit, DepositItems((code,), w.agencies["khobac"], _pilot_doc(w, "4/QĐ-ADBP"),
                                                    receiver=rep(w.agencies["khobac"]), account="3949.0.1234567", seal_states=seals_checked((code,))))
    row = item_row(db, code)
    assert row["state"] == "deposited" and row["location_id"] is None
    assert ("deposit", "pilot_decision") in _events(db, code)
    assert "Nghị quyết số 164/2024/QH15" in _bases(db, clerk, ch.handover_number)
    assert verify(db).ok


def test_handed_over_for_use_leaves_the_warehouse_and_stays_evidence(world, clerk):
    db, w = world
    case_id, (code,) = _case(db, clerk, [CAR], "NQ164-5")
    ch = run(db, clerk, approved_entrust, EntrustItems((code,), owner(), "agency", _pilot_doc(w, "5/QĐ-ADBP"),
                                                    address="Trụ sở Công ty X, Hà Nội"))
    row = item_row(db, code)
    assert row["state"] == "entrusted" and row["location_id"] is None and "NQ 164/2024/QH15" in row["holder"]
    with db.reader.connect() as c:  # still the case's evidence
        assert c.execute(text("SELECT case_id FROM items WHERE code = :c"), {"c": code}).scalar() == case_id
    assert "vẫn là vật chứng của vụ án" in _bases(db, clerk, ch.handover_number)
    assert verify(db).ok


def test_suspended_transactions_stay_with_a_visible_restriction(world, clerk):
    db, w = world
    _case_id, (code,) = _case(db, clerk, [CAR], "NQ164-6")
    before = dict(item_row(db, code))
    run(db, clerk, pilot.suspend_transactions, pilot.SuspendTransactions(
        (code,), _pilot_doc(w, "6/QĐ-ADBP"), registry="Phòng Cảnh sát giao thông Công an TP Hà Nội"))
    assert dict(item_row(db, code)) == before and before["state"] == "in_storage"  # the item does not move
    assert _events(db, code)[-1] == ("pilot_suspend", "pilot_decision")
    with UnitOfWork(db, clerk, write=False) as uow:
        restriction = pilot.active_restriction(uow.session, uow.session.execute(
            text("SELECT id FROM items WHERE code = :c"), {"c": code}).scalar())
        opts = {o.measure: o.refusal for o in pilot.options(uow, code)}
    assert restriction["registry"] == "Phòng Cảnh sát giao thông Công an TP Hà Nội"
    assert opts["suspend"].code == "pilot_already_suspended" and opts["sale"] is None
    run(db, clerk, pilot.lift_suspension, pilot.LiftSuspension((code,), _pilot_doc(w, "7/QĐ-HBBP")))
    with UnitOfWork(db, clerk, write=False) as uow:
        assert pilot.options(uow, code)[-1].refusal is None
    assert verify(db).ok


# ---- refusals: each names NQ 164/2024/QH15 ---------------------------------------------------------------

def test_refused_when_the_case_is_not_flagged(world, clerk):
    db, w = world
    _case_id, (cash, car) = _case(db, clerk, [CASH, CAR], "NQ164-R1", flagged=False)
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        (cash,), "returned", _pilot_doc(w, "R1/1"), recipient=VICTIM, pilot_measure="refund")))
    assert err.code == "pilot_case_not_flagged" and "Nghị quyết số 164/2024/QH15" in message(err)
    for fn, cmd in ((approved_deposit, DepositItems((cash,), w.agencies["khobac"], _pilot_doc(w, "R1/2"),
                                                 receiver=rep(w.agencies["khobac"]), seal_states=seals_checked((cash,)))),
                    (approved_entrust, EntrustItems((car,), owner(), "owner", _pilot_doc(w, "R1/3"))),
                    (pilot.suspend_transactions, pilot.SuspendTransactions((car,), _pilot_doc(w, "R1/4"), "CSGT"))):
        err = refused(db, lambda: run(db, clerk, fn, cmd))
        assert err.code == "pilot_case_not_flagged", (fn, err.code)
    assert item_row(db, car)["state"] == "in_storage"


def test_refused_from_a_body_not_handling_the_case(world, clerk):
    """At investigation the court's decision is refused (the competence table's pilot row)."""
    db, w = world
    _case_id, (car,) = _case(db, clerk, [CAR], "NQ164-R2")
    err = refused(db, lambda: run(db, clerk, pilot.suspend_transactions, pilot.SuspendTransactions(
        (car,), _pilot_doc(w, "R2/1", agency="ta"), "CSGT")))
    assert err.code == "issuer_not_competent" and "NQ 164/2024/QH15" in message(err)


def test_refused_after_the_judgment_took_effect(world, clerk):
    """A decision taken at trial, used after the judgment took effect: the pilot is over (THADS enforces)."""
    db, w = world
    case_id, (car,) = _case(db, clerk, [CAR], "NQ164-R3")
    a = w.agencies
    for kind, dk, number, ag in (("opening", "case_opening", "R3/KT", "pc02"),
                                 ("investigation_conclusion", "investigation_conclusion", "R3/KL", "pc02"),
                                 ("indictment", "indictment", "R3/CT", "vks")):
        milestone(db, case_id, kind, dk, number, a[ag], JUDGED)
    decision = _pilot_doc(w, "R3/QĐ", agency="ta")
    judged(db, case_id, "R3/HS-ST", a["ta"])
    err = refused(db, lambda: run(db, clerk, pilot.suspend_transactions, pilot.SuspendTransactions(
        (car,), decision, "CSGT")))
    assert err.code == "pilot_not_during_proceedings", err.code
    assert "trước khi bản án có hiệu lực" in message(err) and "Nghị quyết số 164/2024/QH15" in message(err)


def test_refused_before_the_resolution_took_effect(world, clerk):
    db, w = world
    _case_id, (car,) = _case(db, clerk, [CAR], "NQ164-R4")
    err = refused(db, lambda: run(db, clerk, pilot.suspend_transactions, pilot.SuspendTransactions(
        (car,), _pilot_doc(w, "R4/1", issued_on=date(2024, 12, 20)), "CSGT")))
    assert err.code == "pilot_before_effect", err.code
    assert message(err).startswith("Quyết định ngày 20/12/2024 có trước ngày 01/01/2025")


def test_the_demo_flags_a_pilot_case_and_applies_its_measures(world):
    """The demo generator goes through the same services: one case flagged, a vehicle's transactions suspended and
    cash paid into the holding account (seed and size chosen so that a case offers both), and it verifies."""
    from evidence_store.demo.generate import generate
    db, w = world
    generate(db, items=60, seed=3, today=date(2026, 11, 1), world=w)
    with db.reader.connect() as c:
        flagged = c.execute(text("SELECT id, pilot_reference FROM cases WHERE pilot_regime")).all()
        kinds = sorted(r[0] for r in c.execute(text(
            "SELECT e.kind FROM custody_events e JOIN documents d ON d.id = e.document_id "
            "WHERE d.kind = 'pilot_decision'")))
    assert len(flagged) == 1 and "BCĐTW" in flagged[0][1]
    assert kinds == ["deposit", "pilot_suspend", "removal_prepared"]  # the deposit prepared, then approved (R22)
    assert verify(db).ok
