"""``python -m evidence_store copy``: SQLite → PostgreSQL and SQLite → SQLite, verified on arrival."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from evidence_store.cli import main
from evidence_store.db.migrate import open_database
from evidence_store.db.models import Base, Location
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
    format must escape travel too: a tab, a newline, backslashes and COPY's own NULL marker ``\\N`` in a text
    column, and an attachment holding every byte value."""
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
        last = uow.session.scalar(select(func.max(Location.id)))
        uow.session.get(Location, 2).parent_id = last
        uow.commit()
    return db


AWKWARD = "Màu đen\tvỏ nứt\r\ngóc trái \\ \\N \\\\ \\t hết"


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
            content = c.execute(text("SELECT content FROM attachments")).scalar_one()
        with source.reader.connect() as c:
            assert got == c.execute(text("SELECT seq, data, prev_hash, hash FROM custody_events ORDER BY seq")).all()
        assert awkward == AWKWARD and bytes(content) == bytes(range(256)) * 2
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
        assert message(exc.value).startswith("Sao chép bảng items thất bại, cơ sở dữ liệu đích không bị thay đổi")
        target = open_database(url)
        try:
            with target.reader.connect() as c:
                assert not any(c.execute(select(func.count()).select_from(t)).scalar_one()
                               for t in Base.metadata.sorted_tables)
        finally:
            target.dispose()
    finally:
        pg_server.drop(name)


def test_the_copied_ledger_stays_append_only_on_postgresql(source, pg_server):
    """COPY fires the server's row triggers like INSERT; the copy disables none of them."""
    from sqlalchemy.exc import DBAPIError
    name, url = pg_server.create()
    try:
        assert copy_database(source.url, url).ok
        target = open_database(url)
        try:
            for sql in ("UPDATE custody_events SET kind = 'x' WHERE seq = 1", "DELETE FROM custody_events",
                        "DELETE FROM attachments"):
                with pytest.raises(DBAPIError), target.writer.begin() as c:
                    c.execute(text(sql))
        finally:
            target.dispose()
    finally:
        pg_server.drop(name)


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
