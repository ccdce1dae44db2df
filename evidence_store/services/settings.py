"""Application settings kept in the database (``settings`` table, JSON values), shared by every
workstation. Anyone reads them; only an administrator changes them (``manage_settings``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..domain.chronology import DEFAULT_ZONE_NAME, set_warehouse_zone, zone_named
from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..db.models import Setting
from .security_log import log_security


@dataclass(frozen=True)
class SettingSpec:
    default: Any
    minimum: int = 0
    maximum: int = 1
    switch: bool = False  # on / off (a bool), not a number
    zone: bool = False  # an IANA time-zone name the tz database knows (domain.chronology.zone_named)


SPECS: dict[str, SettingSpec] = {
    "idle_lock_minutes": SettingSpec(10, 1, 240),  # the screen locks after this much inactivity (DESIGN §6)
    "backup_keep": SettingSpec(14, 1, 365),  # daily backups kept
    "transfer_immediately_days": SettingSpec(1, 0, 30),  # Điều 90.1.b: days before cash, gold, weapons warn
    # ND 142/2024 Điều 4: no item leaves the warehouse without both the person who ordered it and the warehouse
    # manager — a temporary release takes effect once a commander other than the clerk approves (services.release)
    "release_needs_approval": SettingSpec(True, switch=True),
    # a transfer to THADS takes the items to the enforcement warehouse: ND 142/2024 keeps the CAND, QĐND and THADS
    # warehouse systems apart (LEGAL-RULES R35); a shared city warehouse (responsibility moves, the item stays)
    # turns it off — the transfer form then proposes to leave the items on their shelf
    "thads_transfer_moves_out": SettingSpec(True, switch=True),
    # the warehouse's zone: every time on screens, in the CLI and on paper, and an act's date (domain.chronology)
    "time_zone": SettingSpec(DEFAULT_ZONE_NAME, zone=True),
}
SWITCHES = tuple(key for key, spec in SPECS.items() if spec.switch)
SWITCH_WORDS = {"on": True, "off": False, "true": True, "false": False, "1": True, "0": False, "bật": True,
                "tắt": False}
DEFAULTS = {key: spec.default for key, spec in SPECS.items()}


def _spec(key: str) -> SettingSpec:
    spec = SPECS.get(key)
    if spec is None:
        raise ValidationError("unknown_setting", field="key", key=key)
    return spec


def read_setting(session, key: str) -> Any:
    """The stored value, or the default when unset or unreadable."""
    spec = _spec(key)
    row = session.get(Setting, key)
    if row is None:
        return spec.default
    try:
        value = json.loads(row.value)
    except ValueError:
        return spec.default
    return value if _valid(spec, value) else spec.default


def get_setting(uow, key: str) -> Any:
    return read_setting(uow.session, key)


def get_settings(uow) -> dict[str, Any]:
    return {key: read_setting(uow.session, key) for key in SPECS}


def _valid(spec: SettingSpec, value) -> bool:
    if spec.zone:
        try:
            return isinstance(value, str) and zone_named(value) is not None
        except ValidationError:
            return False
    if spec.switch:
        return isinstance(value, bool)
    return isinstance(value, int) and not isinstance(value, bool) and spec.minimum <= value <= spec.maximum


def set_setting(uow, key: str, value: Any) -> Any:
    require(uow.actor, "manage_settings")
    spec = _spec(key)
    if isinstance(value, str) and value.strip().isdigit() and not spec.switch:
        value = int(value.strip())
    if spec.switch and isinstance(value, str) and value.strip().lower() in SWITCH_WORDS:
        value = SWITCH_WORDS[value.strip().lower()]
    if spec.zone:
        value = str(value or "").strip()
        zone_named(value)  # an unknown name is refused with its own message (time_zone_unknown)
    if not _valid(spec, value):
        if spec.switch:
            raise ValidationError("setting_not_switch", field=key, key=key)
        raise ValidationError("setting_out_of_range", field=key, key=key, min=spec.minimum, max=spec.maximum)
    before = read_setting(uow.session, key)
    row = uow.session.get(Setting, key)
    if row is None:
        uow.session.add(Setting(key=key, value=json.dumps(value)))
    else:
        row.value = json.dumps(value)
    log_security(uow.session, "setting_changed", user_id=uow.actor.user_id, username=uow.actor.username,
                 workstation=uow.actor.workstation, key=key, before=before, after=value)
    uow.commit()
    if spec.zone:
        set_warehouse_zone(value)  # this workstation follows at once; the others when they next open the database
    return value


def apply_time_zone(db) -> str:
    """Set this process's time-zone policy from the stored "time_zone" (the app and the CLI call it when they open
    the database); an unreadable or unknown stored value leaves the default."""
    with db.session(write=False) as session:
        name = read_setting(session, "time_zone")
    set_warehouse_zone(name)
    return name
