"""Reporting periods (month, quarter, 6 months, year) and the month buckets of a period. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..i18n import N_
from .errors import ValidationError


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"  # 6 tháng
    YEAR = "year"


PERIOD_LABELS = {PeriodKind.MONTH: N_("Tháng"), PeriodKind.QUARTER: N_("Quý"), PeriodKind.HALF: N_("6 tháng"),
                 PeriodKind.YEAR: N_("Năm")}
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
MAX_DAYS = 366 * 10  # a report covers at most ten years (120 monthly buckets)


@dataclass(frozen=True)
class Period:
    first: date  # inclusive, local days
    last: date  # inclusive

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(kind: PeriodKind | str, day: date) -> Period:
    """The calendar month / quarter / half-year / year containing ``day``."""
    kind = PeriodKind(kind)
    span = _MONTHS[kind]
    first_month = (day.month - 1) // span * span + 1
    first = date(day.year, first_month, 1)
    return Period(first, add_months(first, span) - timedelta(days=1))


def previous_period(kind: PeriodKind | str, today: date) -> Period:
    """The last complete period before ``today`` (what a scheduled monthly run reports)."""
    current = period_containing(kind, today)
    return period_containing(kind, current.first - timedelta(days=1))


def checked(first: date, last: date) -> Period:
    if last < first:
        raise ValidationError("period_invalid", field="date_to")
    if (last - first).days > MAX_DAYS:
        raise ValidationError("period_too_long", field="date_to", years=MAX_DAYS // 366)
    return Period(first, last)


def months(period: Period) -> list[tuple[date, date]]:
    """(first day, day after the last) of each calendar month the period touches, clipped to it."""
    out, start = [], period.first
    while start <= period.last:
        end = min(add_months(start, 1), period.last + timedelta(days=1))
        out.append((start, end))
        start = end
    return out
