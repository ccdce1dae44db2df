"""Minimal valid commands, one per permission-checked service function (used by
test_permissions_matrix). ``prepare(db, world, n, actor)`` sets up what the call needs (with the
system actor) and returns ``call(uow)``; ``n`` is unique per call, so allowed roles can succeed."""

from __future__ import annotations

from evidence_store.services import accounts, user_admin, intake, settings, setup, storage
from evidence_store.services.commands import CaseInput, MoveItems, SealItems
from evidence_store.services.context import Actor

from .builders import phone, receive

SCENARIOS: dict[str, tuple[str, object]] = {}
SYSTEM = Actor.system()


def scenario(name: str, action: str):
    def wrap(prepare):
        SCENARIOS[name] = (action, prepare)
        return prepare
    return wrap


def received(db, n: int, **item) -> tuple[str, ...]:
    """A fresh item in storage, in a case of the demo officer."""
    return receive(db, SYSTEM, [phone(**item)], case_number=f"{n}/2026/PQ").item_codes


@scenario("intake.receive_items", "receive_items")
def _receive(db, w, n, actor):
    from .builders import deliverer, intake_order, seizure_record
    from evidence_store.services.commands import PersonInput, ReceiveItems
    cmd = ReceiveItems(order=intake_order(f"{n}/LNK"), items=(phone(),), giver=deliverer(),
                       new_case=CaseInput(f"{n}/2026/NK", officer_id=w.persons["canbo"]),
                       seizure_record=seizure_record())
    return lambda uow: intake.receive_items(uow, cmd)


@scenario("intake.create_case", "manage_cases")
def _create_case(db, w, n, actor):
    # handled by an investigating body (BLTTHS Điều 34, 35: a case starts at investigation, issue #11); an agency
    # seat of another agency is refused as out of its scope (issue #13)
    return lambda uow: intake.create_case(uow, CaseInput(f"{n}/2026/VA", handling_agency_id=w.agencies["pc02"]))


@scenario("storage.move_items", "move_items")
def _move(db, w, n, actor):
    codes = received(db, n)
    return lambda uow: storage.move_items(uow, MoveItems(codes, w.locations["bin_A112"]))


@scenario("storage.seal_items", "seal_items")
def _seal(db, w, n, actor):
    codes = received(db, n, sealed=False, seal_number="")
    from evidence_store.services.commands import DocumentInput, PersonInput
    from datetime import date
    return lambda uow: storage.seal_items(uow, SealItems(
        codes, "seal", seal_number=f"NP-{n}", participants=("Nguyễn Thị Lan",),
        document=DocumentInput("other", f"{n}/YC-NP", date(2026, 1, 5), w.agencies["pc02"]),
        organiser=PersonInput(full_name="Trần Văn Hùng", position="Điều tra viên", agency_id=w.agencies["pc02"]),
        witness=PersonInput(full_name="Lê Quang Sơn")))


@scenario("setup.add_agency", "manage_agencies")
def _agency(db, w, n, actor):
    return lambda uow: setup.add_agency(uow, f"Công an phường {n}", "police")


@scenario("setup.add_location", "manage_locations")
def _location(db, w, n, actor):
    return lambda uow: setup.add_location(uow, w.warehouse_id, None, f"Kho phụ {n}", "zone")


_HASH: list[str] = []


def _new_user(db, n: int) -> int:
    """An account written directly, with one Argon2 hash computed once (hashing is slow on purpose)."""
    from evidence_store.db.models import User
    from evidence_store.services.persistence import utcnow
    from evidence_store.services.context import UnitOfWork
    if not _HASH:
        _HASH.append(accounts.hash_password("Tam@12345"))
    with UnitOfWork(db, SYSTEM) as uow:
        user = User(username=f"user{n}", password_hash=_HASH[0], roles="clerk", created_at=utcnow())
        uow.session.add(user)
        uow.session.commit()
        return user.id


@scenario("accounts.create_user", "manage_users")
def _create_user(db, w, n, actor):
    return lambda uow: accounts.create_user(uow, f"nguoidung{n}", "Tam@12345", ["clerk"])


@scenario("user_admin.list_users", "manage_users")
def _list_users(db, w, n, actor):
    return lambda uow: user_admin.list_users(uow)


@scenario("user_admin.set_roles", "manage_users")
def _set_roles(db, w, n, actor):
    user_id = _new_user(db, n)
    return lambda uow: user_admin.set_roles(uow, user_id, ["clerk", "officer"])


@scenario("user_admin.deactivate_user", "manage_users")
def _deactivate(db, w, n, actor):
    user_id = _new_user(db, n)
    return lambda uow: user_admin.deactivate_user(uow, user_id)


@scenario("user_admin.reactivate_user", "manage_users")
def _reactivate(db, w, n, actor):
    user_id = _new_user(db, n)
    return lambda uow: user_admin.reactivate_user(uow, user_id)


@scenario("user_admin.unlock_user", "manage_users")
def _unlock(db, w, n, actor):
    user_id = _new_user(db, n)
    return lambda uow: user_admin.unlock_user(uow, user_id)


@scenario("user_admin.reset_password", "manage_users")
def _reset(db, w, n, actor):
    user_id = _new_user(db, n)
    return lambda uow: user_admin.reset_password(uow, user_id, "MoiCap#99")


@scenario("user_admin.security_log_head", "read_security_log")
def _security_log_head(db, w, n, actor):
    return lambda uow: user_admin.security_log_head(uow)


@scenario("user_admin.security_log", "read_security_log")
def _security_log(db, w, n, actor):
    return lambda uow: user_admin.security_log(uow, 10)


@scenario("settings.set_setting", "manage_settings")
def _setting(db, w, n, actor):
    return lambda uow: settings.set_setting(uow, "idle_lock_minutes", 5 + n % 50)


from . import permission_scenarios_print  # noqa: E402,F401 (the printing services register theirs)

from . import permission_scenarios_lifecycle  # noqa: E402,F401 (lifecycle services register theirs)
