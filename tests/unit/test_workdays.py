"""Deadlines ending on a day off roll to the next working day (BLDS Điều 148), Tết included."""

from __future__ import annotations

from datetime import date

from evidence_store.domain import workdays as workday_rules
from evidence_store.domain.deadlines import DeadlineKind, due_date


def test_weekends_and_tet_roll_forward():
    holidays = workday_rules.parse_days(workday_rules.DEFAULT_HOLIDAYS)
    assert workday_rules.roll_forward(date(2026, 12, 5), holidays) == date(2026, 12, 7)  # Saturday → Monday
    assert workday_rules.roll_forward(date(2026, 2, 17), holidays) == date(2026, 2, 23)  # mùng 1 Tết Bính Ngọ → after the break
    assert workday_rules.roll_forward(date(2026, 12, 8), holidays) == date(2026, 12, 8)  # a working day stays
    # a return notice of 3 days from Wednesday 14/02/2026 would end in Tết: it ends on Monday 23/02
    assert workday_rules.roll_forward(due_date(DeadlineKind.RETURN_NOTICE, date(2026, 2, 13)), holidays) == date(2026, 2, 23)
    assert workday_rules.is_day_off(date(2025, 9, 2), holidays) and not workday_rules.is_day_off(date(2025, 9, 3), holidays)
