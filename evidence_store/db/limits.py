"""Text limits that behave the same on both engines. PostgreSQL enforces VARCHAR(n) and refuses the
NUL character; SQLite does neither. A flush therefore checks every loaded string attribute of new
and changed rows: user input over its column's length, or containing NUL, is refused with a
ValidationError naming the field (so the screen can show it beside the input) instead of a
database error on one engine and silent acceptance on the other. Keys the app derives itself
(sort keys) are cut to their column instead."""

from __future__ import annotations

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import ValidationError

DERIVED = frozenset({"sort_key"})
_limits: dict[type, list[tuple[str, int | None]]] = {}


def _string_columns(cls) -> list[tuple[str, int | None]]:
    found = _limits.get(cls)
    if found is None:
        found = [(prop.key, getattr(prop.columns[0].type, "length", None))
                 for prop in inspect(cls).column_attrs if isinstance(prop.columns[0].type, String)]
        _limits[cls] = found
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


def install(factory: sessionmaker) -> None:
    if not event.contains(factory, "before_flush", _before_flush):
        event.listen(factory, "before_flush", _before_flush)
