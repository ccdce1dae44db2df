"""Issue 17: a fast typist's text in a form field is never lost. Keys faster than the scanner threshold (here 15 ms
a key, a 12-digit CCCD typed without Enter) went to the app-wide filter, which held them as an unterminated scanner
burst and dropped them as an "unreadable scan": the field stayed empty. In a text field the keys are text; elsewhere
(a list's type-ahead) an unterminated burst is still dropped, and a scan split by a stalled loop still joins."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QPlainTextEdit, QVBoxLayout

from .test_scan_filter import CODE, clock, press, scans, settle  # noqa: F401 (fixtures)

TYPIST = 0.015  # seconds a key: faster than the filter's 30 ms scanner threshold


def _form(qtbot):
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    id_number, notes = QLineEdit(), QPlainTextEdit()
    layout.addWidget(id_number)
    layout.addWidget(notes)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, id_number, notes


def test_a_fast_typist_s_digits_reach_the_field_and_nothing_is_reported(qtbot, scans, clock):
    _dialog, id_number, _notes = _form(qtbot)
    id_number.setFocus()
    dropped = []
    scans.unreadable.connect(dropped.append)
    press(id_number, "001179660110", clock, TYPIST)
    settle(qtbot, clock, lambda: id_number.text() == "001179660110")
    assert dropped == [] and scans.codes == []


def test_typing_that_goes_on_after_a_fast_burst_keeps_its_order(qtbot, scans, clock):
    _dialog, _id_number, notes = _form(qtbot)
    notes.setFocus()
    press(notes, "0912345678", clock, TYPIST)
    clock.now += 0.300  # a breath, shorter than the wait for a split scan's rest
    press(notes, " ab", clock, 0.120)
    settle(qtbot, clock, lambda: notes.toPlainText() == "0912345678 ab")
    assert scans.codes == []


def test_the_scan_field_and_lists_still_drop_an_unended_burst(qtbot, scans, clock):
    dialog, _id_number, _notes = _form(qtbot)
    scan_field = QLineEdit(dialog)
    scan_field.setObjectName("scan_field")
    nav = QListWidget(dialog)
    nav.addItems(["Trang chủ", "VC kho"])
    nav.setCurrentRow(0)
    dialog.layout().addWidget(scan_field)
    dialog.layout().addWidget(nav)
    dropped = []
    scans.unreadable.connect(dropped.append)
    for widget in (scan_field, nav):
        widget.setFocus()
        press(widget, CODE, clock, 0.004)
        settle(qtbot, clock, lambda n=len(dropped): len(dropped) == n + 1)
    assert dropped == [CODE, CODE] and scan_field.text() == "" and nav.currentRow() == 0
