"""Issue #14 on the real PostgreSQL server: a shared workstation. Its settings name the server and the database,
no user; whoever sits down types their own name and password and the app connects as that user's own login role
(the server checks the password with SCRAM). Wrong password, unknown name, a deactivated or locked account each
give their own sentence. Administrators create accounts, reset passwords, change roles and deactivate under
their own login, through the logged functions; a clerk's login cannot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from evidence_store.db.models import SecurityEvent, User
from evidence_store.domain.errors import DomainError, PermissionDenied, ValidationError
from evidence_store.error_texts import message
from evidence_store.services import accounts, user_admin, administration, server_login
from evidence_store.services.persistence import utcnow
from evidence_store.services.context import UnitOfWork, run
from evidence_store.services.verify import verify
from tests.pg_logins import drop_roles, secure, server_url

pytestmark = [pytest.mark.postgres, pytest.mark.pg_cluster]  # login roles are cluster-wide
NEW = "moi.thukho"


@pytest.fixture
def shared(world):
    """(owner db, world, server URL without a user); the login roles a test creates are dropped after it."""
    db, w = world
    secure(db)
    opened = []
    yield db, w, server_url(db), opened
    for user_db in opened:
        user_db.dispose()
    drop_roles(db, [NEW])


def _connect(opened, url, name, password):
    user_db, actor = server_login.connect_as(url, name, password)
    opened.append(user_db)
    return user_db, actor


def _refusal(url, name, password) -> DomainError:
    with pytest.raises(DomainError) as err:
        server_login.connect_as(url, name, password)
    return err.value


def _last_kinds(db, n=1):
    with UnitOfWork(db, write=False) as uow:
        return [k for (k,) in uow.session.execute(select(SecurityEvent.kind).order_by(SecurityEvent.id.desc())
                                                  .limit(n))][::-1]


def test_a_shared_workstation_connects_as_whoever_logs_in(shared):
    db, w, url, opened = shared
    clerk_db, clerk = _connect(opened, url, "thukho", "ThuKho@2026")
    assert clerk_db.user_login and clerk_db.login_name == "thukho" and clerk.user_id == w.users["thukho"]
    with clerk_db.reader.connect() as conn:
        assert conn.execute(text("SELECT session_user")).scalar() == "thukho"
    # Đăng xuất, then the commander sits down at the same workstation: a connection of their own
    clerk_db.dispose()
    boss_db, boss = _connect(opened, url, "LanhDao", "LanhDao@2026")  # names are not case-sensitive
    assert boss_db.login_name == "lanhdao" and boss.user_id == w.users["lanhdao"]
    with boss_db.reader.connect() as conn:
        assert conn.execute(text("SELECT session_user")).scalar() == "lanhdao"
    assert _last_kinds(db, 2) == ["login", "login"]
    assert verify(db).ok


def test_wrong_password_unknown_name_deactivated_and_locked_each_say_so(shared):
    db, w, url, opened = shared
    wrong = _refusal(url, "thukho", "sai-mat-khau")
    unknown = _refusal(url, "khong_ai_ca", "ThuKho@2026")
    assert wrong.code == unknown.code == "login_failed"  # an unknown name is not told apart from a wrong password
    assert message(wrong) == "Sai tên đăng nhập hoặc mật khẩu"
    assert "ThuKho@2026" not in message(unknown) and "sai-mat-khau" not in message(wrong)
    # an administrator deactivates the commander: the server refuses the login role itself
    admin_db, admin = _connect(opened, url, "quantri", "QuanTri@2026")
    run(admin_db, admin, user_admin.deactivate_user, w.users["lanhdao"])
    gone = _refusal(url, "lanhdao", "LanhDao@2026")
    assert gone.code == "account_deactivated" and message(gone).startswith("Tài khoản lanhdao đã ngừng sử dụng")
    assert _refusal(url, "lanhdao", "sai").code == "login_failed"  # the state is told only with the right password
    run(admin_db, admin, user_admin.reactivate_user, w.users["lanhdao"])
    _connect(opened, url, "lanhdao", "LanhDao@2026")
    # an account locked (failed attempts counted on SQLite, or carried over by copy) stays locked here
    with UnitOfWork(db) as uow:
        uow.session.get(User, w.users["thukho"]).locked_until = utcnow() + timedelta(minutes=10)
        uow.commit()
    locked = _refusal(url, "thukho", "ThuKho@2026")
    assert locked.code == "account_locked" and "thử lại sau" in message(locked)
    assert _last_kinds(db) == ["login_refused_locked"]
    run(admin_db, admin, user_admin.unlock_user, w.users["thukho"])
    _connect(opened, url, "thukho", "ThuKho@2026")
    # the owner's role is no account: it cannot open a session at the desk
    owner = db.url.split("//", 1)[1].split(":", 1)[0]
    assert _refusal(url, owner, "kvc").code == "login_not_an_account"
    assert verify(db).ok


def test_an_administrator_manages_accounts_under_their_own_login(shared):
    db, w, url, opened = shared
    admin_db, admin = _connect(opened, url, "quantri", "QuanTri@2026")
    changes = run(admin_db, admin, administration.create_user_account, NEW, "TamThoi@2026", ["clerk"],
                  "Đỗ Thị Mới", w.agencies["pc10"])
    new_id = changes.extra["user_id"]
    with db.reader.connect() as conn:
        groups = {g for (g,) in conn.execute(text(
            "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.member "
            "JOIN pg_roles b ON b.oid = m.roleid WHERE a.rolname = :n"), {"n": NEW})}
        can_login = conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :n"), {"n": NEW}).scalar()
    assert can_login is True and groups == {"kvc_staff"}
    # the new clerk logs in with the temporary password, must change it, and the new one works
    new_db, new = _connect(opened, url, NEW, "TamThoi@2026")
    assert new.must_change_password and new.user_id == new_id
    changed = run(new_db, new, accounts.change_password, new_id, "TamThoi@2026", "CuaToi@2026")
    assert not changed.must_change_password
    assert _refusal(url, NEW, "TamThoi@2026").code == "login_failed"
    _connect(opened, url, NEW, "CuaToi@2026")
    # a forgotten password: the administrator sets a temporary one, to be changed at the next login
    run(admin_db, admin, user_admin.reset_password, new_id, "DatLai@2026")
    again_db, again = _connect(opened, url, NEW, "DatLai@2026")
    assert again.must_change_password
    # roles, then deactivation: the login role follows
    run(admin_db, admin, user_admin.set_roles, new_id, ["clerk", "officer"])
    run(admin_db, admin, user_admin.deactivate_user, new_id)
    assert _refusal(url, NEW, "DatLai@2026").code == "account_deactivated"
    with UnitOfWork(db, write=False) as uow:
        entries = {e.kind: e.data for e in uow.session.scalars(select(SecurityEvent).where(
            SecurityEvent.username == NEW))}
    for kind in ("user_created", "password_changed", "password_reset", "roles_changed", "user_deactivated"):
        assert kind in entries, kind
        assert '"db_user":' in entries[kind]
    assert '"by" : "quantri"' in entries["password_reset"] and '"by" : "quantri"' in entries["user_created"]
    assert verify(db).ok


def test_a_clerks_login_cannot_manage_accounts(shared):
    db, w, url, opened = shared
    clerk_db, clerk = _connect(opened, url, "thukho", "ThuKho@2026")
    attempts = [
        (administration.create_user_account, (NEW, "TamThoi@2026", ["admin"], "Kẻ Gian", None)),
        (user_admin.reset_password, (w.users["quantri"], "ChiemQuyen@2026")),
        (user_admin.set_roles, (w.users["thukho"], ["admin"])),
        (user_admin.deactivate_user, (w.users["quantri"],)),
    ]
    for fn, args in attempts:
        with pytest.raises(PermissionDenied):
            run(clerk_db, clerk, fn, *args)
    # and around the app, straight at the functions: the server refuses
    raw_calls = [
        "SELECT kvc_create_user('ke_gian', 'admin', NULL, NULL, 'x', 'SCRAM-SHA-256$4096:x', ARRAY['kvc_admin'])",
        f"SELECT kvc_set_password({w.users['quantri']}, 'x', 'SCRAM-SHA-256$4096:x', NULL)",
        f"SELECT kvc_manage_user('roles', {w.users['thukho']}, 'admin', ARRAY['kvc_admin'])",
        "ALTER ROLE quantri PASSWORD 'ChiemQuyen@2026'",
        "CREATE ROLE ke_gian LOGIN PASSWORD 'x'",
    ]
    for sql in raw_calls:
        with pytest.raises(Exception) as err, clerk_db.writer.connect() as conn:
            conn.exec_driver_sql(sql)
        text_ = str(err.value).lower()
        assert "permission denied" in text_ or "kvc: only an administrator" in text_, (sql, text_)
    # an administrator cannot take over the owner's or a server role through the functions either
    admin_db, admin = _connect(opened, url, "quantri", "QuanTri@2026")
    for name in ("kvc", "kvc_staff", "postgres"):
        with pytest.raises(ValidationError):
            run(admin_db, admin, administration.create_user_account, name, "TamThoi@2026", ["clerk"], "", None)
    with UnitOfWork(db, write=False) as uow:
        assert uow.session.scalar(select(User.roles).where(User.username == "thukho")) == "clerk"
        assert uow.session.scalar(select(User.id).where(User.username == NEW)) is None
    assert _refusal(url, "quantri", "ChiemQuyen@2026").code == "login_failed"
    assert verify(db).ok
