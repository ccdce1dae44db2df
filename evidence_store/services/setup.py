"""First-run setup and administration of agencies, warehouses and locations."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from ..domain import codes
from ..domain.categories import LocationKind
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import Role, require
from ..domain.text import nfc
from ..db.models import Agency, Location, Person, Setting, User, Warehouse
from . import accounts
from . import persistence

from ..domain.agencies import AGENCY_KINDS  # noqa: E402 (the registry's kinds, domain/agencies.py)


@dataclass(frozen=True)
class FirstRun:
    warehouse_name: str
    code_prefix: str  # two IME-safe letters, e.g. "VC"
    agency_name: str
    agency_short_name: str
    parent_agency_name: str
    admin_username: str
    admin_password: str
    admin_full_name: str
    address: str = ""


DEMO_BUILD_KEY = "demo_build"  # settings row: "running" while a demo build is under way (demo/marker.py)


def demo_half_built(uow) -> bool:
    """A demo build was killed or cancelled half-way: the database must not be used as it is."""
    row = uow.session.get(Setting, DEMO_BUILD_KEY)
    return row is not None and json.loads(row.value) == "running"


def is_initialised(uow) -> bool:
    return (uow.session.scalar(select(func.count()).select_from(User)) or 0) > 0


def first_run(uow, cmd: FirstRun) -> int:
    """Create the warehouse, its agency and parent agency, and the first administrator."""
    if is_initialised(uow):
        raise ValidationError("already_initialised", field="setup")
    for field_name in ("warehouse_name", "agency_name", "admin_full_name"):
        if not nfc(getattr(cmd, field_name)):
            raise ValidationError("field_required", field=field_name)
    prefix = codes.validate_prefix(cmd.code_prefix)
    if prefix in {p for p in codes.KIND_PREFIXES.values() if p}:
        # VT… are location codes, BB… handover records: an item prefix must not collide with them
        raise ValidationError("prefix_reserved", field="code_prefix", prefix=prefix)
    parent = None
    if nfc(cmd.parent_agency_name):
        parent = add_agency(uow, cmd.parent_agency_name, "police", check=False)
    agency = add_agency(uow, cmd.agency_name, "police", short_name=cmd.agency_short_name,
                        parent_id=parent.id if parent else None, check=False)
    wh = Warehouse(name=nfc(cmd.warehouse_name), code_prefix=prefix, agency_id=agency.id, address=nfc(cmd.address))
    uow.session.add(wh)
    uow.session.flush()
    add_location(uow, wh.id, None, nfc(cmd.warehouse_name), LocationKind.WAREHOUSE, check=False)
    person = Person(full_name=nfc(cmd.admin_full_name), position="Quản trị hệ thống", agency_id=agency.id,
                    is_officer=True)
    uow.session.add(person)
    uow.session.flush()
    user_id = accounts.create_user(uow, cmd.admin_username, cmd.admin_password, [Role.ADMIN], person_id=person.id,
                                   agency_id=agency.id, must_change_password=False, check_permission=False)
    uow.commit()
    return user_id


def add_agency(uow, name: str, kind: str, *, short_name: str = "", parent_id=None, address: str = "",
               check: bool = True) -> Agency:
    if check:
        require(uow.actor, "manage_agencies")
    if kind not in AGENCY_KINDS:
        raise ValidationError("unknown_agency_kind", field="kind", kind=kind)
    if not nfc(name):
        raise ValidationError("field_required", field="name")
    a = Agency(name=nfc(name), short_name=nfc(short_name), kind=kind, parent_id=parent_id, address=nfc(address))
    uow.session.add(a)
    uow.session.flush()
    return a


def add_location(uow, warehouse_id: int, parent_id: int | None, name: str, kind: LocationKind | str, *,
                 capacity: int | None = None, check: bool = True) -> Location:
    """Create a location with the next location code (same IME-safe format as items, prefix VT)."""
    if check:
        require(uow.actor, "manage_locations")
    kind = LocationKind(kind)
    if not nfc(name):
        raise ValidationError("field_required", field="name")
    if capacity is not None and capacity <= 0:
        raise ValidationError("capacity_positive", field="capacity")
    if parent_id is not None and uow.session.get(Location, parent_id) is None:
        raise NotFound("location_not_found", code=str(parent_id))
    wh = uow.session.get(Warehouse, warehouse_id)
    seq = persistence.next_sequence(uow.session, f"loc:{wh.id}")
    code = codes.make_code(codes.LOCATION_PREFIX, wh.id % 100, seq).compact
    loc = Location(warehouse_id=wh.id, parent_id=parent_id, code=code, name=nfc(name), kind=kind.value,
                   capacity=capacity, occupancy=0)
    uow.session.add(loc)
    uow.session.flush()
    return loc


def update_location(uow, code: str, *, name: str | None = None, capacity: int | None | str = "keep",
                    active: bool | None = None):
    """Rename a location, change its capacity, or take it out of use (administrators). A location
    still holding items cannot be closed, nor its capacity set below what it holds."""
    from .results import Changes
    require(uow.actor, "manage_locations")
    loc = persistence.location_by_code(uow.session, code)
    if name is not None:
        if not nfc(name):
            raise ValidationError("field_required", field="name")
        loc.name = nfc(name)
    if capacity != "keep":
        if capacity is not None and capacity <= 0:
            raise ValidationError("capacity_positive", field="capacity")
        if capacity is not None and capacity < (loc.occupancy or 0):
            raise ValidationError("capacity_below_occupancy", field="capacity", code=loc.code,
                                  occupancy=loc.occupancy)
        loc.capacity = capacity
    if active is False and (loc.occupancy or 0) > 0:
        raise ValidationError("location_not_empty", field="active", code=loc.code, occupancy=loc.occupancy)
    if active is not None:
        loc.active = active
    uow.commit()
    return Changes(extra={"location_code": loc.code})


def set_agency_kind(uow, agency_id: int, kind: str):
    """Correct an agency's kind (e.g. an agency registered before the kinds were split, issue #11): the
    competence table asks the kind, so a change is logged in the security log."""
    from .security_log import log_security
    from .results import Changes
    require(uow.actor, "manage_agencies")
    if kind not in AGENCY_KINDS:
        raise ValidationError("unknown_agency_kind", field="kind", kind=kind)
    agency = uow.session.get(Agency, agency_id) if agency_id else None
    if agency is None:
        raise NotFound("agency_not_found", field="agency")
    before = agency.kind
    agency.kind = kind
    log_security(uow.session, "agency_kind_changed", user_id=uow.actor.user_id, username=uow.actor.username,
                 workstation=uow.actor.workstation, agency_id=agency.id, before=before, after=kind)
    uow.commit()
    return Changes(extra={"agency_id": agency.id, "kind": kind})
