"""Accounts: administration, passwords, lockout, must-change, the security log and settings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from evidence_store.demo.base import DEMO_USERS
from sqlalchemy import select

from evidence_store.db.models import SecurityEvent, User
from evidence_store.domain.errors import DomainError, PermissionDenied, ValidationError
from evidence_store.error_texts import message
from evidence_store.services import accounts, user_admin, settings
from evidence_store.services.context import UnitOfWork

from .builders import phone, receive


def login(db, username, password):
    with UnitOfWork(db) as uow:
        return accounts.authenticate(uow, username, password, workstation="KHO-01")


def admin(db, w):
    return w.actor(db, "quantri")


def log_kinds(db, w, limit=50, kinds=None):
    with UnitOfWork(db, admin(db, w), write=False) as uow:
        return [e.kind for e in user_admin.security_log(uow, limit, kinds)]


def new_user(db, w, username="lan.nguyen", password="Tam@12345", roles=("clerk",)):
    with UnitOfWork(db, admin(db, w)) as uow:
        user_id = accounts.create_user(uow, username, password, roles, full_name="Nguyễn Thị Lan")
        uow.commit()
    return user_id


def test_passwords_are_argon2id(world):
    db, w = world
    new_user(db, w)
    with UnitOfWork(db, write=False) as uow:
        stored = uow.session.scalars(select(User.password_hash).where(User.username == "lan.nguyen")).one()
    assert stored.startswith("$argon2id$v=19$") and "Tam@12345" not in stored


@pytest.mark.parametrize("password, code", [
    ("Ab1", "password_too_short"), ("abcdefghij", "password_too_simple"), ("1234567890", "password_too_simple"),
    ("x1" * 70, "password_too_long"), ("KHO12345", "password_is_username"),
    ("Tam\x0012345", "password_invalid_characters"),
])
def test_password_policy(world, password, code):
    db, w = world
    with UnitOfWork(db, admin(db, w)) as uow, pytest.raises(ValidationError) as exc:
        accounts.create_user(uow, "kho12345", password, ["clerk"])
    assert exc.value.code == code


def test_first_login_must_change_password_before_anything_else(world):
    db, w = world
    user_id = new_user(db, w)
    actor = login(db, "lan.nguyen", "Tam@12345")
    assert actor.must_change_password
    with pytest.raises(PermissionDenied) as exc:
        receive(db, actor, [phone()])
    assert exc.value.code == "password_change_required"
    with UnitOfWork(db, actor) as uow, pytest.raises(ValidationError):
        accounts.change_password(uow, user_id, "Tam@12345", "Tam@12345")
    with UnitOfWork(db, actor) as uow:
        fresh = accounts.change_password(uow, user_id, "Tam@12345", "KhoMoi#2026")
    assert not fresh.must_change_password
    assert receive(db, fresh, [phone()]).item_codes
    assert not login(db, "lan.nguyen", "KhoMoi#2026").must_change_password


def test_five_failures_lock_the_account_for_fifteen_minutes(world):
    db, w = world
    answers = []
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(DomainError) as exc:
            login(db, "thukho", "sai-mat-khau-1")
        answers.append(message(exc.value))
    assert answers == ["Sai tên đăng nhập hoặc mật khẩu"] * 2 + [  # then a warning before the lockout
        "Sai tên đăng nhập hoặc mật khẩu; còn 2 lần thử trước khi tài khoản bị tạm khóa 15 phút",
        "Sai tên đăng nhập hoặc mật khẩu; còn 1 lần thử trước khi tài khoản bị tạm khóa 15 phút",
        "Sai tên đăng nhập hoặc mật khẩu"]
    with pytest.raises(DomainError) as exc:
        login(db, "thukho", "ThuKho@2026")  # the right password is refused while locked
    assert exc.value.code == "account_locked" and exc.value.params["minutes"] == 15
    with UnitOfWork(db) as uow:  # a quarter of an hour later
        user = uow.session.scalars(select(User).where(User.username == "thukho")).one()
        user.locked_until -= timedelta(minutes=15, seconds=1)
        uow.commit()
    assert login(db, "thukho", "ThuKho@2026").username == "thukho"
    kinds = log_kinds(db, w)
    assert kinds.count("login_failed") == 5 and "account_locked" in kinds
    assert "login_refused_locked" in kinds and kinds[0] == "login"


def test_a_name_that_is_no_account_gets_the_same_answers(world):
    """HANDS-ON 4: the login screen must not tell which names exist — an unknown name (or a deactivated account)
    gets the same warnings and the same lockout as an account, and the name is stored nowhere."""
    db, w = world
    accounts._PHANTOMS.clear()  # counted per process: another test (the other engine's run) may have counted these
    with UnitOfWork(db) as uow:
        uow.session.scalars(select(User).where(User.username == "canbo")).one().active = False
        uow.commit()
    for name in ("khong.ai.ca", "canbo", "thukho"):
        answers = []
        for _ in range(accounts.MAX_FAILURES + 1):
            with pytest.raises(DomainError) as exc:
                login(db, name, "sai-mat-khau-1")
            answers.append(message(exc.value))
        assert answers == ["Sai tên đăng nhập hoặc mật khẩu"] * 2 + [
            "Sai tên đăng nhập hoặc mật khẩu; còn 2 lần thử trước khi tài khoản bị tạm khóa 15 phút",
            "Sai tên đăng nhập hoặc mật khẩu; còn 1 lần thử trước khi tài khoản bị tạm khóa 15 phút",
            "Sai tên đăng nhập hoặc mật khẩu",
            "Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau 15 phút"], name
    with UnitOfWork(db, write=False) as uow:
        logged = " ".join(f"{e.username} {e.data}" for e in uow.session.scalars(select(SecurityEvent)))
    assert "khong.ai.ca" not in logged


def test_administration_roles_deactivate_reset(world):
    db, w = world
    user_id = new_user(db, w)
    a = admin(db, w)
    with UnitOfWork(db, a) as uow:
        view = user_admin.set_roles(uow, user_id, ["clerk", "commander"])
    assert view.roles == ("clerk", "commander")
    with UnitOfWork(db, a) as uow:
        assert not user_admin.deactivate_user(uow, user_id).active
    with pytest.raises(DomainError) as exc:
        login(db, "lan.nguyen", "Tam@12345")
    assert exc.value.code == "login_failed"
    with UnitOfWork(db, a) as uow:
        user_admin.reactivate_user(uow, user_id)
    with UnitOfWork(db, a) as uow:
        assert user_admin.reset_password(uow, user_id, "MoiCap#99").must_change_password
    assert login(db, "lan.nguyen", "MoiCap#99").must_change_password
    with UnitOfWork(db, a, write=False) as uow:
        users = {u.username: u for u in user_admin.list_users(uow)}
    assert set(users) == set(DEMO_USERS) | {"lan.nguyen"}
    assert users["lan.nguyen"].full_name == "Nguyễn Thị Lan"
    kinds = log_kinds(db, w)
    for kind in ("user_created", "roles_changed", "user_deactivated", "user_reactivated", "password_reset"):
        assert kind in kinds


def test_the_last_administrator_stays(world):
    db, w = world
    a = admin(db, w)
    with UnitOfWork(db, a) as uow, pytest.raises(ValidationError) as exc:
        user_admin.set_roles(uow, a.user_id, ["clerk"])
    assert exc.value.code == "last_admin"
    with UnitOfWork(db, a) as uow, pytest.raises(ValidationError) as exc:
        user_admin.deactivate_user(uow, a.user_id)
    assert exc.value.code == "cannot_deactivate_self"


def test_refusals_are_in_the_security_log_although_the_work_is_undone(world):
    db, w = world
    with pytest.raises(PermissionDenied):
        receive(db, admin(db, w), [phone()])
    with UnitOfWork(db, admin(db, w), write=False) as uow:
        entry = user_admin.security_log(uow, 1, kinds=["permission_denied"])[0]
    assert entry.username == "quantri" and entry.data["action"] == "receive_items"
    with pytest.raises(PermissionDenied), UnitOfWork(db, w.actor(db, "thukho"), write=False) as uow:
        user_admin.security_log(uow)  # the clerk may not read it; and that refusal is logged too
    assert log_kinds(db, w, 2)[:2] == ["permission_denied", "permission_denied"]


def test_a_user_changes_only_their_own_password(world):
    db, w = world
    clerk = w.actor(db, "thukho")
    with UnitOfWork(db, clerk) as uow, pytest.raises(PermissionDenied):
        accounts.change_password(uow, w.users["canbo"], "CanBo@2026", "KhoMoi#2026")


def test_idle_lock_and_backup_settings(world):
    db, w = world
    with UnitOfWork(db, w.actor(db, "thukho"), write=False) as uow:
        assert settings.get_settings(uow) == {"idle_lock_minutes": 10, "backup_keep": 14, "transfer_immediately_days": 1,
                                            "release_needs_approval": True, "time_zone": "Asia/Ho_Chi_Minh",
                                            "thads_transfer_moves_out": False}  # the demo's shared warehouse
    with UnitOfWork(db, w.actor(db, "thukho")) as uow, pytest.raises(PermissionDenied):
        settings.set_setting(uow, "idle_lock_minutes", 5)
    with UnitOfWork(db, admin(db, w)) as uow:
        settings.set_setting(uow, "idle_lock_minutes", "5")
    for bad, code in ((0, "setting_out_of_range"), (True, "setting_out_of_range"), ("x", "setting_out_of_range")):
        with UnitOfWork(db, admin(db, w)) as uow, pytest.raises(ValidationError) as exc:
            settings.set_setting(uow, "idle_lock_minutes", bad)
        assert exc.value.code == code
    with UnitOfWork(db, admin(db, w)) as uow, pytest.raises(ValidationError) as exc:
        settings.set_setting(uow, "colour", 1)
    assert exc.value.code == "unknown_setting"
    with UnitOfWork(db, write=False) as uow:  # what the UI reads
        assert settings.get_setting(uow, "idle_lock_minutes") == 5
    assert "setting_changed" in log_kinds(db, w)


def test_roles_stay_separate_and_nobody_changes_his_own(world):
    """HANDS-ON 58: the administrator granted himself «Thủ kho» and moved items; users were created with both
    Quản trị and Thủ kho. The administrator's role goes alone, and one's own roles are changed by another."""
    db, w = world
    a = admin(db, w)
    with UnitOfWork(db, a) as uow, pytest.raises(ValidationError) as exc:
        accounts.create_user(uow, "kho_qt", "TamThoi@2026", ["admin", "clerk"], full_name="Lê Văn Hai")
    assert exc.value.code == "admin_role_alone"
    with UnitOfWork(db, a) as uow:
        second = accounts.create_user(uow, "quantri2", "TamThoi@2026", ["admin"], full_name="Lê Văn Ba")
        uow.commit()
    with UnitOfWork(db, a) as uow, pytest.raises(ValidationError) as exc:
        user_admin.set_roles(uow, a.user_id, ["admin", "clerk"])
    assert exc.value.code == "admin_role_alone"
    with UnitOfWork(db, a) as uow, pytest.raises(ValidationError) as exc:
        user_admin.set_roles(uow, a.user_id, ["clerk"])  # another administrator exists: still not by himself
    assert exc.value.code == "cannot_change_own_roles"
    with UnitOfWork(db, a) as uow:
        assert user_admin.set_roles(uow, second, ["supervisor"]).roles == ("supervisor",)
