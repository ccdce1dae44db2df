"""Days off and the rollover of a deadline (BLDS 2015 Điều 148: a period whose last day is a day off ends on the
next working day). Saturdays and Sundays are days off; the public holidays (Tết included) are a list the
administrator keeps (services.workdays), defaulted here for 2025–2027 (Bộ luật Lao động 2019 Điều 112)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable

DEFAULT_HOLIDAYS: tuple[str, ...] = (
    # 2025: Tết Dương lịch; Tết Ất Tỵ (nghỉ 25/01–02/02); Giỗ Tổ 07/4; 30/4–01/5; Quốc khánh 01–02/9
    "2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-04-07",
    "2025-04-30", "2025-05-01", "2025-09-01", "2025-09-02",
    # 2026: Tết Bính Ngọ (mùng 1 = 17/02; nghỉ 16–20/02); Giỗ Tổ 26/4 (Chủ nhật → 27/4); 30/4–01/5; 01–02/9
    "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-27",
    "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02",
    # 2027: Tết Đinh Mùi (mùng 1 = 06/02; nghỉ 05–10/02); Giỗ Tổ 16/4; 30/4–01/5 (→ 03/5); 02–03/9
    "2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-04-16", "2027-04-30",
    "2027-05-03", "2027-09-02", "2027-09-03",
)


def is_day_off(d: date, holidays: Iterable[date] = ()) -> bool:
    return d.weekday() >= 5 or d in set(holidays)


def roll_forward(d: date, holidays: Iterable[date] = ()) -> date:
    """The deadline itself, or the next working day when it falls on a weekend or a holiday (BLDS Điều 148)."""
    off = set(holidays)
    while d.weekday() >= 5 or d in off:
        d += timedelta(days=1)
    return d


def parse_days(values: Iterable[str]) -> tuple[date, ...]:
    return tuple(sorted({date.fromisoformat(v) for v in values}))
