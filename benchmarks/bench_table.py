"""The item list over a big database: jump to the row at 90 % and paint it (DESIGN §7; STACK-CHECK
§2.8 8f: ~50 ms at row 900,000 of 1M). Run: python -m benchmarks.bench_table [db_url] [n]"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CATEGORIES = ("phone", "electronics", "other", "weapon", "goods")
NAMES = ("Điện thoại di động Samsung Galaxy A{n}", "Máy tính xách tay Dell Latitude {n}", "Đồng hồ đeo tay Casio {n}",
         "Dao bấm cán gỗ số {n}", "Thùng thuốc lá điếu ngoại {n}")


COLUMNS = ("id", "code", "warehouse_id", "case_id", "category", "name", "quantity", "unit", "state", "location_id",
           "responsible_agency_id", "received_at", "search_text", "sort_key", "attributes", "characteristics",
           "condition", "sealed", "seal_number", "owner_name", "owner_id_number", "holder", "event_count",
           "last_event_seq")
INSERT = f"INSERT INTO items ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


def fill_synthetic(db_url: str, n: int, *, search_index: bool = True) -> int:
    """Add ``n`` items straight into the tables (raw executemany; no services, no ledger): enough
    for a view benchmark. Creates one agency, warehouse, location and 100 cases when needed.
    ``search_index=False`` skips the full-text index (SQLite), twice as fast, for list-only tests."""
    from sqlalchemy import func, insert, select

    from evidence_store.db.migrate import open_database
    from evidence_store.db.models import Agency, Case, Item, Location, Warehouse  # noqa: F401
    from evidence_store.domain.codes import make_code
    from evidence_store.domain.text import fold, sort_key

    db = open_database(db_url)
    now = datetime(2026, 1, 1)
    with db.writer.begin() as conn:
        wh = conn.execute(select(Warehouse.id)).scalar()
        if wh is None:
            agency = conn.execute(insert(Agency).values(name="Phòng PC10", short_name="PC10", kind="police")).inserted_primary_key[0]
            wh = conn.execute(insert(Warehouse).values(name="Kho vật chứng", code_prefix="VC", agency_id=agency)).inserted_primary_key[0]
        agency = conn.execute(select(Warehouse.agency_id).where(Warehouse.id == wh)).scalar()
        loc = conn.execute(select(Location.id)).scalar() or conn.execute(insert(Location).values(
            warehouse_id=wh, code="VT01999999", name="Kệ tổng hợp", kind="rack", occupancy=0)).inserted_primary_key[0]
        start = conn.execute(select(func.count()).select_from(Case)).scalar()
        cases = [conn.execute(insert(Case).values(number=f"{start + i}/2026/BENCH", offence="Trộm cắp tài sản",
                                                  handling_agency_id=agency, created_at=now,
                                                  sort_key=sort_key(f"{start + i}/2026/BENCH"))).inserted_primary_key[0]
                 for i in range(1, 101)]
        first = (conn.execute(select(func.max(Item.id))).scalar() or 0) + 1
        if not search_index and db.is_sqlite:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS items_fts_ai")
        keys: dict[str, tuple[str, str]] = {}  # few distinct names: fold and sort them once
        for lo in range(0, n, 20_000):
            rows = []
            for i in range(first + lo, first + min(n, lo + 20_000)):
                name = NAMES[i % 5].format(n=i % 997)
                folded, key = keys.get(name) or keys.setdefault(name, (fold(name), sort_key(name)))
                rows.append((i, make_code("BM", 26, i).compact, wh, cases[i % 100], CATEGORIES[i % 5], name, 1.0,
                             "chiếc", "in_storage", loc, agency, (now + timedelta(minutes=i)).isoformat(" "), folded,
                             key, "{}", "", "", False, "", "", "", "", 0, 0))
            conn.exec_driver_sql(INSERT, rows)
        if not search_index and db.is_sqlite:
            conn.exec_driver_sql("CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN INSERT INTO items_fts(rowid, "
                                 "search_text) VALUES (new.id, new.search_text); END")
    db.dispose()
    return n


def bench_table_jump(db_url: str) -> float:
    """Milliseconds to jump the item list to the row at 90 % of the items and read that row."""
    from PySide6.QtWidgets import QApplication

    from evidence_store.db.migrate import open_database
    from evidence_store.services.context import Actor
    from ui.context import AppContext, AppSignals
    from ui.models.items import ItemsModel
    from ui.screens.listing import ItemTable

    app = QApplication.instance() or QApplication([])
    db = open_database(db_url)
    try:
        model = ItemsModel(AppContext(db, Actor.system(), AppSignals()))
        view = ItemTable(model)
        view.resize(1200, 700)
        view.show()
        app.processEvents()
        row = int(model.rowCount() * 0.9)
        t0 = time.perf_counter()
        view.jump_to(row)
        app.processEvents()
        value = model.data(model.index(row, 1))
        ms = (time.perf_counter() - t0) * 1000
        assert value, "no row at the jump target"
        view.close()
        return ms
    finally:
        db.dispose()


if __name__ == "__main__":
    url = sys.argv[1] if len(sys.argv) > 1 else "sqlite:////tmp/bench-table.sqlite3"
    if len(sys.argv) > 2:
        t = time.perf_counter()
        fill_synthetic(url, int(sys.argv[2]))
        print(f"filled {sys.argv[2]} items in {time.perf_counter() - t:.1f} s")
    print(f"jump to 90 %: {bench_table_jump(url):.1f} ms")
