"""Issue 17: the top bar keeps its height while a scan message shows (a message long enough to wrap made the bar
grow by a line, ~15 px, and the whole screen below it jump down and back)."""

from __future__ import annotations

from ui.scan_feedback import Outcome


def test_a_long_scan_message_does_not_make_the_top_bar_grow(main_window, qtbot):
    window = main_window("thukho")
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    bar = window.toolbar
    qtbot.wait(20)
    resting = bar.height()
    screen_top = window.centralWidget().mapTo(window, window.centralWidget().rect().topLeft()).y()
    window.on_unreadable_scan("VT01000021VC26000045")  # the longest message the bar shows
    qtbot.wait(20)
    assert bar.height() == resting
    long_name = "Xe mô tô Honda Wave Alpha màu đỏ đen, biển kiểm soát 29B1-123.45, số khung RLHJA3906JY123456"
    bar.indicator.show_outcome(Outcome.FOUND)
    bar.indicator.setText(f"Đã tìm thấy: VC-26-000045-9 — {long_name}")
    qtbot.wait(20)
    assert bar.height() == resting
    assert window.centralWidget().mapTo(window, window.centralWidget().rect().topLeft()).y() == screen_top
    # the whole message stays readable: in the tooltip, and ``text()`` answers it whole
    assert long_name in bar.indicator.text() and long_name in bar.indicator.toolTip()
    bar.indicator.calm_and_clear()
    qtbot.wait(20)
    assert bar.height() == resting and bar.indicator.text() == "" and bar.indicator.toolTip() == ""
