"""Text limits that behave the same on both engines. PostgreSQL enforces VARCHAR(n) and refuses the
NUL character; SQLite does neither. A flush therefore checks every loaded string attribute of new
and changed rows: user input over its column's length, or containing NUL, is refused with a
ValidationError naming the field (so the screen can show it beside the input) instead of a
database error on one engine and silent acceptance on the other. Keys the app derives itself
(sort keys) are cut to their column instead."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, String, Text, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import ValidationError

DERIVED = frozenset({"sort_key"})
# Issue #14: free text (TEXT columns) has a sane limit too — a 20 MB paste is refused, not stored, indexed,
# hashed into the ledger and printed. Columns the app fills itself are exempt.
TEXT_MAX = 20_000
TEXT_EXEMPT = frozenset({"data", "search_text", "value",
                         "location_ids"})  # an audit's scope: the ids of a zone's bins, not typed (a 1M warehouse: ~18,000)
# dates a user can enter: anything outside is a typing slip (year 20266) or an attack on date arithmetic
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2200, 12, 31)
_limits: dict[type, list[tuple[str, int | None]]] = {}
_dates: dict[type, list[str]] = {}


def _string_columns(cls) -> list[tuple[str, int | None]]:
    found = _limits.get(cls)
    if found is None:
        found = []
        for prop in inspect(cls).column_attrs:
            kind = prop.columns[0].type
            if isinstance(kind, String):
                length = getattr(kind, "length", None)
                if length is None and isinstance(kind, Text) and prop.key not in TEXT_EXEMPT:
                    length = TEXT_MAX
                found.append((prop.key, length))
        _limits[cls] = found
    return found


def _date_columns(cls) -> list[str]:
    found = _dates.get(cls)
    if found is None:
        found = [prop.key for prop in inspect(cls).column_attrs if isinstance(prop.columns[0].type, (Date, DateTime))]
        _dates[cls] = found
    return found


def _before_flush(session: Session, _ctx, _instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        loaded = inspect(obj).dict  # only loaded values: never triggers a lazy load
        for key, length in _string_columns(type(obj)):
            value = loaded.get(key)
            if not isinstance(value, str):
                continue
            if "\x00" in value:
                raise ValidationError("text_invalid_characters", field=key)
            if length is not None and len(value) > length:
                if key in DERIVED:
                    setattr(obj, key, value[:length])
                else:
                    raise ValidationError("text_too_long", field=key, max=length)
        for key in _date_columns(type(obj)):
            value = loaded.get(key)
            if isinstance(value, (date, datetime)):
                day = value.date() if isinstance(value, datetime) else value
                if not DATE_MIN <= day <= DATE_MAX:
                    raise ValidationError("date_out_of_range", field=key, value=day.isoformat(),
                                          min=DATE_MIN.isoformat(), max=DATE_MAX.isoformat())


def install(factory: sessionmaker) -> None:
    # marked on the factory itself, as db.guards does: ``event.contains`` answers for an id(), and SQLAlchemy keeps a
    # dropped factory's entry until the garbage collector frees it, so a new factory at the same address got no
    # checks (a full test run once stored a document dated 0001-01-01; tests/unit/test_session_factory_checks.py)
    if getattr(factory, "_input_limited", False):
        return
    event.listen(factory, "before_flush", _before_flush)
    factory._input_limited = True
