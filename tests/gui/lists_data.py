"""Data for the list and view tests: the demo warehouse's structure plus a few received items,
built once per run and copied per test; and an AppContext for a chosen demo user."""

from __future__ import annotations

import shutil

import pytest

from evidence_store.db.migrate import open_database
from evidence_store.demo.base import build_base
from tests.integration.builders import phone, receive


def _goods(w):
    return [
        phone(name="Điện thoại di động Samsung Galaxy A52", location_code=w.locations["bin_A111"]),
        phone(name="Điện thoại iPhone 12 Pro màu xanh", seal_number="NP-0002", location_code=w.locations["bin_A111"],
              attributes={"imei": "356789012345679", "brand": "Apple"}),
        phone(category="weapon", name="Dao bấm cán gỗ", unit="chiếc", seal_number="NP-0003", attributes={},
              location_code=w.locations["bin_A112"], owner_name=""),
        phone(category="cash_vnd", name="Tiền Việt Nam đồng", quantity=2500000, unit="đồng", sealed=True, seal_state="intact",
              seal_number="NP-0004", attributes={"total_amount": "2.500.000"}, location_code=w.locations["safe"]),
    ]


def _more(w):
    return [phone(name="Đồng hồ đeo tay Casio", category="other", attributes={}, seal_number="NP-0300",
                  location_code=w.locations["bin_B111"]),
            phone(name="Ắc quy xe máy", category="other", attributes={}, sealed=False, seal_number="",
                  quantity=2.5, unit="kg")]


@pytest.fixture(scope="session")
def lists_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("lists") / "lists.sqlite3"
    db = open_database(f"sqlite:///{path}")
    w = build_base(db)
    clerk = w.actor(db, "thukho")
    receive(db, clerk, _goods(w))
    receive(db, clerk, _more(w), case_number="87/2026/CSKT", order="13/LNK-PC03", agency_id=5)
    db.dispose()
    return path, w


@pytest.fixture
def lists_db(lists_template, tmp_path):
    src, w = lists_template
    path = tmp_path / "kho.sqlite3"
    shutil.copy(src, path)
    db = open_database(f"sqlite:///{path}")
    yield db, w
    db.dispose()


@pytest.fixture
def make_ctx(lists_db):
    """``make_ctx(username)`` → an AppContext logged in as that demo user."""
    from ui.context import AppContext, AppSignals
    db, w = lists_db

    def make(username: str = "thukho") -> AppContext:
        return AppContext(db, w.actor(db, username), AppSignals(), warehouse_name="Kho vật chứng")
    return make
