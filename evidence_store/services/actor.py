"""Who acts: the logged-in user performing an action (plain data; the UI keeps one after login)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import workstation
from ..domain.permissions import Role


@dataclass(frozen=True)
class Actor:
    """The logged-in user performing an action (plain data; the UI keeps one after login)."""

    user_id: int | None
    username: str
    roles: frozenset[str]
    person_id: int | None = None
    agency_id: int | None = None
    full_name: str = ""
    workstation: str = field(default_factory=workstation)
    must_change_password: bool = False  # set at login; services refuse everything until it is changed

    @classmethod
    def system(cls, roles=(Role.CLERK, Role.COMMANDER, Role.OFFICER, Role.ADMIN)) -> "Actor":
        """For scripts and the demo generator run by an administrator at the console."""
        return cls(None, "system", frozenset(r.value for r in roles))
