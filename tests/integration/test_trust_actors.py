"""Issue #14: services trust no Actor handed to them — each unit of work re-loads the account; the CLI
authenticates before acting as a user; login neither leaks a mistyped password nor holds the write lock
while hashing, and takes as long for an unknown name as for a known one. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest
from sqlalchemy import select

from evidence_store import cli
from evidence_store.db.models import CustodyEvent, SecurityEvent
from evidence_store.domain.errors import DomainError, PermissionDenied
from evidence_store.services import accounts, user_admin, storage
from evidence_store.services.commands import MoveItems
from evidence_store.services.context import Actor, UnitOfWork, run

from .builders import phone, receive


def move(db, actor, code, location):
    return run(db, actor, storage.move_items, MoveItems((code,), location))


def denials(db) -> list[dict]:
    with UnitOfWork(db, write=False) as uow:
        return [json.loads(e.data) | {"user": e.username} for e in uow.session.scalars(
            select(SecurityEvent).where(SecurityEvent.kind == "permission_denied"))]


@pytest.fixture
def admin(world):
    db, w = world
    return w.actor(db, "quantri")


def test_a_deactivated_clerk_is_refused_at_once(world, clerk, admin):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    with UnitOfWork(db, admin) as uow:
        user_admin.deactivate_user(uow, clerk.user_id)
    with pytest.raises(PermissionDenied) as err:
        move(db, clerk, code, w.locations["bin_A112"])  # the clerk's open session still holds its Actor
    assert err.value.code == "account_inactive"
    assert denials(db)[-1]["reason"] == "account_inactive"


def test_a_demoted_clerk_keeps_no_old_right(world, clerk, admin):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    with UnitOfWork(db, admin) as uow:
        user_admin.set_roles(uow, clerk.user_id, ["supervisor"])
    with pytest.raises(PermissionDenied) as err:
        move(db, clerk, code, w.locations["bin_A112"])
    assert err.value.code == "permission_denied"


@pytest.mark.parametrize("forgery", ["roles", "unknown_id", "other_name"])
def test_a_forged_actor_is_refused(world, clerk, admin, forgery):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    forged = {"roles": replace(admin, roles=frozenset({"clerk", "commander"})),  # the admin claims custody rights
              "unknown_id": Actor(9999, "ma", frozenset({"clerk"})),
              "other_name": replace(clerk, username="lanhdao")}[forgery]
    with pytest.raises(PermissionDenied) as err:
        move(db, forged, code, w.locations["bin_A112"])
    assert err.value.code == {"roles": "permission_denied", "unknown_id": "actor_unknown",
                              "other_name": "actor_unknown"}[forgery]
    with UnitOfWork(db, write=False) as uow:
        assert uow.session.scalar(select(CustodyEvent.kind).order_by(CustodyEvent.seq.desc()).limit(1)) == "receive"


def test_events_carry_the_reloaded_account(world, clerk):
    db, w = world
    stale = replace(clerk, full_name="Ai đó", roles=frozenset({"clerk", "admin"}))
    code = receive(db, clerk, [phone()]).item_codes[0]
    with UnitOfWork(db, stale) as uow:
        assert uow.actor.roles == clerk.roles and uow.actor.full_name != "Ai đó"
    move(db, stale, code, w.locations["bin_A112"])


# --- the command line ---------------------------------------------------------------------------------------

@pytest.fixture
def cli_db(world, clerk, monkeypatch, tmp_path):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    monkeypatch.delenv(cli.ENV_PASSWORD, raising=False)
    monkeypatch.delenv(cli.ENV_USER, raising=False)
    return db, code, tmp_path


def last_event(db):
    with UnitOfWork(db, write=False) as uow:
        e = uow.session.scalars(select(CustodyEvent).order_by(CustodyEvent.seq.desc()).limit(1)).one()
        return type("E", (), {"seq": e.seq, "kind": e.kind, "user_id": e.user_id})


def test_cli_user_name_alone_attributes_nothing(cli_db, capsys):
    db, code, tmp = cli_db
    head = last_event(db).seq
    assert cli.main(["--db", db.url, "label", code, "-o", str(tmp / "l.pdf"), "--user", "thukho"]) == 2
    err = capsys.readouterr().err
    assert "Cần mật khẩu của tài khoản thukho" in err and "Traceback" not in err
    assert last_event(db).seq == head and not (tmp / "l.pdf").exists()


def test_cli_wrong_password_is_refused_and_logged(cli_db, capsys, monkeypatch):
    db, code, tmp = cli_db
    monkeypatch.setenv(cli.ENV_PASSWORD, "sai-mat-khau-9")
    assert cli.main(["--db", db.url, "--user", "thukho", "label", code, "-o", str(tmp / "l.pdf")]) == 2
    assert "Traceback" not in capsys.readouterr().err
    with UnitOfWork(db, write=False) as uow:
        kinds = [e.kind for e in uow.session.scalars(select(SecurityEvent).order_by(SecurityEvent.id))]
    assert kinds[-1] == "login_failed"


@pytest.mark.parametrize("how", ["env", "file", "stdin"])
def test_cli_authenticated_user_is_recorded(cli_db, capsys, monkeypatch, how):
    db, code, tmp = cli_db
    args = ["--db", db.url, "label", code, "-o", str(tmp / "l.pdf"), "--user", "thukho"]
    if how == "env":
        monkeypatch.setenv(cli.ENV_PASSWORD, "ThuKho@2026")
    elif how == "file":
        (tmp / "pw").write_text("ThuKho@2026\n", "utf-8")
        args = ["--password-file", str(tmp / "pw")] + args
    else:
        import io
        monkeypatch.setattr("sys.stdin", io.StringIO("ThuKho@2026\n"))
        args = ["--password-file", "-"] + args
    assert cli.main(args) == 0, capsys.readouterr().err
    event = last_event(db)
    with UnitOfWork(db, write=False) as uow:
        from evidence_store.db.models import User
        clerk_id = uow.session.scalar(select(User.id).where(User.username == "thukho"))
    assert event.kind == "label_printed" and event.user_id == clerk_id


def test_cli_a_clerk_cannot_add_users(cli_db, capsys, monkeypatch):
    db, _code, _tmp = cli_db
    monkeypatch.setenv(cli.ENV_PASSWORD, "ThuKho@2026")
    assert cli.main(["--db", db.url, "--user", "thukho", "user-add", "ke-gian", "--role", "admin",
                     "--password", "KeGian@2026"]) == 2
    assert "không có quyền" in capsys.readouterr().err


# --- login ----------------------------------------------------------------------------------------------------

def test_a_password_typed_as_the_user_name_is_not_stored(world):
    db, _ = world
    with UnitOfWork(db) as uow, pytest.raises(DomainError):
        accounts.authenticate(uow, "ThuKho@2026", "ThuKho@2026")
    with UnitOfWork(db, write=False) as uow:
        rows = uow.session.execute(select(SecurityEvent.username, SecurityEvent.data)).all()
    assert rows and not [r for r in rows if "ThuKho@2026".lower() in (r[0] + r[1]).lower()]


def test_login_takes_as_long_for_an_unknown_name(world):
    db, _ = world

    def timed(name):
        start = time.perf_counter()
        with UnitOfWork(db) as uow, pytest.raises(DomainError):
            accounts.authenticate(uow, name, "sai-mat-khau")
        return time.perf_counter() - start
    timed("canbo")  # warm
    known = sorted(timed("canbo") for _ in range(3))[1]
    unknown = sorted(timed(f"khong-co-{i}") for i in range(3))[1]
    assert 0.5 < unknown / known < 2.0, (unknown, known)


def test_login_does_not_hold_the_write_lock_while_hashing(world, monkeypatch):
    db, _ = world
    real = accounts._verify
    others_could_write = []

    def verify_while_another_writes(stored, password):
        with db.writer.connect() as conn:  # another workstation's write, during the hashing
            try:
                conn.exec_driver_sql("PRAGMA busy_timeout=50") if db.is_sqlite else conn.exec_driver_sql(
                    "SET lock_timeout = 50")
                session = _session(conn)
                accounts.log_security(session, "test_during_login")
                session.flush()
                conn.commit()
                others_could_write.append(True)
            except Exception as exc:  # locked
                others_could_write.append(repr(exc))
        return real(stored, password)

    monkeypatch.setattr(accounts, "_verify", verify_while_another_writes)
    with UnitOfWork(db) as uow:
        accounts.authenticate(uow, "thukho", "ThuKho@2026")
    assert others_could_write == [True]


def _session(conn):
    from sqlalchemy.orm import Session
    return Session(bind=conn)


def test_a_refused_self_approval_is_in_the_security_log(world, clerk):
    """HANDS-ON 63: the proposer approving their own disposal is refused and the refusal is logged."""
    from evidence_store.db.models import SecurityEvent
    from evidence_store.domain.errors import PermissionDenied
    from evidence_store.services.commands import DecideDisposal, ProposeDisposal
    from evidence_store.services.context import run
    from evidence_store.services.disposal import approve_disposal, propose_disposal
    from .lifecycle_builders import dismissed
    from .test_disposal import CASH, _police_decision
    db, w = world
    boss = w.actor(db, "lanhdao")
    intake = receive(db, clerk, [CASH])
    dismissed(db, w, intake.case_id)
    ch = run(db, boss, propose_disposal, ProposeDisposal((intake.item_codes[0],), "confiscated", _police_decision(w),
                                                          receiving_agency_id=w.agencies["khobac"]))
    with pytest.raises(PermissionDenied) as err:
        run(db, boss, approve_disposal, DecideDisposal(ch.handover_number))
    assert err.value.code == "same_approver"
    with db.session(write=False) as s:
        last = s.scalars(select(SecurityEvent).order_by(SecurityEvent.id.desc())).first()
    assert last.kind == "permission_denied" and last.username == "lanhdao"
    assert '"action": "approve_disposal"' in last.data and '"reason": "same_approver"' in last.data
