"""Vietnamese formatting of dates, times, numbers and money for printed records (numbers and the time zone
from evidence_store.formatting, shared with the screens and the CLI).

Records carry datetimes and numbers; the words are produced here so the same data can be
printed in another language.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from ..domain.text import nfc
from ..formatting import Number, number  # noqa: F401  (one number formatter, re-exported for the renderers)
from ..i18n import _


def long_date(day: date | None, place: str = "") -> str:
    """'Hà Nội, ngày 05 tháng 02 năm 2026' — leading zeros per ND 30/2020 Phụ lục I; no day yet (an act still to
    be carried out): dotted, written by hand on the day."""
    text = (_("ngày {d:02d} tháng {m:02d} năm {y}", d=day.day, m=day.month, y=day.year) if day is not None
            else _("ngày …… tháng …… năm ……"))
    return f"{nfc(place)}, {text}" if place else text


def short_date(day: date | datetime | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def clock(moment: datetime | time) -> str:
    """'14 giờ 30 phút' (24-hour clock)."""
    return _("{h:02d} giờ {m:02d} phút", h=moment.hour, m=moment.minute)


def short_datetime(moment: datetime | None) -> str:
    return moment.strftime("%H:%M %d/%m/%Y") if moment else ""


def quantity(value: Number | None) -> str:
    """Quantities on records: integers with two digits ('01', as handwritten records do), else decimals."""
    if value is None:
        return ""
    dec = Decimal(str(value))
    if dec == dec.to_integral_value() and 0 <= dec < 10:
        return f"{int(dec):02d}"
    return number(dec)


def money(value: Number | None) -> str:
    """'1.250.000 đ'."""
    return "" if value is None else _("{amount} đ", amount=number(value, 0))


def honorific(gender: str | None) -> str:
    """"Ông" / "Bà" before a person's name on a record; "Ông/Bà" when the gender is not recorded (HANDS-ON 75)."""
    return {"male": _("Ông"), "female": _("Bà")}.get(gender or "", _("Ông/Bà"))


NUMERIC_ATTRIBUTES = frozenset({"weight_g", "net_weight_g", "gross_weight_g", "total_amount"})
_STORED_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def attribute_value(key: str, value: str) -> str:
    """An item attribute as printed: a number stored with a decimal point ("22.72") in Vietnamese format ("22,72",
    "2.300.000"); anything else (IMEI, plate, "99,99%") as entered."""
    if key in NUMERIC_ATTRIBUTES and _STORED_NUMBER.fullmatch(value):
        return number(Decimal(value))
    return value
