"""``python -m evidence_store copy``: SQLite → PostgreSQL and SQLite → SQLite, verified on arrival."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from evidence_store.cli import main
from evidence_store.db.migrate import open_database
from evidence_store.db.models import Base, Location, Setting
from evidence_store.domain.errors import DomainError
from evidence_store.services import handovers, item_search, queries, storage
from evidence_store.services.commands import AttachFile, FileInput, MoveItems, NewItem
from evidence_store.services.context import UnitOfWork
from evidence_store.services.copy import copy_database

from .builders import phone, receive

pytestmark = pytest.mark.sqlite_only  # the source is a SQLite file; the targets are parametrised here


@pytest.fixture
def source(world, clerk):
    """A SQLite warehouse with history: two intakes, a move, and a location whose parent has a
    higher id than itself (the copy must not trip the self-referencing foreign key). Values that COPY's text
    format must escape travel too: backslashes and COPY's own NULL marker ``\\N`` in an item's text, a tab and
    line breaks in a setting's, and an attachment holding every byte value."""
    db, w = world
    a = receive(db, clerk, [phone(characteristics=AWKWARD),
                            NewItem("weapon", "Dao nhọn cán gỗ", 1, "chiếc", sealed=True, seal_state="intact",
                                    seal_number="NP-0002", location_code=w.locations["bin_A111"])])
    receive(db, clerk, [phone(name="Đồng hồ đeo tay")], case_number="2/2026")
    with UnitOfWork(db, clerk) as uow:
        storage.move_items(uow, MoveItems(a.item_codes[:1], w.locations["bin_A112"]))
    with UnitOfWork(db, clerk) as uow:
        handovers.attach_file(uow, AttachFile(FileInput("ảnh\t1.jpg", bytes(range(256)) * 2, "image/jpeg"),
                                              kind="photo", item_code=a.item_codes[0]))
    with UnitOfWork(db) as uow:
        uow.session.add(Setting(key="copy_test", value=AWKWARD + "\tcột\r\ndòng\n"))
        last = uow.session.scalar(select(func.max(Location.id)))
        uow.session.get(Location, 2).parent_id = last
        uow.commit()
    return db


AWKWARD = "Màu đen, góc trái \\ \\N \\\\ \\t hết"


@pytest.fixture(params=["sqlite", "postgresql"], ids=["to_sqlite", "to_postgresql"])
def target_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'target.sqlite3'}"
    server = request.getfixturevalue("pg_server")
    name, url = server.create()
    request.addfinalizer(lambda: server.drop(name))
    return url


def _rows(db, table):
    with db.reader.connect() as c:
        return [tuple(r) for r in c.execute(select(table).order_by(*table.primary_key.columns))]


def test_copy_is_complete_identical_and_verified(source, target_url):
    seen = []
    r = copy_database(source.url, target_url, batch=3, progress=lambda *p: seen.append(p))
    assert r.ok, r.verify
    assert [p for p in seen if p[0] == "custody_events"] == [("custody_events", 3, 5), ("custody_events", 5, 5)]
    assert r.tables["custody_events"] == 5 and r.tables["items"] == 3 and r.tables["attachments"] == 1
    target = open_database(target_url)
    try:
        for table in Base.metadata.sorted_tables:
            assert _rows(target, table) == _rows(source, table), table.name
        with target.reader.connect() as c:  # ledger rows byte for byte, as text
            got = c.execute(text("SELECT seq, data, prev_hash, hash FROM custody_events ORDER BY seq")).all()
            awkward = c.execute(text("SELECT characteristics FROM items WHERE id = 1")).scalar_one()
            setting = c.execute(text("SELECT value FROM settings WHERE key = 'copy_test'")).scalar_one()
            content = c.execute(text("SELECT content FROM attachments")).scalar_one()
        with source.reader.connect() as c:
            assert got == c.execute(text("SELECT seq, data, prev_hash, hash FROM custody_events ORDER BY seq")).all()
        assert awkward == AWKWARD and setting == AWKWARD + "\tcột\r\ndòng\n"
        assert bytes(content) == bytes(range(256)) * 2
        clerk = _clerk(target)
        with UnitOfWork(target, clerk, write=False) as uow:  # search works at once (FTS / trigram)
            assert [i.name for i in item_search.search(uow, "dong ho")] == ["Đồng hồ đeo tay"]
        more = receive(target, clerk, [phone()], case_number="3/2026")  # ids and codes continue
        assert more.ledger_seq == 6 and more.item_codes[0].startswith("VC26000004")
    finally:
        target.dispose()


def _clerk(db):
    from evidence_store.db.models import User
    from evidence_store.services.accounts import actor_for
    with UnitOfWork(db, write=False) as uow:
        return actor_for(uow.session.scalars(select(User).where(User.username == "thukho")).one())


