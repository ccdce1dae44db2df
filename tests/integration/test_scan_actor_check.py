"""The scan's unit of work checks its actor with the page's own reads (services/context.py ``reader_for``,
``checks_actor_with_first_read``; issue #19): as strict as a check made before them. An account an administrator
deactivated, demoted or never made is refused at the very next scan, on both engines; a unit of work that reads
some other way first, or reads nothing, checks its actor all the same; on PostgreSQL a pooled connection found dead
at that first read is replaced once, as before."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import event, select, text

from evidence_store.db.models import SecurityEvent
from evidence_store.domain.errors import PermissionDenied
from evidence_store.services import queries, user_admin
from evidence_store.services.context import Actor, UnitOfWork, reader_for

from .builders import phone, receive
from . import test_scopes

two_cases = test_scopes.two_cases  # the fixture: two cases of four agencies


def scan(db, actor, code):
    with reader_for(db, actor, queries.item_by_code) as uow:  # as ui.operations.query runs the scanner's lookup
        return queries.item_by_code(uow, code)


def last_denial(db) -> dict:
    with UnitOfWork(db, write=False) as uow:
        data, user = uow.session.execute(select(SecurityEvent.data, SecurityEvent.username)
                                         .where(SecurityEvent.kind == "permission_denied")
                                         .order_by(SecurityEvent.id.desc()).limit(1)).one()
    return json.loads(data) | {"user": user}


@pytest.fixture
def scanned(world, clerk):
    """(db, world, the administrator, an item's code the clerk has just scanned: his workstation's pool is warm)."""
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    for _ in range(6):  # the statements prepared on the pooled connection, as on a workstation at work
        assert scan(db, clerk, code).code == code
    return db, w, w.actor(db, "quantri"), code


@pytest.mark.parametrize("change", ["deactivated", "demoted"])
def test_an_account_changed_elsewhere_is_refused_at_the_next_scan(scanned, clerk, change):
    db, w, admin, code = scanned
    with UnitOfWork(db, admin) as uow:  # the administrator, on another workstation
        if change == "deactivated":
            user_admin.deactivate_user(uow, clerk.user_id)
        else:  # an investigator now: the case is not his
            user_admin.set_roles(uow, clerk.user_id, ["officer"])
    with pytest.raises(PermissionDenied) as err:
        scan(db, clerk, code)  # the clerk's open session still holds its old Actor
    expected = {"deactivated": "account_inactive", "demoted": "out_of_scope"}[change]
    assert err.value.code == expected
    denial = last_denial(db)  # the refusal is in the security log, under the clerk's name
    assert (denial["reason"], denial["user"]) == (expected, "thukho")


@pytest.mark.parametrize("username", ["thukho", "thamphan", "canbo"])
def test_the_same_page_as_with_the_actor_checked_first(world, two_cases, username):
    """Staff, the case's judge now (its return deadline shown), its first investigator (read only, no deadline:
    the deadlines the batch read for a not yet checked actor are dropped for a scoped user)."""
    db, w = world
    x, _ = two_cases
    actor = w.actor(db, username)
    for code in x.item_codes:
        with UnitOfWork(db, actor, write=False) as uow:
            checked_first = queries.item_by_code(uow, code)
        assert scan(db, actor, code) == checked_first
    assert [bool(scan(db, actor, c).deadlines) for c in x.item_codes] == [False, username != "canbo"]


@pytest.mark.parametrize("forgery", ["unknown_id", "other_name"])
def test_a_forged_actor_reads_nothing(scanned, clerk, forgery):
    db, w, admin, code = scanned
    forged = {"unknown_id": Actor(9999, "ma", frozenset({"clerk"})),
              "other_name": replace(clerk, username="lanhdao")}[forgery]
    with pytest.raises(PermissionDenied) as err:
        scan(db, forged, code)
    assert err.value.code == "actor_unknown"


def test_the_reloaded_account_decides_not_the_claimed_one(scanned, clerk):
    db, w, admin, code = scanned
    claims_more = replace(clerk, roles=frozenset({"officer"}), full_name="Ai đó")  # stale the other way round
    with reader_for(db, claims_more, queries.item_by_code) as uow:
        page = queries.item_by_code(uow, code)
        assert uow.actor.roles == clerk.roles and uow.actor.full_name != "Ai đó"
    assert page.code == code and not page.case_read_only


@pytest.mark.parametrize("first", ["actor", "statement", "nothing"])
def test_a_unit_of_work_reading_otherwise_first_checks_its_actor_all_the_same(scanned, clerk, first):
    db, w, admin, code = scanned
    with UnitOfWork(db, admin) as uow:
        user_admin.deactivate_user(uow, clerk.user_id)
    with pytest.raises(PermissionDenied) as err:
        with reader_for(db, clerk, queries.item_by_code) as uow:
            if first == "actor":
                uow.actor
            elif first == "statement":  # the session's first statement, not the page's batch
                uow.session.execute(text("SELECT 1")).scalar()
            # "nothing": the unit of work ends without a read
    assert err.value.code == "account_inactive"


@pytest.mark.postgres  # a pooled connection dead without a word is PostgreSQL's (the server's end, a network cut)
def test_postgresql_scan_on_a_connection_dead_unseen_is_retried_on_another(scanned, clerk):
    from evidence_store.db.engine import _pg_checkout
    db, w, admin, code = scanned
    with db.reader.connect() as conn:
        pid = conn.connection.driver_connection.info.backend_pid
    event.remove(db.reader.pool, "checkout", _pg_checkout)  # the pool hands it out unchecked: cut without a FIN
    try:
        with db.writer.connect() as other:
            assert other.execute(text("SELECT pg_terminate_backend(:p, 5000)"), {"p": pid}).scalar()
        with reader_for(db, clerk, queries.item_by_code) as uow:
            page = queries.item_by_code(uow, code)
            assert uow.session.execute(text("SELECT pg_backend_pid()")).scalar() != pid
    finally:
        event.listen(db.reader.pool, "checkout", _pg_checkout)
    assert page.code == code


@pytest.mark.postgres  # users' own PostgreSQL logins (issue #14)
def test_postgresql_scan_under_the_users_own_login(world, clerk):
    from evidence_store.services import server_login
    from tests.pg_logins import secure, server_url
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    secure(db)
    clerk_db, me = server_login.connect_as(server_url(db), "thukho", "ThuKho@2026")
    admin_db, admin = server_login.connect_as(server_url(db), "quantri", "QuanTri@2026")
    try:
        assert scan(clerk_db, me, code).code == code
        with pytest.raises(PermissionDenied) as err:  # the connection's login is the actor: no other name
            scan(clerk_db, replace(me, username="lanhdao", user_id=w.users["lanhdao"]), code)
        assert err.value.code == "actor_unknown"
        with UnitOfWork(admin_db, admin) as uow:
            user_admin.deactivate_user(uow, me.user_id)
        with pytest.raises(PermissionDenied) as err:  # its open connection outlives the login's NOLOGIN
            scan(clerk_db, me, code)
        assert err.value.code == "account_inactive"
    finally:
        clerk_db.dispose()
        admin_db.dispose()
