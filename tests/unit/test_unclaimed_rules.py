"""Luật THADS Điều 126 as pure rules (domain.unclaimed): money goes on savings from the 15th day, property is sold from
the 3rd month, the state budget takes the savings after 5 years — each refusal giving the day; the ledger's event
reads as words."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from evidence_store.describe import describe_event
from evidence_store.domain import unclaimed
from evidence_store.domain.errors import DomainError
from evidence_store.domain.states import State
from evidence_store.error_texts import message

DUE = date(2026, 12, 7)


def _code(fn, *args, **kw):
    with pytest.raises(DomainError) as e:
        fn(*args, **kw)
    return e.value


def test_savings_from_its_day_for_money_only():
    assert "07/12/2026" in message(_code(unclaimed.check_savings, "cash_vnd", DUE, date(2026, 12, 6)))
    unclaimed.check_savings("cash_vnd", DUE, DUE)
    assert _code(unclaimed.check_savings, "phone", DUE, DUE).code == "savings_not_money"
    assert _code(unclaimed.check_savings, "cash_vnd", None, DUE).code == "savings_no_notice"


def test_sale_from_its_day_for_property_only():
    assert "07/12/2026" in message(_code(unclaimed.check_unclaimed_sale, "phone", DUE, date(2026, 12, 6)))
    unclaimed.check_unclaimed_sale("phone", DUE, DUE)
    assert _code(unclaimed.check_unclaimed_sale, "foreign_cash", DUE, DUE).code == "unclaimed_sale_money"


def test_the_budget_after_five_years_the_owner_any_time():
    unclaimed.check_savings_confiscation(State.RETURNED, DUE, date(2026, 1, 1))
    assert "07/12/2026" in message(_code(unclaimed.check_savings_confiscation, State.CONFISCATED, DUE,
                                         date(2026, 12, 6)))
    unclaimed.check_savings_confiscation(State.CONFISCATED, DUE, DUE)


def test_the_amount_is_the_recorded_total():
    assert unclaimed.recorded_total({"total_amount": "2.000.000"}) == 2_000_000
    assert unclaimed.recorded_total({"total_amount": "300 USD"}) is None
    e = _code(unclaimed.check_savings_fields, bank="B", branch="C", account="1", amount=1_000, recorded_total=2_000)
    assert e.code == "savings_amount_mismatch" and "2.000" in message(e)


def test_the_savings_event_reads_as_words():
    e = SimpleNamespace(kind="savings_deposit", data={"bank": "Ngân hàng A", "branch": "Chi nhánh B", "account": "TK-1",
                                                       "amount": 5}, document_kind=None, document_number=None,
                        handover_number="4/2026/BB-GN", corrects_seq=None, corrected_by=())
    text = describe_event(e)
    assert text.startswith("Gửi tiết kiệm") and "Ngân hàng A – Chi nhánh B" in text and "TK-1" in text
