"""GUI tests run headless with pytest-qt (PySide6)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def send_text(widget, text):
    """Unicode-safe replacement for qtbot.keyClicks, which aborts on non-ASCII ('Đ', 'ậ')."""
    for ch in text:
        for event_type in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(event_type, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def type_text(qapp):
    """``type_text(widget, text)``: deliver ``text`` to ``widget`` as key presses with text."""
    return send_text


# -- the application shell (login, main window, intake, shelving) ---------------------------------

class ScanClock:
    """A fake monotonic clock for the app-wide ScanFilter: tests decide how fast keys come."""

    def __init__(self):
        self.now = 5000.0

    def __call__(self):
        return self.now


_SCAN_KEYS = {"\r": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab}


def scanner_burst(widget, code, clock, gap=0.004):
    """What a USB scanner types: the code's keys a few ms apart, then Enter."""
    for ch in code + "\r":
        clock.now += gap
        key = _SCAN_KEYS.get(ch) or (Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
    clock.now += 0.5


class Recorder:
    """The headless Interaction: records every message; answers confirmations and file prompts."""

    def __init__(self):
        self.messages = []  # (kind, title, text)
        self.confirm_answer = True
        self.passwords = []
        self.open_files = []
        self.save_path = None

    def _log(self, kind, title, text):
        self.messages.append((kind, title, text))

    def info(self, title, text, parent=None):
        self._log("info", title, text)

    def warn(self, title, text, parent=None):
        self._log("warn", title, text)

    def error(self, title, text, parent=None):
        self._log("error", title, text)

    def confirm(self, title, text, parent=None):
        self._log("confirm", title, text)
        return self.confirm_answer

    def ask_password(self, title, prompt, parent=None):
        self._log("password", title, prompt)
        return self.passwords.pop(0) if self.passwords else None

    def ask_open_files(self, title, filters, parent=None):
        return list(self.open_files)

    def ask_save_path(self, title, suggested, filters, parent=None):
        return self.save_path

    def texts(self, kind="error"):
        return [text for k, _t, text in self.messages if k == kind]


@pytest.fixture
def recorder(qapp):
    from ui import dialogs
    rec = Recorder()
    previous = dialogs.set_interaction(rec)
    yield rec
    dialogs.set_interaction(previous)


@pytest.fixture(scope="session")
def shell_world_template(world_template):
    """The demo warehouse's structure (agencies, locations, one user per role): the integration tests' template
    (tests/conftest.py), built once per process."""
    return world_template


@pytest.fixture
def shell_world(shell_world_template, tmp_path):
    """(db, world): a fresh copy of the demo structure for this test."""
    import shutil
    from evidence_store.db.migrate import open_database
    src, world = shell_world_template
    path = tmp_path / "kho.sqlite3"
    shutil.copy(src, path)
    db = open_database(f"sqlite:///{path}")
    yield db, world
    db.dispose()


def make_ctx(db, world, username=None):
    from ui.context import AppContext, AppSignals
    actor = world.actor(db, username) if username else None
    return AppContext(db, actor, AppSignals(), "Kho vật chứng Công an thành phố Hà Nội")


@pytest.fixture
def scan_clock():
    return ScanClock()


@pytest.fixture
def main_window(qtbot, qapp, shell_world, recorder, scan_clock):
    """``main_window(username)``: the main window of a logged-in demo user, with the app-wide
    ScanFilter on a fake clock and silent scan sounds."""
    from ui.main_window import MainWindow
    from ui.scan_feedback import ScanSounds
    from ui.scan_filter import ScanFilter
    filters = []

    def build(username="thukho"):
        db, world = shell_world
        scan_filter = ScanFilter(clock=scan_clock).install(qapp)
        filters.append(scan_filter)
        window = MainWindow(make_ctx(db, world, username), scan_filter=scan_filter,
                            sounds=ScanSounds(muted=True), idle_minutes=0)
        qtbot.addWidget(window)
        window.show()
        return window

    yield build
    from ui.operations import wait_for_reads
    wait_for_reads()  # the home screen's background count (issue #19) ends before the database is closed
    for scan_filter in filters:
        scan_filter.uninstall(qapp)


@pytest.fixture(scope="session", autouse=True)
def _the_apps_font(qapp):
    """Every GUI test in the app's own font (the bundled Liberation Sans 10 pt: ui.app.apply_font, as main.py sets
    it), the one users see. Without it a test saw the system's default font until an earlier test in its process
    registered the bundled fonts (which changes what the default resolves to): under two workers a layout test's
    widths depended on which files its worker had run before (test_desk_columns, 2026-12-07)."""
    from ui.app import apply_font
    apply_font(qapp)
