"""The administrator's first steps after setting up a warehouse (HANDS-ON 3): accounts for the people who
will work in it, the locations under the warehouse, and the location labels stuck on the shelves. The home
screen shows what is left; the label step is recorded when location labels are printed (nothing in the
ledger says so), and the whole list can be put away."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from ..db.models import Location, Setting, User
from ..domain.permissions import Role, require, roles_of
from ..i18n import N_
from ..error_texts import register

register("unknown_first_step", N_("Bước bắt đầu không hợp lệ: {step}"))

KEY = "first_steps_done"
STEPS = ("users", "locations", "location_labels")
MARKABLE = ("location_labels", "dismissed")


@dataclass(frozen=True)
class FirstSteps:
    users: int  # active accounts other than administrators
    locations: int  # active locations below the warehouse itself
    location_labels: bool
    dismissed: bool = False

    @property
    def done(self) -> dict[str, bool]:
        return {"users": self.users > 0, "locations": self.locations > 0, "location_labels": self.location_labels}

    @property
    def finished(self) -> bool:
        return self.dismissed or all(self.done.values())


def _marked(session) -> set[str]:
    row = session.get(Setting, KEY)
    return set(json.loads(row.value)) if row is not None else set()


def first_steps(uow) -> FirstSteps:
    require(uow.actor, "manage_users")
    s = uow.session
    users = sum(1 for roles in s.scalars(select(User.roles).where(User.active.is_(True)))
                if set(roles_of(roles)) - {Role.ADMIN.value})
    locations = s.scalar(select(func.count()).select_from(Location)
                         .where(Location.active.is_(True), Location.parent_id.is_not(None))) or 0
    marked = _marked(s)
    return FirstSteps(users, locations, "location_labels" in marked, "dismissed" in marked)


def mark(uow, step: str) -> FirstSteps:
    """Record a step the database cannot see (labels printed) or that the list is put away."""
    from ..domain.errors import ValidationError
    require(uow.actor, "manage_users")
    if step not in MARKABLE:
        raise ValidationError("unknown_first_step", field="step", step=step)
    s = uow.session
    marked = _marked(s) | {step}
    row = s.get(Setting, KEY)
    if row is None:
        s.add(Setting(key=KEY, value=json.dumps(sorted(marked))))
    else:
        row.value = json.dumps(sorted(marked))
    uow.commit()
    return first_steps(uow)
