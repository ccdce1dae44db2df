"""The database's own guarantees on both engines (append-only ledger, unique codes, search, verify),
and what only PostgreSQL has (TRUNCATE trigger, f_unaccent, connection errors)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from evidence_store.db.engine import connect
from evidence_store.db.migrate import open_database
from evidence_store.domain.errors import DomainError
from evidence_store.domain.text import fold
from evidence_store.services import item_search, persistence, queries
from evidence_store.services.commands import NewItem
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from .builders import phone, receive


@pytest.mark.parametrize("sql", ["UPDATE custody_events SET kind = 'move'", "DELETE FROM custody_events",
                                 "UPDATE security_events SET kind = 'x'", "DELETE FROM security_events"])
def test_database_refuses_changes_to_the_ledger(world, clerk, sql):
    db, _ = world
    receive(db, clerk, [phone()])
    from evidence_store.services.accounts import log_security
    with UnitOfWork(db) as uow:  # the security log is chained: written the app's way
        log_security(uow.session, "test")
        uow.commit()
    with pytest.raises(DBAPIError, match="append-only"):
        with db.writer.begin() as conn:
            conn.execute(text(sql))
    assert verify(db).ok


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["custody_events", "security_events"])
def test_postgresql_refuses_truncate(world, clerk, table):
    db, _ = world
    receive(db, clerk, [phone()])
    with pytest.raises(DBAPIError, match="append-only"):
        with db.writer.begin() as conn:
            conn.execute(text(f"TRUNCATE {table} CASCADE"))
    assert verify(db).events == 1


def test_verify_names_the_first_tampered_event(world, clerk):
    """Someone with owner rights switches the trigger off and edits an event: verify finds it."""
    db, _ = world
    codes = receive(db, clerk, [phone(), phone(), phone()]).item_codes
    with db.writer.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER custody_events_no_update"))
        else:
            conn.execute(text("ALTER TABLE custody_events DISABLE TRIGGER custody_events_append_only"))
        conn.execute(text("UPDATE custody_events SET data = replace(data, 'NP-0001', 'NP-0009') WHERE seq = 2"))
    r = verify(db)
    assert not r.ok and r.chain_break.seq == 2 and r.first_bad_item == codes[1]


def test_item_rows_compare_equal_to_the_replayed_ledger(world, clerk):
    """PostgreSQL returns real booleans, dates and floats; SQLite integers and strings: both verify."""
    db, w = world
    from datetime import date
    # a false boolean (unsealed: it waits in the receiving area, ND 127/2017) and a float
    receive(db, clerk, [phone(quantity=2.5, unit="kg"), NewItem("weapon", "Dao", 1, "chiếc", sealed=False)])
    with db.writer.begin() as conn:
        conn.execute(text("UPDATE items SET due_back_on = :d WHERE id = 1"), {"d": date(2026, 12, 1)})
    r = verify(db)
    assert [m[2] for m in r.mismatches] == ["field:due_back_on"]


@pytest.mark.postgres
def test_first_code_of_a_new_scope_under_concurrency(world):
    """Two transactions allocate the first code of a scope at the same moment, bypassing the
    writing engine's global lock: the counter row is created once and the values differ."""
    db, _ = world
    plain = connect(db.url).reader  # no advisory lock at BEGIN
    barrier, got, errors = threading.Barrier(4), [], []

    def allocate():
        try:
            with Session(plain) as s:
                barrier.wait()
                got.append(persistence.next_sequence(s, "item:ZZ:99"))
                got.append(persistence.next_sequence(s, "item:ZZ:99"))
                s.commit()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=allocate) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    plain.dispose()
    assert not errors
    assert sorted(got) == list(range(1, 9))


def test_search_folds_d_and_matches_word_starts_on_both_engines(world, clerk):
    db, _ = world
    receive(db, clerk, [phone(name="Đồng hồ đeo tay Casio", attributes={"imei": "111222333444555"}),
                        phone(name="Điện thoại Nokia", owner_name="Đặng Thị Hồng")])
    with UnitOfWork(db, clerk, write=False) as uow:
        assert [r.name for r in item_search.search(uow, "dong ho")] == ["Đồng hồ đeo tay Casio"]
        assert [r.name for r in item_search.search(uow, "ĐẶNG hong")] == ["Điện thoại Nokia"]
        assert item_search.search(uow, "ong") == []  # a word start, not any substring (as FTS5 prefixes)
        assert [r.name for r in item_search.search(uow, "dien")] == ["Điện thoại Nokia"]
        assert item_search.search(uow, "50%_") == []


@pytest.mark.postgres
def test_postgresql_has_the_unaccent_wrapper_for_administrators(world, clerk):
    """The search's own index: tests/integration/test_search_word_index.py."""
    db, _ = world
    receive(db, clerk, [phone()])
    with db.reader.connect() as conn:
        assert conn.execute(text("SELECT f_unaccent('Điện thoại ĐỒNG HỒ')")).scalar() == fold("Điện thoại ĐỒNG HỒ")


@pytest.mark.postgres
def test_unreachable_server_is_a_domain_error(pg_server):
    bad = pg_server.url.rsplit("/", 1)[0] + "/no_such_database_kvc"
    with pytest.raises(DomainError) as exc:
        open_database(bad)
    assert exc.value.code == "database_missing" and exc.value.params["database"] == "no_such_database_kvc"
    assert "kvc:kvc" not in str(exc.value.params) and "@" not in exc.value.params["server"]


def test_text_limits_are_the_same_on_both_engines(world, clerk):
    """PostgreSQL enforces VARCHAR(n) and refuses NUL; SQLite would store anything: both refuse."""
    from evidence_store.db.models import Setting
    from evidence_store.domain.errors import ValidationError
    db, _ = world
    for bad, field in ((dict(owner_id_number="1" * 31), "owner_id_number"), (dict(unit="c" * 21), "unit"),
                       (dict(seal_number="N" * 61), "seal_number")):
        with pytest.raises(ValidationError) as exc:
            receive(db, clerk, [phone(**bad)])
        assert exc.value.params["field"] == field
    with UnitOfWork(db) as uow, pytest.raises(ValidationError) as exc:
        uow.session.add(Setting(key="printing", value='{"header": "a\x00b"}'))
        uow.session.flush()
    assert exc.value.code == "text_invalid_characters"
    code = receive(db, clerk, [phone(name="Điện thoại " * 27)]).item_codes[0]  # 297 characters: allowed
    with db.reader.connect() as conn:
        assert len(conn.execute(text("SELECT sort_key FROM items WHERE code = :c"), {"c": code}).scalar()) == 400
    assert verify(db).ok
