"""Application-wide key filter that catches barcode scans wherever the focus is.

Install once on the QApplication; ``scanned`` carries the scan as a typed value (``ui.scan_value.Scan``: an item,
a location, a record, a label's or a record's QR, or invalid with its reason), read once here; the main window
hands it to the active screen, which decides what it means. Keys of a scan never reach the focused widget; ordinary typing does, unchanged
(keys held back for a few milliseconds while undecided are re-sent to the widget that had focus).

Scans and typing never leak into each other (HANDS-ON 19, 20):
- keys are timed by the event's own timestamp (when the window system gives one), so a busy PC that
  delivers a scan late does not split it; when the timer fires mid-burst because the rest is still queued
  behind a stalled event loop, the burst is held longer or set aside and joined again when its keys' times
  carry on (``ScanBuffer.burst_grace``, ``rejoin``);
- a fast burst ending in Enter is a scan only when it is shaped like one of our codes
  (``scan_value.burst_scan``, the same reading that makes the ``Scan``); fast typing over RDP ("DIENTHOAISAMSUNG⏎") reaches the widget;
- a burst at scanner speed that never got its Enter is dropped, not typed into the focused widget
  (the sidebar's type-ahead would jump to another screen), and reported through ``unreadable`` — except in a
  form's text field (not the scan field): there it is a fast typist's text and reaches the field, once the
  short wait for a late continuation of a split scan is over (``ScanBuffer.typed``, issue 17).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit,
                               QWidget)

from .scan_buffer import Key, KeyKind, ScanBuffer, unread_scan
from .scan_value import Scan, burst_scan, read_scan

_MODIFIER_KEYS = {
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock,
}  # scanners press Shift for capitals: these must not break a burst
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


@dataclass(frozen=True)
class _Sent:
    """What is needed to re-create a held key press for its widget."""

    receiver: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


def key_kind(event: QKeyEvent) -> KeyKind:
    key = event.key()
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return KeyKind.ENTER
    if key == Qt.Key.Key_Tab:
        return KeyKind.TAB
    if key == Qt.Key.Key_Backspace:
        return KeyKind.BACKSPACE
    text = event.text()
    if text and text.isprintable() and not event.modifiers() & _COMMAND_MODIFIERS:
        return KeyKind.CHAR
    return KeyKind.OTHER


SCAN_FIELD = "scan_field"  # the top bar's field: what it takes is a code, a half-read one is not kept


def takes_text(widget) -> bool:
    """A field a person types text into (line edit, text box, spin/date box, editable combo), writable and not the
    scan field: keys that went there are text, never an unreadable scan to drop."""
    while widget is not None and shiboken6.isValid(widget):
        if widget.objectName() == SCAN_FIELD:
            return False
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
            return not widget.isReadOnly()
        if isinstance(widget, QAbstractSpinBox):
            return not widget.isReadOnly()
        if isinstance(widget, QComboBox):
            return widget.isEditable()
        if widget.isWindow():
            return False
        widget = widget.parentWidget()
    return False


def keys_typed_into_text(keys: tuple[Key, ...]) -> bool:
    sent = keys[0].payload
    return isinstance(sent, _Sent) and takes_text(sent.receiver)


class ScanFilter(QObject):
    """Feeds every KeyPress to a ``ScanBuffer``; emits ``scanned(scan)`` for a scanner burst, the ``Scan`` read once.

    ``clock`` returns seconds (``time.monotonic`` by default; tests pass a fake one).
    """

    scanned = Signal(object)  # a ui.scan_value.Scan
    unreadable = Signal(str)  # a scanner burst without its Enter: dropped, the text for the message

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        buffer: ScanBuffer | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._read: Scan | None = None  # the last burst's reading, kept for the scan it turns out to be
        self.buffer = buffer or ScanBuffer(accept=self._accept, unread=unread_scan, typed=keys_typed_into_text)
        self._clock = clock
        self._last_at: float | None = None  # event time of the last key (seconds)
        self._last_clock = 0.0  # our clock when that key was processed
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)
        self.enabled = True

    # -- installation ----------------------------------------------------------------------
    def install(self, app: QApplication | None = None) -> "ScanFilter":
        (app or QApplication.instance()).installEventFilter(self)
        return self

    def uninstall(self, app: QApplication | None = None) -> None:
        self.poll(force=True)
        app = app or QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # -- Qt hook ---------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self._replaying or not self.enabled:
            return False
        if not obj.isWidgetType():
            return False  # the QWindow's copy of the event; the focus widget's copy follows
        if event.key() in _MODIFIER_KEYS:
            return False
        payload = _Sent(obj, event.key(), event.modifiers(), event.text())
        decision = self.buffer.feed(event.text(), key_kind(event), self._event_time(event), payload)
        self._deliver(decision.replay)
        self._report_dropped()
        self._arm_timer()
        if decision.code is not None:
            self.scanned.emit(self._scan_of(decision.code))
        return decision.swallow

    def _accept(self, text: str) -> bool:
        self._read = burst_scan(text)
        return self._read is not None

    def _scan_of(self, text: str) -> Scan:
        """The burst's ``Scan``: the reading that accepted it (not read a second time)."""
        read, self._read = self._read, None
        return read if read is not None and read.raw == text else read_scan(text)

    def poll(self, force: bool = False) -> None:
        """Give held keys back once the pause shows they were typed (timer or ``force``)."""
        keys = self.buffer.reset() if force else self.buffer.flush(self._now())
        self._deliver(keys)
        self._report_dropped()
        self._arm_timer()

    # -- time ------------------------------------------------------------------------------
    def _event_time(self, event: QKeyEvent) -> float:
        """The key's time in seconds: the window system's timestamp when there is one (a key
        queued on a busy PC keeps the moment it was pressed), else our clock."""
        stamp = event.timestamp()
        now = self._clock()
        at = stamp / 1000.0 if stamp else now
        if self._last_at is not None and stamp and at < self._last_at - 60:
            at = now  # the stamp's counter wrapped or restarted: fall back to our clock
        self._last_at, self._last_clock = at, now
        return at

    def _now(self) -> float:
        """Our clock expressed in the event-time domain of the last key."""
        if self._last_at is None:
            return self._clock()
        return self._last_at + (self._clock() - self._last_clock)

    def _report_dropped(self) -> None:
        while self.buffer.dropped:
            self.unreadable.emit(self.buffer.dropped.pop(0))

    # -- internals -------------------------------------------------------------------------
    def _deliver(self, keys: tuple[Key, ...]) -> None:
        if not keys:
            return
        self._replaying = True
        try:
            for key in keys:
                sent: _Sent = key.payload
                target = sent.receiver if shiboken6.isValid(sent.receiver) else None
                target = target or QApplication.focusWidget()
                if target is not None:
                    event = QKeyEvent(QEvent.Type.KeyPress, sent.key, sent.modifiers, sent.text)
                    QApplication.sendEvent(target, event)
        finally:
            self._replaying = False

    def _arm_timer(self) -> None:
        deadline = self.buffer.deadline()
        if deadline is None:
            self._timer.stop()
            return
        wait_ms = max(0.0, deadline - self._now()) * 1000
        self._timer.start(int(wait_ms) + 1)
