"""Money nobody came for (Luật THADS Điều 126; LEGAL-RULES §2 «15 days: money → savings»): 15 days after the notice of
the QĐ trả lại the THADS agency puts it on a non-term savings deposit in the owner's favour — refused before that
day (the day given), for anything but cash, without the bank, its branch, the book number, the right amount or the
bank's receiving person. The item leaves the shelf on a slip into the savings state; the 15 days close at the act,
the 5 years stay open; from savings the owner can still be paid, and the budget takes it only after 5 years. Both
engines."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.error_texts import message
from evidence_store.services.commands import DecideDisposal, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.unclaimed import deposit_savings

from .lifecycle_builders import (carry_out, doc, handover_state, item_events, item_row, open_deadlines, owner, refused,
                                 run)
from .unclaimed_builders import cash, noticed_return, savings
from evidence_store.domain import chronology


def test_money_nobody_came_for_goes_on_savings_after_15_days_and_leaves_the_shelf(world, clerk):
    db, w = world
    _ch, code, ret, _notice = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=30)
    got = run(db, clerk, deposit_savings, savings(code))
    row = item_row(db, code)
    assert row["state"] == "savings" and row["location_id"] is None
    assert "Ngân hàng TMCP Ngoại thương Việt Nam" in row["holder"] and "TK-0012345" in row["holder"]
    assert "unclaimed_money" not in open_deadlines(db, code)  # closed at the act
    assert "unclaimed_confiscation" in open_deadlines(db, code)  # the 5 years stay open
    kind, data, user = item_events(db, code)[-1]
    assert (kind, data["account"], data["amount"], data["return_handover"], user) == (
        "savings_deposit", "TK-0012345", 2_000_000, ret, "thukho")
    approval, status, details = handover_state(db, ret)  # the return never happened: void, saying why
    assert status == "void" and details["unclaimed"] == got.handover_number
    _a, status, details = handover_state(db, got.handover_number)
    assert status == "open" and details["mode"] == "savings" and details["bank"].startswith("Ngân hàng")


def test_savings_refused_before_the_15th_day_with_the_day_it_becomes_possible(world, clerk):
    db, w = world
    _ch, code, _ret, notice = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=5)
    e = refused(db, lambda: run(db, clerk, deposit_savings, savings(code)))
    assert e.code == "savings_too_early"
    from evidence_store.services.workdays import due_on_working_day
    with db.session(write=False) as s:
        day = due_on_working_day(s, notice + timedelta(days=15))
    assert day.strftime("%d/%m/%Y") in message(e)
    assert item_row(db, code)["state"] == "in_storage"


def test_savings_needs_the_bank_the_book_the_amount_and_a_person_of_the_bank(world, clerk):
    from .unclaimed_builders import bank_officer
    db, w = world
    _ch, code, _ret, _n = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=30)
    for kw, expected in (({"bank": " "}, "savings_bank_required"), ({"branch": ""}, "savings_branch_required"),
                         ({"account": ""}, "savings_account_required"), ({"amount": None}, "savings_amount_required"),
                         ({"amount": 1_500_000}, "savings_amount_mismatch"),
                         ({"receiver": None}, "savings_receiver_required"),
                         ({"receiver": bank_officer(position="")}, "savings_receiver_required"),
                         ({"receiver": bank_officer(id_number="")}, "savings_receiver_required")):
        e = refused(db, lambda kw=kw: run(db, clerk, deposit_savings, savings(code, **kw)))
        assert e.code == expected, kw
        assert "savings" not in message(e) and "{" not in message(e)
    assert "1.500.000" in message(refused(db, lambda: run(db, clerk, deposit_savings, savings(code, amount=1_500_000))))


def test_only_cash_goes_on_savings(world, clerk):
    from .builders import phone
    db, w = world
    _ch, code, _ret, _n = noticed_return(db, w, clerk, phone(location_code=w.locations["bin_A112"]), notice_days_ago=30)
    e = refused(db, lambda: run(db, clerk, deposit_savings, savings(code)))
    assert e.code == "savings_not_money" and "3 tháng" in message(e)


def _from_savings(db, w, clerk, code, outcome, decision, **kw):
    number = run(db, clerk, propose_disposal, ProposeDisposal((code,), outcome, decision, **kw)).handover_number
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    return number


def test_the_owner_who_comes_later_is_paid_from_savings_without_a_slip(world, clerk):
    db, w = world
    ch, code, _ret, _n = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=30)
    run(db, clerk, deposit_savings, savings(code))
    a = w.agencies
    number = _from_savings(db, w, clerk, code, "returned", doc("return_decision", f"{ch.case_id}/QĐ-TL", a["thads"],
                                                                chronology.today() - timedelta(days=31)), recipient=owner())
    carry_out(db, clerk, number, "Trụ sở Chi cục Thi hành án dân sự")
    assert item_row(db, code)["state"] == "returned"
    assert open_deadlines(db, code) == []  # the 5 years close: the money was handled
    _a, _s, details = handover_state(db, number)
    assert details["from_savings"]["account"] == "TK-0012345"
    from evidence_store.services.slip_rule import no_physical_movement
    assert "tiết kiệm" in no_physical_movement("disposal", "open", "approved", True, details)


def test_the_budget_takes_the_savings_only_after_five_years(world, clerk):
    db, w = world
    ch, code, _ret, _n = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=30)
    run(db, clerk, deposit_savings, savings(code))
    a = w.agencies
    qd = doc("enforcement_decision", f"{ch.case_id}/QĐ-THADS", a["thads"], chronology.today() - timedelta(days=33))
    e = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "confiscated", qd, receiving_agency_id=a["khobac"])))
    assert e.code == "savings_confiscation_too_early" and "5 năm" in message(e)
    e = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "destroyed", qd)))
    assert e.code in ("savings_outcome", "outcome_not_for_category")


def test_after_five_years_the_savings_go_to_the_state_budget(world, clerk):
    db, w = world
    ch, code, _ret, _n = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=1800,
                                        effective_days_ago=1830, case_number="U-11/2021")
    from datetime import datetime
    run(db, clerk, deposit_savings, savings(code, started_at=datetime.now().replace(microsecond=0) - timedelta(
        days=1700), ended_at=datetime.now().replace(microsecond=0) - timedelta(days=1700) + timedelta(minutes=20)))
    a = w.agencies
    qd = doc("enforcement_decision", f"{ch.case_id}/QĐ-THADS", a["thads"], chronology.today() - timedelta(days=1803))
    number = _from_savings(db, w, clerk, code, "confiscated", qd, receiving_agency_id=a["khobac"])
    carry_out(db, clerk, number, "Kho bạc Nhà nước Hà Nội")
    assert item_row(db, code)["state"] == "confiscated"
    assert open_deadlines(db, code) == []


def test_the_enforcer_records_it_and_the_storekeeper_gives(world, clerk):
    from evidence_store.services.commands import PersonInput
    from .lifecycle_builders import signature_slots
    db, w = world
    _ch, code, _ret, _n = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=30)
    got = run(db, w.actor(db, "chaphanh"), deposit_savings, savings(code, keeper=PersonInput(id=w.persons["thukho"])))
    slots = dict(signature_slots(db, got.handover_number))
    assert slots["giver"] == "Nguyễn Thị Lan"  # the storekeeper gives
    assert slots["maker"] == "Bùi Thanh Sơn" and slots["receiver"] == "Lê Thị Ngân"


def test_the_item_page_offers_from_savings_only_the_payment_until_the_five_years(world, clerk):
    """What «Xử lý vật chứng» says for money on savings (services.case_authority, the item page's reasons): the
    owner may be paid; the budget waits for the 5 years (the day given); nothing else."""
    from evidence_store.services.case_authority import item_disposal_reasons
    from .lifecycle_builders import read
    db, w = world
    _ch, code, _ret, _n = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=30)
    run(db, clerk, deposit_savings, savings(code))
    reasons = read(db, w.actor(db, "chaphanh"), item_disposal_reasons, code)
    assert reasons["returned"] == ""
    assert "5 năm" in reasons["confiscated"] and "Được sung quỹ nhà nước từ ngày" in reasons["confiscated"]
    assert "chỉ được trả cho người được nhận" in reasons["destroyed"]
