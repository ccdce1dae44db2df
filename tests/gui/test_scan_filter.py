"""The application-wide scan filter with real widgets (offscreen), and the scan feedback banner.

Key events carry text (QTest.keyClicks aborts on non-ASCII); a fake clock sets the pace.
"""

import wave

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication, QDialog, QLineEdit, QPushButton, QTableView, QVBoxLayout,
)

from evidence_store.domain.codes import make_code
from evidence_store.i18n import set_language
from ui.scan_feedback import PALETTE, Outcome, ScanIndicator, ScanSounds, sound_path
from ui.scan_filter import ScanFilter

CODE = "VC26000123K"
FAST, SLOW = 0.004, 0.150
KEYS = {"\r": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab, "\b": Qt.Key.Key_Backspace}


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def scans(qapp, clock):
    """The installed filter; ``scans.codes`` lists what it emitted."""
    scan_filter = ScanFilter(clock=clock).install(qapp)
    scan_filter.codes = []
    scan_filter.scanned.connect(scan_filter.codes.append)
    yield scan_filter
    scan_filter.uninstall(qapp)


def press(widget, text, clock, gap):
    """Key presses (and releases) to ``widget``, ``gap`` seconds apart, like a keyboard would."""
    for ch in text:
        clock.now += gap
        key = KEYS.get(ch, Qt.Key.Key_unknown)
        if ch.isascii() and ch.isalnum():
            key = Qt.Key(ord(ch.upper()))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def settle(qtbot, clock, check):
    """Let the user pause: time passes, the filter's timer gives held keys back."""
    clock.now += 1.0
    qtbot.waitUntil(check, timeout=1000)


@pytest.fixture
def line_edit(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    return edit


def test_scan_into_a_line_edit_emits_the_code_and_leaves_the_text_alone(qtbot, scans, clock, line_edit):
    line_edit.setText("hồ sơ")
    with qtbot.assertNotEmitted(line_edit.returnPressed):
        press(line_edit, CODE + "\r", clock, FAST)
    assert scans.codes == [CODE]
    assert line_edit.text() == "hồ sơ"


def test_slow_vietnamese_typing_reaches_the_line_edit_intact(qtbot, scans, clock, line_edit):
    press(line_edit, "Điện thoại", clock, SLOW)
    assert line_edit.text() == "Điện thoạ"  # the last key waits at most max_gap for company
    settle(qtbot, clock, lambda: line_edit.text() == "Điện thoại")
    assert scans.codes == []


def test_typed_enter_still_reaches_the_widget_after_the_text(qtbot, scans, clock, line_edit):
    with qtbot.waitSignal(line_edit.returnPressed, timeout=500):
        press(line_edit, "Số 12\r", clock, SLOW)
    assert line_edit.text() == "Số 12"


def test_typing_then_a_scan_keeps_both_apart(qtbot, scans, clock, line_edit):
    press(line_edit, "Số 12", clock, SLOW)
    clock.now += 0.4
    press(line_edit, CODE + "\r", clock, FAST)
    assert line_edit.text() == "Số 12"
    assert scans.codes == [CODE]


def test_ime_backspace_inside_a_scan(qtbot, scans, clock, line_edit):
    press(line_edit, "VC2X\b6000123K\r", clock, FAST)
    assert scans.codes == [CODE]
    assert line_edit.text() == ""


def test_twenty_scans_in_a_row(qtbot, scans, clock, line_edit):
    codes = [make_code("VC", 26, n).compact for n in range(1, 21)]
    for code in codes:
        press(line_edit, code + "\r", clock, FAST)
        clock.now += 0.05
    assert scans.codes == codes
    assert line_edit.text() == ""


def test_the_filter_hands_over_the_scan_read_once_with_what_it_is(qtbot, scans, clock, line_edit, monkeypatch):
    """Issue #18: the filter turns the burst into a typed value — an item, a location, a label's QR (its item), a
    record's QR — read once; the same reading told it from typing, nobody reads it again."""
    from ui import scan_filter, scan_value
    from ui.scan_value import ScanKind
    reads, read = [], scan_value.read_scan
    counted = lambda raw: reads.append(raw) or read(raw)  # noqa: E731
    monkeypatch.setattr(scan_value, "read_scan", counted)
    monkeypatch.setattr(scan_filter, "read_scan", counted, raising=False)
    item = make_code("VC", 26, 123).compact  # CODE's check character is wrong: invalid, with its reason
    press(line_edit, item + "\r", clock, FAST)
    assert reads == [item] and scans.codes[0].kind is ScanKind.ITEM
    location = make_code("VT", 1, 21).display
    for text in (location, item + ":3FA9C2E1AB12", "KVC|624/2026/BB-GN|0123456789AB|17|0123456789AB"):
        clock.now += 0.05
        press(line_edit, text + "\r", clock, FAST)
    clock.now += 0.05
    press(line_edit, CODE + "\r", clock, FAST)
    assert [s.kind for s in scans.codes] == [ScanKind.ITEM, ScanKind.LOCATION, ScanKind.LABEL_QR, ScanKind.RECORD_QR,
                                             ScanKind.INVALID]
    assert scans.codes[1] == make_code("VT", 1, 21).compact and scans.codes[2] == item  # the label's item
    assert scans.codes[3].record.number == "624/2026/BB-GN" and scans.codes[4].reason == "bad_check_character"
    assert line_edit.text() == ""


@pytest.fixture
def table(qtbot):
    model = QStandardItemModel()
    for name in ("Điện thoại", "Ví da", "Xe máy", "Laptop"):
        model.appendRow(QStandardItem(name))
    view = QTableView()
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)  # a list: letters search it
    view.setModel(model)
    qtbot.addWidget(view)
    view.show()
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    return view


