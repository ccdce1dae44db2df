"""Vietnamese formatting of dates, times, numbers and money for printed records.

Records carry datetimes and numbers; the words are produced here so the same data can be
printed in another language.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal, ROUND_HALF_UP

from ..domain.text import nfc
from ..i18n import _

Number = int | float | Decimal


def long_date(day: date, place: str = "") -> str:
    """'Hà Nội, ngày 05 tháng 02 năm 2026' — leading zeros per ND 30/2020 Phụ lục I."""
    text = _("ngày {d:02d} tháng {m:02d} năm {y}", d=day.day, m=day.month, y=day.year)
    return f"{nfc(place)}, {text}" if place else text


def short_date(day: date | datetime | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def clock(moment: datetime | time) -> str:
    """'14 giờ 30 phút' (24-hour clock)."""
    return _("{h:02d} giờ {m:02d} phút", h=moment.hour, m=moment.minute)


def short_datetime(moment: datetime | None) -> str:
    return moment.strftime("%H:%M %d/%m/%Y") if moment else ""


def _group(digits: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return ".".join(parts)


def number(value: Number | None, places: int | None = None) -> str:
    """'1.250.000', '12,35': dot groups thousands, comma marks decimals (TCVN usage).

    With places=None, trailing zeros are dropped; an integral value prints without decimals."""
    if value is None:
        return ""
    dec = Decimal(str(value))
    if places is not None:
        dec = dec.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif dec == dec.to_integral_value():
        dec = dec.quantize(Decimal(1))
    else:
        dec = dec.normalize()
    sign = "-" if dec < 0 else ""
    whole, _dot, frac = format(abs(dec), "f").partition(".")
    return sign + _group(whole) + ("," + frac if frac else "")


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
    return {"male": _("Ông"), "female": _("Bà")}.get(gender or "", "")
