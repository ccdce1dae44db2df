"""Register import at scale (issue #16: 100,000 rows in under 2 minutes): a register of ``rows`` rows written as
XLSX (the shape of an old sổ theo dõi: STT, name, category, quantity, unit, case, intake order, dates, IMEI)
and imported into a database with the demo warehouse's structure, timed from reading the file to the commit."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

HEAD = ["STT", "Tên vật chứng", "Loại", "Số lượng", "ĐVT", "Đặc điểm", "Số niêm phong", "Vụ án", "Cơ quan thụ lý",
        "Số lệnh nhập kho", "Ngày lệnh nhập kho", "Ngày nhập", "IMEI"]
GOODS = (("Điện thoại di động Samsung Galaxy A{n}", "Điện thoại di động", "chiếc"),
         ("Xe mô tô Honda Wave Alpha", "Xe mô tô", "chiếc"), ("Dao nhọn cán gỗ", "Vũ khí thô sơ, hung khí", "chiếc"),
         ("Tiền Việt Nam", "Tiền Việt Nam", "đồng"), ("Ma túy đá (methamphetamine)", "Ma túy", "gam"))


def write_register(path: Path, rows: int) -> Path:
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    ws = book.create_sheet("Sổ theo dõi")
    ws.append(["SỔ THEO DÕI VẬT CHỨNG"])
    ws.append(HEAD)
    for n in range(1, rows + 1):
        name, category, unit = GOODS[n % len(GOODS)]
        year = 2015 + n % 10
        ws.append([n, name.format(n=n % 90), category, 1 + n % 3 if unit == "chiếc" else 1000 * n, unit,
                   f"Đặc điểm {n}", f"NP-{n:06d}", f"{n % 20000}/{year}/CSHS", "PC02",
                   f"{n % 5000}/LNK-PC02" if n % 2 else "", f"0{1 + n % 9}/03/{year}" if n % 2 else "",
                   f"1{n % 9}/03/{year}", f"35{n:013d}" if category.startswith("Điện") else ""])
    book.save(path)
    return path


def import_s(rows: int, *, cpu: list | None = None) -> float:
    """Seconds to import a ``rows``-row register (file reading, every row's check, the import, the commit);
    the process's CPU seconds are appended to ``cpu`` (on a shared, loaded machine the wall time overstates)."""
    from evidence_store.db.migrate import open_database
    from evidence_store.demo.base import build_base
    from evidence_store.services import register_import
    from evidence_store.services.context import UnitOfWork
    with tempfile.TemporaryDirectory() as tmp:
        register = write_register(Path(tmp) / "so.xlsx", rows)
        db = open_database(f"sqlite:///{Path(tmp) / 'kho.sqlite3'}", backup=False)
        try:
            clerk = build_base(db).actor(db, "thukho")
            t, c = time.perf_counter(), time.process_time()
            with UnitOfWork(db, clerk) as uow:
                out = register_import.import_register(uow, register, register_import.preset_named(uow, "so-cu"))
            seconds = time.perf_counter() - t
            if cpu is not None:
                cpu.append(time.process_time() - c)
            assert out.imported == rows, out.summary
            return seconds
        finally:
            db.dispose()


if __name__ == "__main__":
    import sys
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    cpu: list = []
    wall = import_s(n, cpu=cpu)
    print(f"import of {n:,} rows: {wall:.1f} s wall, {cpu[0]:.1f} s CPU")
