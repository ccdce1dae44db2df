"""Pure lifecycle rules: keepers, disposal authority, due dates, enforcement deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from evidence_store.domain import lifecycle_rules
from evidence_store.domain.categories import category
from evidence_store.domain.deadlines import DeadlineKind
from evidence_store.domain.errors import DomainError
from evidence_store.domain.states import State


def _code(fn, *args):
    with pytest.raises(DomainError) as exc:
        fn(*args)
    return exc.value.code


def test_keepers_match_categories():
    assert lifecycle_rules.check_keeper(category("cash_vnd"), "treasury").value == "treasury"
    assert _code(lifecycle_rules.check_keeper, category("cash_vnd"), "military") == "wrong_keeper"
    assert lifecycle_rules.check_keeper(category("military_weapon"), "military").value == "military"
    assert _code(lifecycle_rules.check_keeper, category("phone"), "treasury") == "not_depositable"


@pytest.mark.parametrize("stage, doc, agency, ok", [
    ("investigation", "disposal_decision", "police", True),
    ("investigation", "disposal_decision", "court", False),
    ("prosecution", "disposal_decision", "procuracy", True),
    ("trial", "judgment", "court", True),
    ("enforcement", "enforcement_decision", "enforcement", True),
    ("enforcement", "enforcement_decision", "police", False),
])
def test_disposal_authority_by_stage(stage, doc, agency, ok):
    if ok:
        lifecycle_rules.check_disposal_authority(stage, doc, agency)
    else:
        assert _code(lifecycle_rules.check_disposal_authority, stage, doc, agency) == "wrong_authority"


def test_due_date_not_in_the_past():
    lifecycle_rules.check_due_date(date(2026, 3, 1), date(2026, 3, 1))
    assert _code(lifecycle_rules.check_due_date, date(2026, 2, 28), date(2026, 3, 1)) == "due_date_past"


def test_enforcement_deadlines():
    d = date(2026, 3, 2)
    assert lifecycle_rules.disposal_deadlines(State.CONFISCATED, decision_on=d, enforcement=True) == [
        (DeadlineKind.CONFISCATION_HANDOVER, d)]
    assert lifecycle_rules.disposal_deadlines(State.DESTROYED, decision_on=d, enforcement=True) == [
        (DeadlineKind.DESTRUCTION_COUNCIL, d)]
    assert lifecycle_rules.disposal_deadlines(State.RETURNED, decision_on=d, return_decision_on=d, notice_on=d,
                                is_money=True, enforcement=True) == [(DeadlineKind.UNCLAIMED_MONEY, d)]
    assert lifecycle_rules.disposal_deadlines(State.RETURNED, decision_on=d, enforcement=False) == []
    assert lifecycle_rules.missing_requirements(State.DESTROYED, {"method": "đốt"}) == ["council_decision", "council_members",
                                                                           "supervisor"]