def test_scan_while_a_table_has_focus_does_not_move_the_selection(qtbot, scans, clock, table):
    press(table, CODE + "\t", clock, FAST)  # 'V' would jump to "Ví da", Tab to the next cell
    assert scans.codes == [CODE]
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, 0)
    assert table.model().index(0, 0).data() == "Điện thoại"


def test_typing_in_a_table_still_searches_it(qtbot, scans, clock, table):
    press(table, "X", clock, SLOW)
    settle(qtbot, clock, lambda: table.currentIndex().row() == 2)  # "Xe máy"
    assert scans.codes == []


def test_scan_in_a_dialog_does_not_press_its_default_button(qtbot, scans, clock):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    edit, ok = QLineEdit(dialog), QPushButton("OK", dialog)
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(edit)
    layout.addWidget(ok)
    dialog.show()
    edit.setFocus()
    press(edit, CODE + "\r", clock, FAST)
    assert scans.codes == [CODE] and dialog.isVisible() and edit.text() == ""
    press(edit, "Ví\r", clock, SLOW)  # the person's Enter does
    assert edit.text() == "Ví" and dialog.result() == QDialog.DialogCode.Accepted


def test_held_keys_go_back_to_the_widget_that_had_focus(qtbot, scans, clock, line_edit):
    other = QLineEdit()
    qtbot.addWidget(other)
    press(line_edit, "a", clock, SLOW)
    other.show()
    other.setFocus()  # focus moves before the pause ends
    settle(qtbot, clock, lambda: line_edit.text() == "a")
    assert other.text() == ""


def test_uninstalled_filter_lets_everything_through(qtbot, qapp, scans, clock, line_edit):
    scans.uninstall(qapp)
    press(line_edit, CODE + "\r", clock, FAST)
    assert line_edit.text() == CODE and scans.codes == []


# -- feedback ------------------------------------------------------------------------------

class Beeps:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1


@pytest.fixture
def indicator(qtbot):
    beeps = Beeps()
    label = ScanIndicator(sounds=ScanSounds(use_multimedia=False, beep=beeps), flash_ms=50)
    label.beeps = beeps
    qtbot.addWidget(label)
    label.show()
    return label


@pytest.mark.parametrize("outcome, params, text", [
    (Outcome.FOUND, {"code": CODE}, "Đã tìm thấy"),
    (Outcome.UNKNOWN, {"code": CODE}, f"Không tìm thấy mã {CODE}"),
    (Outcome.INVALID_CHECK, {"code": "VC26000123B"}, "Mã không hợp lệ (sai ký tự kiểm tra): VC26000123B"),
    (Outcome.DUPLICATE, {}, "Vật chứng đã có trong danh sách"),
    (Outcome.WRONG_PLACE, {"expected": "VT-26-000001-H"}, "Sai vị trí: vật chứng thuộc VT-26-000001-H"),
])
def test_indicator_flashes_colour_and_message_then_calms(qtbot, indicator, outcome, params, text):
    indicator.show_outcome(outcome, **params)
    assert indicator.text() == text
    assert PALETTE[outcome].background in indicator.styleSheet()
    qtbot.waitUntil(lambda: indicator.beeps.count == PALETTE[outcome].beeps, timeout=2000)
    qtbot.waitUntil(lambda: not indicator.flashing, timeout=1000)
    assert PALETTE[outcome].background not in indicator.styleSheet()
    assert indicator.text() == text  # still readable after the flash


