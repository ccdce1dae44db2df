"""Issue #19, search at a million items on PostgreSQL: the newest rows are read first, and when they hold too few
hits the GIN index of the words (migration 0019) finds the rest — the same items, newest first, as the word-start
search always gave (and as FTS5 gives on SQLite). The scan sizes are shrunk here so that a handful of items
takes every path: the first scan, the longer one, the index with and without the planner's word statistics."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from evidence_store.domain.text import fold, tokens
from evidence_store.services import item_search
from evidence_store.services.context import UnitOfWork

from .builders import phone, receive

NAMES = ["Đồng hồ đeo tay Casio", "Điện thoại Samsung Galaxy A12", "Điện thoại Samsung Galaxy S21",
         "Máy tính bảng Тест", "Xe máy Honda Wave", "Xe máy Honda Vision", "Xe máy Honda Lead", "Xe máy Honda SH"]


def _names(db, actor, query):
    with UnitOfWork(db, actor, write=False) as uow:
        return [r.name for r in item_search.search(uow, query)]


@pytest.fixture
def stock(world, clerk, monkeypatch):
    db, _ = world
    receive(db, clerk, [phone(name=n, seal_number=f"CS-29B{i}", owner_name="Lê Thị Hoa", attributes={})
                        for i, n in enumerate(NAMES)])
    monkeypatch.setattr(item_search, "_PG_SCAN_ROWS", 2)
    monkeypatch.setattr(item_search, "_PG_SCAN_MAX", 100)
    monkeypatch.setattr(item_search, "_stats_cache", {})
    return db


EXPECTED = {
    "samsung": ["Điện thoại Samsung Galaxy S21", "Điện thoại Samsung Galaxy A12"],  # none in the newest two rows
    "samsung galaxy a1": ["Điện thoại Samsung Galaxy A12"],  # "a1": a short word, rechecked on the index's hits
    "galaxy s2": ["Điện thoại Samsung Galaxy S21"],
    "dong ho": ["Đồng hồ đeo tay Casio"],
    "ĐỒNG hồ casio": ["Đồng hồ đeo tay Casio"],
    "xe honda": ["Xe máy Honda SH", "Xe máy Honda Lead", "Xe máy Honda Vision", "Xe máy Honda Wave"],
    "29b0": ["Đồng hồ đeo tay Casio"],  # the seal «CS-29B0» as typed without its dash
    "тест": ["Máy tính bảng Тест"],  # a word in another script: not in the index's alphabet, read row by row
    "ong": [], "samsung zzz": [], "amsung": [], "honda casio": [],
}


def test_search_finds_the_same_items_newest_first_by_every_path(stock, clerk):
    for query, names in EXPECTED.items():
        assert _names(stock, clerk, query) == names, query
    if not stock.is_sqlite:  # the planner's word statistics chose which words the index is asked for
        with stock.writer.begin() as conn:
            conn.execute(text("ANALYZE items"))
        item_search._stats_cache.clear()
        for query, names in EXPECTED.items():
            assert _names(stock, clerk, query) == names, query


@pytest.mark.postgres
def test_the_word_index_splits_words_as_the_search_does_and_is_used(stock, clerk):
    sample = fold("VC-26-023209-R 1514/2026/CSHS súng_ngắn K54; IMEI:35-6789.0123 đã niêm phong")
    with stock.reader.connect() as conn:
        lexemes = conn.execute(text("SELECT tsvector_to_array(search_words(:t))"), {"t": sample}).scalar()
        too_long = conn.execute(text("SELECT tsvector_to_array(search_words(:t))"), {"t": "x" * 3000}).scalar()
    assert sorted(lexemes) == sorted(set(tokens(sample)))
    assert too_long == ["x" * 255]  # a word longer than any search is cut, not refused by the index
    stmt = item_search._pg_indexed(["samsung", "galaxy"], ["a1"], 50)
    with stock.reader.connect() as conn:
        sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        conn.execute(text("SET enable_seqscan = off"))  # eight rows: reading them all would be cheaper
        plan = "\n".join(r[0] for r in conn.execute(text("EXPLAIN " + sql.replace("%%", "%"))))
    assert "ix_items_search_words" in plan


@pytest.mark.postgres
@pytest.mark.pg_cluster  # creates the login role "thukho" (cluster-wide)
def test_a_clerks_own_login_searches_through_the_word_index(stock):
    from evidence_store.services import server_login
    from tests.pg_logins import secure, server_url
    secure(stock, {"thukho": "ThuKho@2026"})
    user_db, actor = server_login.connect_as(server_url(stock), "thukho", "ThuKho@2026")
    try:
        assert _names(user_db, actor, "samsung") == EXPECTED["samsung"]
    finally:
        user_db.dispose()


def test_a_database_of_the_release_before_upgrades_to_the_word_index(stock, clerk):
    """Migration 0019 on a database with items: on a server the trigram index goes and the words' index is built
    from the items already there, on SQLite the FTS5 table is rebuilt with its prefix indexes; back down, as
    before. The same items are found, newest first."""
    from alembic import command
    from evidence_store.db.migrate import alembic_config

    def indexes():
        with stock.reader.connect() as conn:
            if stock.is_sqlite:  # FTS5 with its prefix indexes of one and two characters, or without
                sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'items_fts'")).scalar()
                return {"items_fts" + (" prefix 1 2" if "prefix='1 2'" in sql else "")}
            return set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_items_search%'"))
                       .scalars())

    after = indexes()
    cfg = alembic_config()
    with stock.writer.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0018")
        conn.commit()
    assert indexes() == ({"items_fts"} if stock.is_sqlite else {"ix_items_search_trgm"})
    with stock.writer.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
    assert indexes() == after == ({"items_fts prefix 1 2"} if stock.is_sqlite else {"ix_items_search_words"})
    for query, names in EXPECTED.items():
        assert _names(stock, clerk, query) == names, query
    receive(stock, clerk, [phone(name="Máy ảnh Canon EOS", seal_number="CS-77")], case_number="9/2026/CSHS")
    assert _names(stock, clerk, "canon") == ["Máy ảnh Canon EOS"]  # the index kept current after the rebuild
    assert _names(stock, clerk, "ca") == ["Máy ảnh Canon EOS", "Đồng hồ đeo tay Casio"]
