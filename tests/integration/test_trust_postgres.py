"""Issue #14 on the real PostgreSQL server: the workstations are not trusted. Each user connects as their own
login role; a clerk's connection cannot change roles, forge an event, append as another user, or change the
ledger, security log, attachments, signatures or accounts behind the app; an administrator changes roles only
through the logged function; the app works end to end under the user's own login and verify stays valid."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import make_url

from evidence_store.db.migrate import open_database
from evidence_store.db.models import CustodyEvent, SecurityEvent, User
from evidence_store.domain.errors import PermissionDenied
from evidence_store.services import accounts, user_admin, storage
from evidence_store.services.commands import FileInput, MoveItems
from evidence_store.services.context import UnitOfWork, run
from evidence_store.services.verify import verify

from tests.pg_logins import need_createrole as _need_createrole, secure, user_url

from .builders import phone, receive

pytestmark = [pytest.mark.postgres, pytest.mark.pg_cluster]  # login roles are cluster-wide


@pytest.fixture
def secured(world):
    db, w = world
    secure(db)
    opened = []

    def login(name: str):
        user_db = open_database(user_url(db, name), create=False)
        opened.append(user_db)
        return user_db

    yield db, w, login
    for user_db in opened:
        user_db.dispose()


def raw(user_db, sql: str, params: dict | None = None):
    with user_db.writer.connect() as conn:
        result = conn.exec_driver_sql(sql, params or {})
        rows = result.fetchall() if result.returns_rows else None
        conn.commit()
        return rows


ATTACKS = {
    "change own roles": "UPDATE users SET roles = 'admin,clerk' WHERE username = 'thukho'",
    "create an account": "INSERT INTO users (username, password_hash, roles, active, must_change_password, "
                         "failed_attempts, created_at) VALUES ('ke_gian', 'x', 'admin', true, false, 0, now())",
    "read password hashes": "SELECT password_hash FROM users",
    "insert a forged event": "INSERT INTO custody_events SELECT seq + 1000, item_id, kind, occurred_at, recorded_at, "
                             "user_id, workstation, document_id, handover_id, corrects_seq, data, prev_hash, hash "
                             "FROM custody_events WHERE seq = 1",
    "rewrite an event": "UPDATE custody_events SET user_id = 4 WHERE seq = 1",
    "delete an event": "DELETE FROM custody_events WHERE seq = 1",
    "truncate the ledger": "TRUNCATE custody_events CASCADE",
    "write the security log": "INSERT INTO security_events (id, at, kind, user_id, username, workstation, data, "
                              "prev_hash, hash) VALUES (100000, now(), 'login', 4, 'lanhdao', '', '{}', '', '')",
    "erase the security log": "DELETE FROM security_events",
    "swap an attachment": "UPDATE attachments SET content = '\\x00'::bytea",
    "delete a signature": "DELETE FROM signatures",
    "disable the triggers": "ALTER TABLE custody_events DISABLE TRIGGER USER",
    "replace the append function": "CREATE OR REPLACE FUNCTION kvc_append_event(p_item_id integer, p_kind text, "
        "p_occurred_at text, p_user_id integer, p_workstation text, p_document_id integer, p_handover_id integer, "
        "p_corrects_seq integer, p_data text) RETURNS TABLE (seq integer, prev_hash text, hash text, "
        "recorded_at text) LANGUAGE sql AS $$ SELECT 1, '', '', '' $$",
    "become another user": "SET ROLE lanhdao",
    "become the owner": "SET SESSION AUTHORIZATION kvc",
    "append as another user": "SELECT * FROM kvc_append_event(1, 'move', NULL, 4, 'KHO-1', NULL, NULL, NULL, '{}')",
    "append as nobody": "SELECT * FROM kvc_append_event(1, 'move', NULL, NULL, 'KHO-1', NULL, NULL, NULL, '{}')",
    "append many as another user": "SELECT * FROM kvc_append_events(ARRAY[1, 1], ARRAY['move', 'move'], "
        "ARRAY[NULL, NULL]::text[], 4, 'KHO-1', ARRAY[NULL, NULL]::integer[], ARRAY[NULL, NULL]::integer[], "
        "ARRAY[NULL, NULL]::integer[], ARRAY['{}', '{}'])",
    "change roles through the function": "SELECT kvc_manage_user('roles', 2, 'admin,clerk', ARRAY['kvc_admin'])",
    "deactivate the commander": "SELECT kvc_manage_user('deactivate', 4, NULL, NULL)",
    "grant itself the admin group": "GRANT kvc_admin TO thukho",
}


def test_a_clerks_connection_holds_no_way_around_the_app(secured, capsys):
    db, w, login = secured
    clerk_db = login("thukho")
    assert clerk_db.user_login and clerk_db.login_name == "thukho"
    clerk = accounts.session_actor(clerk_db)
    receive(clerk_db, clerk, [phone(photos=(FileInput("a.png", b"\x89PNG photo", "image/png"),))])
    with UnitOfWork(clerk_db, clerk) as uow:  # sign the record so a signature row is kept
        from evidence_store.services import handovers
        from evidence_store.services.commands import SignOnPaper
        number = uow.session.execute(text("SELECT number FROM handovers ORDER BY id LIMIT 1")).scalar()
    with UnitOfWork(clerk_db, clerk) as uow:
        handovers.mark_signed_on_paper(uow, SignOnPaper(number, FileInput("scan.pdf", b"%PDF scan", "application/pdf")))
    before = verify(db)
    assert before.ok, before
    held = []
    for name, sql in ATTACKS.items():
        try:
            raw(clerk_db, sql)
        except Exception as exc:  # noqa: BLE001 - each must be refused by the server
            message = str(getattr(exc, "orig", exc)).lower()
            assert "permission denied" in message or "kvc:" in message or "must be owner" in message \
                or "must be member" in message or "admin option" in message, (name, message)
            held.append(name)
        else:
            pytest.fail(f"the server let a clerk {name}")
    after = verify(db)
    assert after.ok and after.events == before.events
    with UnitOfWork(db, write=False) as uow:
        assert uow.session.scalar(select(User.roles).where(User.username == "thukho")) == "clerk"
    with capsys.disabled():
        print(f"\n[postgres-trust] {len(ATTACKS)} attacks from a clerk's own login, {len(held)} refused by the server")
    assert len(held) == len(ATTACKS)


def test_the_database_names_the_actor_of_every_event(secured):
    db, w, login = secured
    clerk_db = login("thukho")
    clerk = accounts.session_actor(clerk_db)
    code = receive(clerk_db, clerk, [phone()]).item_codes[0]
    with UnitOfWork(clerk_db, clerk) as uow:
        storage.move_items(uow, MoveItems((code,), w.locations["bin_A112"]))
    with UnitOfWork(db, write=False) as uow:
        events = uow.session.execute(select(CustodyEvent.user_id).order_by(CustodyEvent.seq)).all()
        clerk_id = uow.session.scalar(select(User.id).where(User.username == "thukho"))
    assert [e[0] for e in events] == [clerk_id, clerk_id]
    assert verify(db).ok  # hashes computed in the database verify in Python, byte for byte
    # the workstation cannot pretend to be someone else through the app either
    from dataclasses import replace
    forged = replace(clerk, user_id=w.users["lanhdao"], username="lanhdao", roles=frozenset({"commander"}))
    with pytest.raises(PermissionDenied):
        with UnitOfWork(clerk_db, forged) as uow:
            storage.move_items(uow, MoveItems((code,), w.locations["bin_A111"]))


def test_a_clerks_last_step_appends_seals_and_commits_at_once(secured):
    """Issue #19: under a clerk's login the events, the items' last event, the record's seal of the ledger and the
    COMMIT go to the server in one round trip (the chain lock held for the server's time only): what the app
    returns, the rows and the ledger agree, and verify (which compares every item's counters) is ok."""
    db, w, login = secured
    clerk_db = login("thukho")
    clerk = accounts.session_actor(clerk_db)
    got = receive(clerk_db, clerk, [phone(seal_number="NP-ONE-1"), phone(seal_number="NP-ONE-2")])
    with UnitOfWork(clerk_db, clerk) as uow:
        moved = storage.move_items(uow, MoveItems(got.item_codes, w.locations["bin_A112"]))
    with UnitOfWork(db, write=False) as uow:
        events = uow.session.execute(select(CustodyEvent.seq, CustodyEvent.kind, CustodyEvent.hash)
                                     .order_by(CustodyEvent.seq)).all()
        sealed = uow.session.execute(text("SELECT ledger_seq, ledger_hash FROM handovers WHERE number = :n"),
                                     {"n": got.handover_number}).one()
        counters = uow.session.execute(text("SELECT event_count, last_event_seq FROM items WHERE code IN :c "
                                            "ORDER BY id").bindparams(bindparam("c", expanding=True)),
                                       {"c": list(got.item_codes)}).all()
    received, moves = [e for e in events if e.kind == "receive"], [e for e in events if e.kind == "move"]
    # the record witnesses the head right after its own events, as the app told the clerk
    assert tuple(sealed) == (got.ledger_seq, got.ledger_hash) == (received[-1].seq, received[-1].hash)
    assert (moved.ledger_seq, moved.ledger_hash) == (moves[-1].seq, moves[-1].hash) == (events[-1].seq, events[-1].hash)
    assert [tuple(c) for c in counters] == [(2, moves[0].seq), (2, moves[1].seq)]
    assert verify(db).ok


def test_a_clerks_last_step_waiting_too_long_for_the_chain_is_tried_again(secured):
    """The one-round-trip last step reports a lock timeout as every other statement does, so that the service
    runner tries again (``context.run``): another transaction holds the chain lock for 0.6 s, the clerk's server
    gives up waiting after 0.1 s, the move is done at a later try."""
    import threading
    db, w, login = secured
    code = receive(db, w.actor(db, "thukho"), [phone(seal_number="NP-WAIT")]).item_codes[0]
    short = make_url(user_url(db, "thukho")).update_query_dict({"options": "-c lock_timeout=100"})
    clerk_db = open_database(short.render_as_string(hide_password=False), create=False)
    try:
        clerk = accounts.session_actor(clerk_db)
        held = threading.Event()

        def hold_the_chain():
            with db.reader.connect() as conn:  # the chain lock only (a writer would take the write lock first)
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7270002)")
                held.set()
                time.sleep(0.6)
                conn.rollback()

        holder = threading.Thread(target=hold_the_chain)
        holder.start()
        assert held.wait(10)
        done = run(clerk_db, clerk, storage.move_items, MoveItems((code,), w.locations["bin_A112"]))
        holder.join(10)
    finally:
        clerk_db.dispose()
    assert done.item_codes == (code,) and verify(db).ok


def test_only_an_administrator_changes_roles_and_it_is_logged(secured):
    db, w, login = secured
    admin_db = login("quantri")
    admin = accounts.session_actor(admin_db)
    clerk_db = login("thukho")
    clerk = accounts.session_actor(clerk_db)
    with pytest.raises(Exception) as err:
        with UnitOfWork(clerk_db, clerk) as uow:
            user_admin.set_roles(uow, w.users["thukho"], ["admin"])
    assert "manage_users" in str(err.value) or "permission" in str(err.value).lower()
    with UnitOfWork(admin_db, admin) as uow:
        view = user_admin.set_roles(uow, w.users["thukho"], ["clerk", "officer"])
    assert set(view.roles) == {"clerk", "officer"}
    with UnitOfWork(db, write=False) as uow:
        entry = uow.session.scalar(select(SecurityEvent.data).where(SecurityEvent.kind == "roles_changed")
                                   .order_by(SecurityEvent.id.desc()))
    assert entry is not None and '"by" : "quantri"' in entry and '"db_user":"quantri"' in entry, entry
    assert verify(db).ok  # the function's chained entry verifies
    with UnitOfWork(admin_db, admin) as uow:
        user_admin.deactivate_user(uow, w.users["lanhdao"])
    with db.reader.connect() as conn:
        assert conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'lanhdao'")).scalar() is False
    with UnitOfWork(admin_db, admin) as uow:
        user_admin.reactivate_user(uow, w.users["lanhdao"])


def test_a_read_only_account_cannot_append(secured):
    db, w, login = secured
    reader_db = login("kiemsat")
    with pytest.raises(Exception) as err:
        raw(reader_db, "SELECT * FROM kvc_append_event(NULL, 'note', NULL, %(u)s, 'X', NULL, NULL, NULL, '{}')",
            {"u": w.users["kiemsat"]})
    assert "may only read" in str(err.value) or "permission denied" in str(err.value).lower()
    with pytest.raises(Exception):
        raw(reader_db, "UPDATE items SET name = 'x'")


def test_append_throughput_under_a_users_login(secured, capsys):
    db, w, login = secured
    clerk_db = login("thukho")
    clerk = accounts.session_actor(clerk_db)
    codes = receive(clerk_db, clerk, [phone(seal_number=f"NP-{i}") for i in range(20)]).item_codes
    locations = [w.locations["bin_A111"], w.locations["bin_A112"]]

    def moves_per_second(database, actor) -> float:
        start, moves = time.perf_counter(), 0
        for round_ in range(4):
            with UnitOfWork(database, actor) as uow:
                storage.move_items(uow, MoveItems(tuple(codes), locations[round_ % 2]))
                moves += len(codes)
        return moves / (time.perf_counter() - start)
    def moves_in_ledger() -> int:
        with db.reader.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM custody_events WHERE kind = 'move'").scalar()
    before = moves_in_ledger()
    own_login = moves_per_second(clerk_db, clerk)
    trusted = moves_per_second(db, w.actor(db, "thukho"))  # the owner's connection: direct INSERT, for comparison
    assert verify(db).ok
    assert moves_in_ledger() == before + 2 * 4 * len(codes)  # every move appended, through either path
    with capsys.disabled():
        print(f"\n[postgres-trust] moves with their ledger events: {own_login:.0f}/s under the clerk's own login "
              f"(kvc_append_event), {trusted:.0f}/s on the owner's connection (direct insert)")
    # the speed ratio is a figure, not a test (shared machines are noisy): it is printed above


def test_the_cli_sets_it_up_and_acts_as_the_login(world, clerk, monkeypatch, tmp_path, capsys):
    db, w = world
    _need_createrole(db)
    from evidence_store import cli
    code = receive(db, clerk, [phone()]).item_codes[0]
    assert cli.main(["--db", db.url, "pg-secure"]) == 0
    monkeypatch.setenv(cli.ENV_PASSWORD, "ThuKho@2026")
    assert cli.main(["--db", db.url, "pg-login", "thukho"]) == 0
    assert "kvc_staff" in capsys.readouterr().out
    monkeypatch.delenv(cli.ENV_PASSWORD)
    as_clerk = make_url(db.url).set(username="thukho", password="ThuKho@2026").render_as_string(hide_password=False)
    assert cli.main(["--db", as_clerk, "label", code, "-o", str(tmp_path / "l.pdf")]) == 0, capsys.readouterr().err
    with UnitOfWork(db, write=False) as uow:
        last = uow.session.execute(select(CustodyEvent.kind, CustodyEvent.user_id).order_by(CustodyEvent.seq.desc())
                                   .limit(1)).one()
    assert last == ("label_printed", w.users["thukho"])
    wrong = make_url(db.url).set(username="thukho", password="sai-mat-khau").render_as_string(hide_password=False)
    assert cli.main(["--db", wrong, "items"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_the_login_screen_checks_the_password_with_the_server(secured):
    db, w, login = secured
    clerk_db = login("thukho")
    from evidence_store.domain.errors import DomainError
    from evidence_store.services.context import Actor
    with pytest.raises(DomainError):
        with UnitOfWork(clerk_db, Actor.system()) as uow:
            accounts.authenticate(uow, "thukho", "sai-mat-khau")
    with pytest.raises(DomainError):
        with UnitOfWork(clerk_db, Actor.system()) as uow:
            accounts.authenticate(uow, "lanhdao", "LanhDao@2026")  # another account on this login
    with UnitOfWork(clerk_db, Actor.system()) as uow:
        actor = accounts.authenticate(uow, "thukho", "ThuKho@2026")
    assert actor.username == "thukho" and actor.user_id == w.users["thukho"]
    with UnitOfWork(db, write=False) as uow:
        kinds = [k for (k,) in uow.session.execute(select(SecurityEvent.kind).order_by(SecurityEvent.id))][-3:]
    assert kinds == ["login_failed", "login_failed", "login"] and verify(db).ok


def test_a_database_secured_by_an_older_version_still_appends_and_verifies(secured):
    """Issue #19 changed the installed functions (the chain lock, kvc_append_events): until pg-secure is run again,
    a clerk's intake and moves go through the old kvc_append_event one event at a time, serialised as before."""
    db, w, login = secured
    with db.writer.connect() as conn:  # the functions as an older pg-secure left them
        conn.info["ledger_maintenance"] = True
        conn.exec_driver_sql("DROP FUNCTION kvc_append_events(integer[], text[], text[], integer, text, integer[], "
                             "integer[], integer[], text[])")
        for name in ("kvc_append_event", "kvc_log_security"):
            src = conn.exec_driver_sql("SELECT pg_get_functiondef(oid) FROM pg_proc WHERE proname = %(n)s",
                                       {"n": name}).scalar()
            conn.exec_driver_sql(src.replace("pg_advisory_xact_lock(7270002)", "pg_advisory_xact_lock(7270001)")
                                 .replace("%", "%%"))
        conn.commit()
    clerk_db = login("thukho")
    clerk = accounts.session_actor(clerk_db)
    codes = receive(clerk_db, clerk, [phone(seal_number="NP-OLD-1"), phone(seal_number="NP-OLD-2")]).item_codes
    from evidence_store.services.context import run
    run(clerk_db, clerk, storage.move_items, MoveItems(tuple(codes), w.locations["bin_A112"]))
    with UnitOfWork(clerk_db, clerk, concurrent=True) as uow:
        assert not uow.concurrent and not uow.ledger.batch_function  # serialised, one call per event
    result = verify(db)
    assert result.ok and result.events == 4