def test_every_outcome_looks_sounds_and_beeps_different():
    looks = list(PALETTE.values())
    assert len({look.background for look in looks}) == len(looks) == len(Outcome)
    assert len({look.beeps for look in looks}) == len(looks)
    sounds = {sound_path(o).read_bytes() for o in Outcome}
    assert len(sounds) == len(Outcome)
    for outcome in Outcome:
        with wave.open(str(sound_path(outcome))) as wav:
            assert 0.05 < wav.getnframes() / wav.getframerate() < 0.6  # short, not silent


def test_indicator_speaks_english_when_asked(indicator):
    set_language("en")
    try:
        indicator.show_outcome(Outcome.WRONG_PLACE, expected="VT-26-000001-H")
        assert indicator.text() == "Wrong place: this item belongs in VT-26-000001-H"
    finally:
        set_language("vi")


def test_muted_sounds_do_not_beep(qtbot):
    beeps = Beeps()
    ScanSounds(use_multimedia=False, beep=beeps, muted=True).play(Outcome.UNKNOWN)
    qtbot.wait(100)
    assert beeps.count == 0


# -- HANDS-ON 19/20: scans and typing never leak into each other ------------------------------

def test_fast_typing_ending_in_enter_is_not_swallowed_as_a_scan(qtbot, scans, clock, line_edit):
    """Typing over RDP arrives at scanner speed; text that is not one of our codes stays typing."""
    with qtbot.waitSignal(line_edit.returnPressed, timeout=500):
        press(line_edit, "DIENTHOAISAMSUNG\r", clock, FAST)
    assert line_edit.text() == "DIENTHOAISAMSUNG"
    assert scans.codes == []


def test_a_scan_without_its_enter_is_not_typed_into_a_list(qtbot, scans, clock):
    """The sidebar's type-ahead must not jump when a burst loses its Enter; the filter reports it."""
    from PySide6.QtWidgets import QListWidget
    nav = QListWidget()
    nav.addItems(["Trang chủ", "Vật chứng", "Vụ án", "VC kho"])
    qtbot.addWidget(nav)
    nav.show()
    nav.setCurrentRow(0)
    nav.setFocus()
    dropped = []
    scans.unreadable.connect(dropped.append)
    press(nav, CODE, clock, FAST)
    settle(qtbot, clock, lambda: dropped == [CODE])
    assert nav.currentRow() == 0
    assert scans.codes == []


def test_keys_are_timed_by_their_event_timestamps(qtbot, scans, clock, line_edit):
    """On a busy PC the keys are processed 100 ms apart but were pressed 4 ms apart: one scan."""
    stamp = 50_000
    for ch in CODE + "\r":
        clock.now += 0.100  # processed late
        stamp += 4  # pressed at scanner speed
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(stamp)
            QApplication.sendEvent(line_edit, event)
    assert scans.codes == [CODE]
    assert line_edit.text() == ""


def _stamped(widget, text, clock, stamp, gap_ms=4):
    """Key presses carrying their window-system timestamps ``gap_ms`` apart; returns the last stamp."""
    for ch in text:
        clock.now += gap_ms / 1000
        stamp += gap_ms
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key(ord(ch))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
            event.setTimestamp(stamp)
            QApplication.sendEvent(widget, event)
    return stamp


def test_a_scan_is_not_split_when_the_event_loop_stalls_mid_burst(qtbot, scans, clock, line_edit):
    """Heavy CPU load: the filter's timer fires (our clock: 300 ms of silence) while the rest of the burst is still
    queued; the keys' timestamps show one burst, so it is one scan — no "Không đọc trọn mã quét", nothing typed."""
    dropped = []
    scans.unreadable.connect(dropped.append)
    stamp = _stamped(line_edit, CODE[:7], clock, 80_000)
    clock.now += 0.300  # the PC is busy: the timer gets its turn first
    qtbot.wait(260)
    assert not scans.buffer.holding  # the timer did run
    _stamped(line_edit, CODE[7:] + "\r", clock, stamp)
    assert scans.codes == [CODE] and dropped == [] and line_edit.text() == ""


def test_the_start_of_a_burst_is_not_typed_when_the_loop_stalls(qtbot, scans, clock, line_edit):
    """Three keys in 8 ms, then the loop stalls for 150 ms: they are not typed into the widget."""
    stamp = _stamped(line_edit, CODE[:3], clock, 90_000)
    clock.now += 0.150
    qtbot.wait(80)
    assert line_edit.text() == ""
    _stamped(line_edit, CODE[3:] + "\r", clock, stamp)
    assert scans.codes == [CODE] and line_edit.text() == ""
