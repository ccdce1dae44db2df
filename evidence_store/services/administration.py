"""Administration as user intentions, one transaction each: the screens call these; the
building blocks in setup.py and accounts.py stay composable (first_run uses them in one transaction)."""

from __future__ import annotations

from . import accounts, setup
from .results import Changes


def create_user_account(uow, username: str, password: str, roles, full_name: str = "",
                        agency_id: int | None = None) -> Changes:
    user_id = accounts.create_user(uow, username, password, roles, full_name=full_name, agency_id=agency_id)
    uow.commit()
    return Changes(extra={"user_id": user_id})


def create_agency(uow, name: str, kind: str, short_name: str = "", parent_id: int | None = None) -> Changes:
    agency = setup.add_agency(uow, name, kind, short_name=short_name, parent_id=parent_id)
    uow.commit()
    return Changes(extra={"agency_id": agency.id})


def create_location(uow, warehouse_id: int, parent_id: int | None, name: str, kind: str,
                    capacity: int | None = None) -> Changes:
    loc = setup.add_location(uow, warehouse_id, parent_id, name, kind, capacity=capacity)
    uow.commit()
    return Changes(extra={"location_code": loc.code})
