"""Every service function × every role: the one matrix (domain/permissions.py) is enforced in the
services. Service functions are discovered from the source (public, first parameter ``uow``, calls
``require(``); each needs a minimal valid command in ``SCENARIOS`` — a new service without one fails
here, so nobody forgets to prove its permission."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import itertools
import pkgutil
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

import evidence_store.services as services_pkg
from evidence_store.db.models import Base, Case, CaseResponsibility, SecurityEvent
from evidence_store.demo.base import DEMO_USERS
from evidence_store.domain.errors import PermissionDenied
from evidence_store.domain.permissions import MATRIX, SCOPED_ROLES, Role

SCOPE_REFUSALS = {"out_of_scope", "case_read_only", "not_receiving_side", "not_your_slot"}
from evidence_store.services.context import Actor, UnitOfWork

from .builders import phone, receive
from .permission_scenarios import SCENARIOS

for _info in pkgutil.iter_modules([str(Path(__file__).parent)]):  # scenario modules of other services
    if _info.name.startswith("permission_scenarios_"):
        importlib.import_module(f"{__package__}.{_info.name}")

_REQUIRE = re.compile(r"""require\(\s*uow\.actor\s*,\s*["'](\w+)["']""")


def discover() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(services_pkg.__path__):
        module = importlib.import_module(f"{services_pkg.__name__}.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params and params[0] == "uow" and "require(" in inspect.getsource(fn):
                found[f"{info.name}.{name}"] = fn
    return found


SERVICES = discover()
ROLE_USER = {role: username for username, (_pw, role, *_rest) in DEMO_USERS.items()}
_unique = itertools.count(1)


def snapshot(db) -> str:
    """A digest of every table but the security log (which records the refusal itself)."""
    digest = hashlib.sha256()
    with db.session(write=False) as s:
        for table in Base.metadata.sorted_tables:
            if table.name == SecurityEvent.__tablename__:
                continue
            for row in s.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def denials(db) -> int:
    with db.session(write=False) as s:
        return s.scalar(select(func.count()).select_from(SecurityEvent)
                        .where(SecurityEvent.kind == "permission_denied"))


def test_discovery_finds_the_known_services():
    assert {"intake.receive_items", "storage.move_items", "storage.seal_items", "user_admin.list_users",
            "user_admin.set_roles", "settings.set_setting", "setup.add_location"} <= set(SERVICES)


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_role_against_the_matrix(world, name):
    if name not in SCENARIOS:
        pytest.fail(f"{name} calls require() but has no minimal command in "
                    "tests/integration/permission_scenarios.py: add one", pytrace=False)
    action, prepare = SCENARIOS[name]
    assert action in _REQUIRE.findall(inspect.getsource(SERVICES[name])), f"{name} does not require {action}"
    db, w = world
    for role in Role:
        actor = w.actor(db, ROLE_USER[role])
        try:
            call = prepare(db, w, next(_unique), actor)
        except PermissionDenied as exc:  # the setup itself acts as this role, outside its scope
            assert role in SCOPED_ROLES and exc.code in SCOPE_REFUSALS, (name, role, exc)
            continue
        before, refused_before = snapshot(db), denials(db)
        if role in MATRIX[action]:
            try:
                with UnitOfWork(db, actor) as uow:
                    call(uow)
                    uow.commit()
            except PermissionDenied as exc:  # an agency seat outside the case's scope (tests/…/test_scopes.py)
                assert role in SCOPED_ROLES and exc.code in SCOPE_REFUSALS, (name, role, exc)
                assert snapshot(db) == before, f"{name} wrote something for {role} out of scope"
            continue
        with pytest.raises(PermissionDenied), UnitOfWork(db, actor) as uow:
            call(uow)
            uow.commit()
        assert snapshot(db) == before, f"{name} wrote something for {role}"
        assert denials(db) == refused_before + 1, f"{name}: the refusal of {role} is not in the security log"


def test_administrators_hold_no_custody_right_and_supervisors_read_only():
    reading = {"read_all", "read_own_cases", "verify_ledger", "read_security_log", "read_tasks", "view_reports"}
    administration = {"manage_users", "manage_agencies", "manage_locations", "manage_settings", "backup", "restore",
                      "manage_authority",  # the competence table (issue #11): a setting, no custody
                      "print_location_labels",  # shelf labels: no custody, no ledger event
                      "import_registers"}  # with manage_locations: the administrator imports locations only
    for action, roles in MATRIX.items():
        if action not in reading | administration:
            assert Role.ADMIN not in roles, action
        if action not in reading:
            assert Role.SUPERVISOR not in roles, action


def test_officers_see_only_their_own_cases(world):
    from evidence_store.services import item_search, queries
    db, w = world
    clerk = w.actor(db, "thukho")
    own = receive(db, clerk, [phone(name="Điện thoại của vụ mình")], case_number="1/2026")
    other = receive(db, clerk, [phone(name="Điện thoại vụ khác")], case_number="2/2026")
    with UnitOfWork(db) as uow:
        case = uow.session.scalars(select(Case).where(Case.number == "2/2026")).one()
        case.officer_id = w.persons["lanhdao"]
        for period in uow.session.scalars(select(CaseResponsibility).where(CaseResponsibility.case_id == case.id)):
            period.person_id = w.persons["lanhdao"]  # never canbo's case
        uow.commit()
    officer = w.actor(db, "canbo")
    with UnitOfWork(db, officer, write=False) as uow:
        assert queries.item_by_code(uow, own.item_codes[0]).code == own.item_codes[0]
        assert [r.code for r in item_search.search(uow, "dien thoai")] == list(own.item_codes)
        assert queries.count_items(uow) == 1
    with pytest.raises(PermissionDenied), UnitOfWork(db, officer, write=False) as uow:
        queries.item_by_code(uow, other.item_codes[0])
    with UnitOfWork(db, w.actor(db, "kiemsat"), write=False) as uow:
        assert queries.count_items(uow) == 2


def test_console_actor_is_not_a_role_gap():
    assert Role.SUPERVISOR.value not in Actor.system().roles
