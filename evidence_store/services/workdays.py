"""The holiday calendar the administrator keeps (settings table, key "holidays"): deadlines that end on a day
off roll to the next working day (BLDS Điều 148; domain.workdays)."""

from __future__ import annotations

import json
from datetime import date

from ..domain import workdays as workday_rules
from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..db.models import Setting
from .security_log import log_security

KEY = "holidays"


def holidays(session) -> tuple[date, ...]:
    row = session.get(Setting, KEY)
    try:
        return workday_rules.parse_days(json.loads(row.value) if row is not None else workday_rules.DEFAULT_HOLIDAYS)
    except (ValueError, TypeError):
        return workday_rules.parse_days(workday_rules.DEFAULT_HOLIDAYS)


def list_holidays(uow) -> tuple[date, ...]:
    return holidays(uow.session)


def save_holidays(uow, days) -> tuple[date, ...]:
    """Replace the holiday list (administrator only)."""
    require(uow.actor, "manage_settings")
    try:
        clean = workday_rules.parse_days(d.isoformat() if isinstance(d, date) else str(d).strip() for d in days if str(d).strip())
    except ValueError:
        raise ValidationError("holiday_invalid", field="holidays") from None
    value = json.dumps([d.isoformat() for d in clean])
    row = uow.session.get(Setting, KEY)
    if row is None:
        uow.session.add(Setting(key=KEY, value=value))
    else:
        row.value = value
    log_security(uow.session, "setting_changed", user_id=uow.actor.user_id, username=uow.actor.username,
                 workstation=uow.actor.workstation, key=KEY, after=len(clean))
    uow.commit()
    return clean


def due_on_working_day(session, due: date) -> date:
    return workday_rules.roll_forward(due, holidays(session))
