"""One formatting module for screens, the CLI and paper: every time in the warehouse's zone
(``domain.chronology.warehouse_zone``: the administrator's setting, Asia/Ho_Chi_Minh by default — whatever zone
the workstation is set to), Vietnamese dates (dd/mm/yyyy) and numbers (a dot between thousands, a comma before decimals: TCVN usage)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .domain.chronology import warehouse_zone

Number = int | float | Decimal


# ---- time: stored naive UTC → the warehouse's wall time -------------------------------------------------

def in_zone(moment: datetime | None) -> datetime | None:
    """A stored time (naive UTC, or aware) as an aware time in the warehouse's zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(warehouse_zone())


def wall_time(moment: datetime | None) -> datetime | None:
    """The warehouse's wall time, naive (for paper and spreadsheets)."""
    shown = in_zone(moment)
    return shown.replace(tzinfo=None) if shown is not None else None


def now_in_zone() -> datetime:
    """Now, aware, in the warehouse's zone (what a form proposes as "now")."""
    return datetime.now(UTC).astimezone(warehouse_zone())


def from_wall_time(moment: datetime) -> datetime:
    """A wall time the user typed (naive) read in the warehouse's zone, aware (services store it in UTC)."""
    return moment.replace(tzinfo=warehouse_zone()) if moment.tzinfo is None else moment


def date_text(value: date | datetime | None) -> str:
    """'05/02/2026'; a stored time is shown by the warehouse's date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = in_zone(value)
    return value.strftime("%d/%m/%Y")


def datetime_text(value: datetime | None) -> str:
    """'05/02/2026 14:30' in the warehouse's zone."""
    return in_zone(value).strftime("%d/%m/%Y %H:%M") if value else ""


# ---- numbers ---------------------------------------------------------------------------------------------

def _group(digits: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return ".".join(parts)


def number(value: Number | None, places: int | None = None) -> str:
    """'1.250.000', '12,35'. With places=None, trailing zeros are dropped; an integral value prints without
    decimals."""
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
