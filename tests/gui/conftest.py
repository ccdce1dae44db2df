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
