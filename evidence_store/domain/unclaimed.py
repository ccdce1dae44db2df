"""What the civil judgment enforcement agency does when the owner never comes (LEGAL.md B.2 #10; LEGAL-RULES §2):
Luật THADS 2008 (sửa đổi, bổ sung 2014) Điều 126 — from 01/07/2026 Luật THADS số 106/2025/QH15, the printed bases
come from the legal-bases table by the act's date:

- money not collected within 15 days of the notice of the QĐ trả lại tiền, tài sản is put on a non-term savings
  deposit (gửi tiết kiệm không kỳ hạn) in the owner's favour, and the owner is told (``check_savings``);
- property not collected within 3 months of the notice is sold (Điều 98, 99, 101: auction) and the proceeds are put
  on such a deposit (``check_unclaimed_sale``);
- 5 years after the judgment took legal effect, what is still unclaimed goes to the state budget
  (``check_savings_confiscation``).

Pure rules: the services give the facts (the open deadline's due day, the item's category and recorded total)."""

from __future__ import annotations

from datetime import date

from .errors import TransitionRefused, ValidationError
from .money import group_digits
from .states import State

MONEY = frozenset({"cash_vnd", "foreign_cash"})  # the money Điều 126 puts on savings (the others are property)


def _day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def check_savings(category: str, due_on: date | None, today: date) -> None:
    """Money only, and only once its 15 days from the notice have run (the UNCLAIMED_MONEY deadline's due day, rolled
    to a working day: BLDS Điều 148). No open deadline: no notice is recorded, or the money was handled already."""
    if category not in MONEY:
        raise TransitionRefused("savings_not_money", category=category)
    if due_on is None:
        raise TransitionRefused("savings_no_notice")
    if today < due_on:
        raise TransitionRefused("savings_too_early", date=_day(due_on))


def check_savings_fields(*, bank: str, branch: str, account: str, amount: int | None,
                         recorded_total: int | None) -> None:
    """The deposit is identified by its bank, branch and savings book / account number, for the item's amount: the
    total of its denominations when the item records it (the money handed over is the money received)."""
    for field, value in (("bank", bank), ("branch", branch), ("account", account)):
        if not (value or "").strip():
            raise ValidationError(f"savings_{field}_required", field=field)
    if amount is None or amount <= 0:
        raise ValidationError("savings_amount_required", field="amount")
    if recorded_total is not None and amount != recorded_total:
        raise ValidationError("savings_amount_mismatch", field="amount", amount=group_digits(amount),
                              total=group_digits(recorded_total))


def check_unclaimed_sale(category: str, due_on: date | None, today: date) -> None:
    """Property (not money) is sold once its 3 months from the notice have run (UNCLAIMED_PROPERTY's due day)."""
    if category in MONEY:
        raise TransitionRefused("unclaimed_sale_money", category=category)
    if due_on is None:
        raise TransitionRefused("unclaimed_sale_no_notice")
    if today < due_on:
        raise TransitionRefused("unclaimed_sale_too_early", date=_day(due_on))


def check_savings_confiscation(outcome: State, due_on: date | None, today: date) -> None:
    """From the savings deposit the state budget takes the money only once 5 years have passed since the judgment
    took legal effect (UNCLAIMED_CONFISCATION's due day); the owner may be paid at any time before."""
    if outcome is not State.CONFISCATED:
        return
    if due_on is None:
        raise TransitionRefused("savings_confiscation_no_effect")
    if today < due_on:
        raise TransitionRefused("savings_confiscation_too_early", date=_day(due_on))


def recorded_total(attributes: dict) -> int | None:
    """The item's denominations total as recorded at intake (``total_amount``), or None when not recorded."""
    raw = str(attributes.get("total_amount") or "").replace(".", "").replace(",", "").replace(" ", "").strip()
    return int(raw) if raw.isdigit() else None
