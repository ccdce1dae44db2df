"""The demo from the first-run screen: cancelling it, or a kill half-way, never leaves a half-built warehouse
that opens to a login (HANDS-ON 2; issue #18: a killed demo cannot be re-run)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from evidence_store.demo import marker
from evidence_store.services import setup
from evidence_store.services.context import UnitOfWork
from ui import operations
from ui.context import AppContext, AppSignals
from ui.screens import setup as setup_screen


def _state(db) -> tuple[bool, bool]:
    with UnitOfWork(db, write=False) as uow:
        return setup.demo_half_built(uow), setup.is_initialised(uow)


def _half_built(db) -> None:
    """What a kill at the first progress step leaves: the base structure and users, marked running."""
    with pytest.raises(marker.DemoCancelled):
        marker.build(db, 30, cancelled=lambda: True)
    assert _state(db) == (True, True)


def test_cancelling_the_demo_leaves_an_empty_database(qtbot, db, recorder, monkeypatch):
    monkeypatch.setattr(setup_screen, "DEMO_ITEMS", 60)
    ctx = AppContext(db, None, AppSignals())
    dialog = setup_screen.SetupDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.load_demo()
    (job,) = list(operations._running)
    job.dialog.canceled.emit()  # what the progress dialog's "Hủy" button emits
    qtbot.waitUntil(lambda: not operations._running and dialog.isEnabled(), timeout=60_000)
    assert "Đã hủy nạp dữ liệu mẫu; cơ sở dữ liệu vẫn trống." in recorder.texts("info")
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.username == ""
    assert _state(ctx.db) == (False, False)  # empty again: the setup form can be used at once
    ctx.db.dispose()


def test_a_killed_demo_is_offered_to_start_again_not_a_login(qtbot, db, recorder, monkeypatch):
    from ui import app
    _half_built(db)
    ctx = AppContext(db, None, AppSignals())
    recorder.confirm_answer = False
    assert app.first_run(ctx) is None  # "Thoát": nothing deleted, no login offered
    assert _state(ctx.db) == (True, True)
    assert any("bị ngắt giữa chừng" in t for t in recorder.texts("confirm"))
    shown = []
    monkeypatch.setattr(setup_screen.SetupDialog, "exec", lambda self: shown.append(self) or 0)
    recorder.confirm_answer = True
    # the half-built demo's own tables are dropped (the SQLite file, or the tables of the PostgreSQL database the
    # demo was building: its marker says nothing else lives there) and the setup form opens on an empty database
    assert app.first_run(ctx) is None and len(shown) == 1
    assert _state(ctx.db) == (False, False)
    ctx.db.dispose()


def test_the_command_line_demo_rebuilds_what_the_screen_left(tmp_path, capsys):
    from evidence_store.cli import main
    from evidence_store.db.migrate import open_database
    url = f"sqlite:///{tmp_path / 'kho.sqlite3'}"
    db = open_database(url)
    _half_built(db)
    db.dispose()
    assert main(["--db", url, "demo", "--items", "40"]) == 0
    assert "dở dang" in capsys.readouterr().err
    db = open_database(url)
    assert _state(db) == (False, True)
    db.dispose()
