"""Vietnamese display formatting for the tables and views (dates, times in the warehouse's zone and numbers come
from evidence_store.formatting, the one policy shared with the CLI and paper)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtGui import QColor

from evidence_store import formatting
from evidence_store.domain.codes import parse_code
from evidence_store.domain.errors import InvalidCode
from evidence_store.i18n import N_, _

# Deadline urgency (evidence_store.domain.deadlines.Urgency) → background colour
URGENCY_COLORS = {"overdue": QColor("#f8d0d0"), "due_today": QColor("#fbe0c0"), "due_soon": QColor("#fff2b8"),
                  "ok": None}
URGENCY_LABELS = {"overdue": N_("Quá hạn"), "due_today": N_("Đến hạn hôm nay"), "due_soon": N_("Sắp đến hạn"),
                  "ok": N_("Còn hạn")}


def local(moment: datetime | None) -> datetime | None:
    """Stored times are naive UTC; show them in the warehouse's zone (one policy: evidence_store.formatting)."""
    return formatting.in_zone(moment)


date_text = formatting.date_text
datetime_text = formatting.datetime_text


def number_text(value: float | int | Decimal | None) -> str:
    """1250000 → '1.250.000'; 2.5 → '2,5' (Vietnamese usage; evidence_store.formatting.number)."""
    return formatting.number(value)


def quantity_text(quantity: float | None, unit: str = "") -> str:
    return f"{number_text(quantity)} {unit}".strip()


def code_text(code: str) -> str:
    """Compact code → the printed form with dashes ('VC-26-000123-K')."""
    try:
        return parse_code(code).display
    except InvalidCode:
        return code


def place_text(name: str, code: str) -> str:
    """A location as clerks think of it, with its code for the label: 'Ô A2-3-01 (VT-01-000021-4)' (HANDS-ON 31)."""
    if not code:
        return name or ""
    return f"{name} ({code_text(code)})" if name else code_text(code)


def seal_text(sealed: bool, seal_number: str = "") -> str:
    if not sealed:
        return _("Chưa niêm phong")
    return _("Niêm phong {seal}", seal=seal_number) if seal_number else _("Đã niêm phong")


from evidence_store.describe import STAGE_LABELS, context_label, stage_label  # noqa: E402,F401  (one table, shared)  # noqa: F401 (re-exported)


def vn_sorted(entries, key=lambda e: e):
    """Vietnamese alphabetical order (a ă â … d đ … o ô ơ …) for pick-lists: "Đồ vật" after "Dao",
    "Ô tô" after "Ong" — not after Z as byte order puts them (HANDS-ON 25)."""
    from evidence_store.domain.text import sort_key
    return sorted(entries, key=lambda e: sort_key(key(e)))
