"""Excel out and in: the demo's items exported from the Items screen and imported through the wizard into a
database without items give the same counts per category, state and location; the wizard shows every
faulty cell, imports off the UI thread, and a second run adds nothing."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from evidence_store.db.migrate import open_database
from evidence_store.demo.base import build_base
from evidence_store.demo.generate import generate
from evidence_store.services.verify import verify

from .conftest import make_ctx

H = Qt.Orientation.Horizontal
COUNTS = ("SELECT category, count(*) FROM items GROUP BY 1", "SELECT state, count(*) FROM items GROUP BY 1",
          "SELECT l.code, count(*) FROM items i JOIN locations l ON l.id = i.location_id GROUP BY 1")


@pytest.fixture(scope="module")
def demo_and_empty(tmp_path_factory):
    root = tmp_path_factory.mktemp("roundtrip")
    demo = open_database(f"sqlite:///{root / 'demo.sqlite3'}")
    generate(demo, items=240, seed=5)
    empty = open_database(f"sqlite:///{root / 'empty.sqlite3'}")
    world = build_base(empty)
    empty.dispose()
    yield demo, root / "empty.sqlite3", world
    demo.dispose()


def _counts(db):
    with db.reader.connect() as c:
        return [sorted(c.execute(text(sql)).all()) for sql in COUNTS]


def test_export_the_demo_then_import_it_into_an_empty_database(qtbot, recorder, demo_and_empty, tmp_path):
    from ui.screens.import_wizard import ImportWizard
    from ui.screens.items import ItemsScreen
    demo, empty_file, world = demo_and_empty
    path = tmp_path / "vat-chung.xlsx"
    recorder.save_path = str(path)
    items = ItemsScreen(make_ctx(demo, world, "thukho"))
    qtbot.addWidget(items)
    op = items.export()
    qtbot.waitUntil(lambda: op.result is not None, timeout=30_000)
    assert op.result.value == 240
    shutil.copy(empty_file, tmp_path / "kho.sqlite3")
    target = open_database(f"sqlite:///{tmp_path / 'kho.sqlite3'}")
    try:
        wizard = ImportWizard(make_ctx(target, world, "thukho"))
        qtbot.addWidget(wizard)
        wizard.preset_box.setCurrentIndex(next(i for i in range(wizard.preset_box.count())
                                               if wizard.preset_box.itemData(i).name == "vat-chung"))
        wizard.choose_file(str(path))
        assert wizard.combos["name"].currentData() == "Tên vật chứng"
        assert wizard.combos["location"].currentData() == "Vị trí"
        check = wizard.check()
        qtbot.waitUntil(lambda: check.result is not None, timeout=60_000)
        assert wizard.outcome.summary["ok"] == 240 and "240 hợp lệ" in wizard.summary.text()
        run = wizard.start_import()
        qtbot.waitUntil(lambda: run.result is not None, timeout=120_000)
        assert run.result.ok and wizard.outcome.imported == 240 and not wizard.labels_button.isHidden()
        assert _counts(target) == _counts(demo)
        assert verify(target).ok
        again = wizard.check()
        qtbot.waitUntil(lambda: again.result is not None, timeout=60_000)
        assert wizard.outcome.summary["imported"] == 240 and wizard.outcome.summary["ok"] == 0
    finally:
        target.dispose()


def test_the_wizard_marks_each_faulty_cell(qtbot, recorder, shell_world, tmp_path):
    from openpyxl import Workbook
    from ui.screens.import_wizard import ERROR_BG, ImportWizard
    db, world = shell_world
    book = Workbook()
    book.active.append(["Tên vật chứng", "Loại", "Số lượng", "Vụ án"])
    book.active.append(["Điện thoại Nokia", "Điện thoại di động", "1", "5/2019"])
    book.active.append(["Dao", "Dao kéo", "-3", "5/2019"])
    book.save(tmp_path / "so.xlsx")
    wizard = ImportWizard(make_ctx(db, world, "thukho"))
    qtbot.addWidget(wizard)
    wizard.choose_file(str(tmp_path / "so.xlsx"))
    check = wizard.check()
    qtbot.waitUntil(lambda: check.result is not None, timeout=30_000)
    model = wizard.model
    bad = [(r, c) for r in range(model.rowCount()) for c in range(model.columnCount()) if model.error_at(r, c)]
    cols = {model.headerData(c, H): c for c in range(model.columnCount())}
    assert {model.headerData(c, H) for _r, c in bad} == {"Loại", "Số lượng"} and all(r == 1 for r, _c in bad)
    index = model.index(1, cols["Số lượng"])
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) == ERROR_BG and model.data(index, Qt.ItemDataRole.ToolTipRole) == "số lượng phải lớn hơn 0"
    run = wizard.start_import()
    qtbot.waitUntil(lambda: run.result is not None, timeout=30_000)
    assert not run.result.ok and "1 dòng có lỗi" in recorder.texts()[-1]
    wizard.skip_box.setChecked(True)
    run = wizard.start_import()
    qtbot.waitUntil(lambda: run.result is not None, timeout=30_000)
    assert run.result.ok and wizard.outcome.imported == 1
