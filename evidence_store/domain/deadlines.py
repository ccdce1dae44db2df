"""Legal deadlines (LEGAL.md B.2, E). Pure date arithmetic; the services feed it the facts."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..i18n import N_
from . import chronology


class DeadlineKind(StrEnum):
    TEMPORARY_RETURN = "temporary_return"  # the due date the temporary release states (no limit in law)
    CONFISCATION_HANDOVER = "confiscation_handover"  # 10 days from QĐ THA (Luật THADS Điều 124)
    DESTRUCTION_COUNCIL = "destruction_council"  # council within 1 month of QĐ THA (Luật THADS Điều 125.1)
    DESTRUCTION = "destruction"  # destruction within 10 days of the council (ND 62/2015 Điều 33)
    RETURN_DECISION = "return_decision"  # QĐ trả lại within 5 days of the judgment (Luật THADS Điều 126)
    RETURN_NOTICE = "return_notice"  # notice within 3 days of the QĐ (Luật THADS Điều 126)
    UNCLAIMED_MONEY = "unclaimed_money"  # 15 days → savings deposit (Luật THADS Điều 126)
    UNCLAIMED_PROPERTY = "unclaimed_property"  # 3 months → sale (Luật THADS Điều 126)
    UNCLAIMED_CONFISCATION = "unclaimed_confiscation"  # 5 years → state budget (Luật THADS Điều 126)
    PAPERS_RETURN = "papers_return"  # papers after 1 year → issuing body (Luật THADS Điều 126)
    PENDING_REVIEW = "pending_review"  # ≥ 1 year without judgment (TT 01/2017 Điều 13.2)
    ENTRUSTED_CHECK = "entrusted_check"  # monthly check of entrusted items (TT 01/2017 Điều 12)
    TRANSFER_IMMEDIATELY = "transfer_immediately"  # cash, gold, weapons… to KBNN / BCHQS at once (Điều 90.1.b)


DEADLINE_LABELS = {
    DeadlineKind.TEMPORARY_RETURN: N_("Hạn trả vật chứng tạm xuất"),
    DeadlineKind.CONFISCATION_HANDOVER: N_("Hạn giao cơ quan tài chính (10 ngày)"),
    DeadlineKind.DESTRUCTION_COUNCIL: N_("Hạn thành lập Hội đồng tiêu hủy (1 tháng)"),
    DeadlineKind.DESTRUCTION: N_("Hạn tiêu hủy (10 ngày)"),
    DeadlineKind.RETURN_DECISION: N_("Hạn ra quyết định trả lại (5 ngày)"),
    DeadlineKind.RETURN_NOTICE: N_("Hạn thông báo trả lại (3 ngày)"),
    DeadlineKind.UNCLAIMED_MONEY: N_("Tiền không có người nhận (15 ngày)"),
    DeadlineKind.UNCLAIMED_PROPERTY: N_("Tài sản không có người nhận (3 tháng)"),
    DeadlineKind.UNCLAIMED_CONFISCATION: N_("Sung công sau 5 năm không nhận"),
    DeadlineKind.PAPERS_RETURN: N_("Trả giấy tờ cho cơ quan cấp (1 năm)"),
    DeadlineKind.PENDING_REVIEW: N_("Tồn đọng từ 1 năm trở lên"),
    DeadlineKind.ENTRUSTED_CHECK: N_("Kiểm tra hằng tháng vật chứng giao bảo quản"),
    DeadlineKind.TRANSFER_IMMEDIATELY: N_("Phải chuyển ngay Kho bạc / cơ quan chuyên trách (Điều 90 BLTTHS)"),
}
# Điều 90.1.b BLTTHS: money, gold, precious metals and stones, weapons and explosives, poisons go at once to the
# State Treasury or a specialised body; Điều 90.1.c: biological samples are kept at a specialised body (LEGAL-RULES
# R3, R4) — the number of days before a warning is a setting (transfer_immediately_days).
IMMEDIATE_CATEGORIES = frozenset({"cash_vnd", "foreign_cash", "gold", "military_weapon", "poison", "bio_sample"})


def add_months(d: date, months: int) -> date:
    """Calendar months, clamped to the month's last day (31/01 + 1 month = 28 or 29/02)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def add_days(d: date, days: int) -> date:
    return d + timedelta(days=days)


# kind → function(start date) → due date
RULES = {
    DeadlineKind.CONFISCATION_HANDOVER: lambda d: add_days(d, 10),
    DeadlineKind.DESTRUCTION_COUNCIL: lambda d: add_months(d, 1),
    DeadlineKind.DESTRUCTION: lambda d: add_days(d, 10),
    DeadlineKind.RETURN_DECISION: lambda d: add_days(d, 5),
    DeadlineKind.RETURN_NOTICE: lambda d: add_days(d, 3),
    DeadlineKind.UNCLAIMED_MONEY: lambda d: add_days(d, 15),
    DeadlineKind.UNCLAIMED_PROPERTY: lambda d: add_months(d, 3),
    DeadlineKind.UNCLAIMED_CONFISCATION: lambda d: add_years(d, 5),
    DeadlineKind.PAPERS_RETURN: lambda d: add_years(d, 1),
    DeadlineKind.PENDING_REVIEW: lambda d: add_years(d, 1),
    DeadlineKind.ENTRUSTED_CHECK: lambda d: add_months(d, 1),
    DeadlineKind.TRANSFER_IMMEDIATELY: lambda d: add_days(d, 1),  # default; the setting gives the days
}

WARN_DAYS = 3  # shown as "due soon" this many days before


def due_date(kind: DeadlineKind, start: date) -> date:
    return RULES[kind](start)


class Urgency(StrEnum):
    OK = "ok"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


def urgency(due: date, today: date, warn_days: int = WARN_DAYS) -> Urgency:
    if due < today:
        return Urgency.OVERDUE
    if due == today:
        return Urgency.DUE_TODAY
    if (due - today).days <= warn_days:
        return Urgency.DUE_SOON
    return Urgency.OK


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due: date
    item_id: int | None = None
    item_code: str | None = None
    case_id: int | None = None
    case_number: str | None = None
    responsible: str | None = None  # person or agency responsible
    urgency: Urgency = Urgency.OK

    @property
    def days_left(self) -> int:
        return (self.due - chronology.today()).days