def test_a_value_postgresql_refuses_fails_the_copy_and_leaves_the_target_empty(source, pg_server):
    from evidence_store.error_texts import message
    with source.writer.begin() as c:  # SQLite keeps any length; PostgreSQL's varchar(20) does not
        c.execute(text("UPDATE items SET unit = :u WHERE id = 2"), {"u": "x" * 21})
    name, url = pg_server.create()
    try:
        with pytest.raises(DomainError) as exc:
            copy_database(source.url, url)
        assert exc.value.code == "copy_failed" and exc.value.params["table"] == "items"
        assert "varying(20)" in exc.value.params["reason"] and "\n" not in exc.value.params["reason"]
        assert message(exc.value).startswith("Sao chép bảng items thất bại, cơ sở dữ liệu đích không bị thay đổi:")
        target = open_database(url)
        try:
            with target.reader.connect() as c:
                assert not any(c.execute(select(func.count()).select_from(t)).scalar_one()
                               for t in Base.metadata.sorted_tables)
        finally:
            target.dispose()
    finally:
        pg_server.drop(name)


def test_a_row_whose_parent_is_missing_fails_the_copy_on_postgresql(source, pg_server):
    """The foreign keys, set aside while the tables fill, are checked over every copied row before the commit."""
    import sqlite3
    from sqlalchemy.engine import make_url
    raw = sqlite3.connect(make_url(source.url).database)  # foreign keys unchecked: a file damaged behind the app
    with raw:
        raw.execute("UPDATE items SET location_id = 9999 WHERE id = 2")
    raw.close()
    name, url = pg_server.create()
    try:
        with pytest.raises(DomainError) as exc:
            copy_database(source.url, url)
        assert exc.value.code == "copy_failed" and exc.value.params["table"] == "items"
        assert "foreign key" in exc.value.params["reason"]
    finally:
        pg_server.drop(name)


OURS = "(SELECT oid FROM pg_class WHERE relnamespace = current_schema()::regnamespace)"
SCHEMA = (f"SELECT 'index', indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
          f"WHERE indrelid IN {OURS} "
          f"UNION ALL SELECT 'constraint', conname, pg_get_constraintdef(oid) FROM pg_constraint "
          f"WHERE conrelid IN {OURS} "
          "UNION ALL SELECT 'trigger', concat_ws(' ', tgrelid::regclass, tgfoid::regproc, tgtype, tgenabled, "
          "(SELECT conname FROM pg_constraint WHERE oid = tgconstraint)), "
          f"CASE WHEN tgisinternal THEN '' ELSE pg_get_triggerdef(oid) END FROM pg_trigger WHERE tgrelid IN {OURS} "
          "ORDER BY 1, 2, 3")


def test_the_copied_database_keeps_its_schema_and_its_append_only_ledger_on_postgresql(source, pg_server):
    """Every index, constraint and trigger a migrated database has is there after the copy (the copy sets foreign
    keys and indexes aside while the tables fill); COPY fires the server's row triggers like INSERT."""
    from sqlalchemy.exc import DBAPIError
    fresh_name, fresh_url = pg_server.create()
    name, url = pg_server.create()
    try:
        fresh = open_database(fresh_url)
        with fresh.reader.connect() as c:
            expected = c.execute(text(SCHEMA)).all()
        fresh.dispose()
        assert copy_database(source.url, url).ok
        target = open_database(url)
        try:
            with target.reader.connect() as c:
                assert c.execute(text(SCHEMA)).all() == expected
            for sql in ("UPDATE custody_events SET kind = 'x' WHERE seq = 1", "DELETE FROM custody_events",
                        "DELETE FROM attachments"):
                with pytest.raises(DBAPIError), target.writer.begin() as c:
                    c.execute(text(sql))
        finally:
            target.dispose()
    finally:
        pg_server.drop(name)
        pg_server.drop(fresh_name)


def test_copy_refuses_a_non_empty_target_and_the_same_database(source, target_url):
    copy_database(source.url, target_url)
    with pytest.raises(DomainError) as exc:
        copy_database(source.url, target_url)
    assert exc.value.code == "copy_target_not_empty"
    with pytest.raises(DomainError) as exc:
        copy_database(source.url, source.url)
    assert exc.value.code == "copy_same_database"


def test_copy_command_prints_the_summary(source, target_url, capsys):
    assert main(["copy", "--from", source.url, "--to", target_url, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "custody_events" in out and "#5" in out
    assert main(["--db", target_url, "verify"]) == 0
    assert main(["copy", "--from", source.url, "--to", target_url]) == 2
    assert "không trống" in capsys.readouterr().err


def test_copy_back_from_postgresql_to_sqlite(source, pg_server, tmp_path):
    name, pg_url = pg_server.create()
    try:
        assert copy_database(source.url, pg_url).ok
        back = f"sqlite:///{tmp_path / 'back.sqlite3'}"
        r = copy_database(pg_url, back)
        assert r.ok and r.tables == copy_database(source.url, f"sqlite:///{tmp_path / 'again.sqlite3'}").tables
        target = open_database(back)
        try:
            for table in Base.metadata.sorted_tables:
                assert _rows(target, table) == _rows(source, table), table.name
        finally:
            target.dispose()
    finally:
        pg_server.drop(name)
