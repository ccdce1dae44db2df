"""HANDS-ON 22: the top bar's scan message belongs to the screen it was made on; another screen starts clean."""

from __future__ import annotations

from ui.scan_feedback import Outcome

from .conftest import scanner_burst


def test_the_scan_message_does_not_follow_the_user_to_another_screen(main_window, scan_clock):
    from evidence_store.domain.codes import check_char
    window = main_window("thukho")
    code = "VC26999999" + check_char("VC26999999")
    scanner_burst(window.nav, code, scan_clock)
    indicator = window.toolbar.indicator
    assert indicator.outcome is Outcome.UNKNOWN and "VC-26-999999" in indicator.text()
    other = next(e.key for e in window.entries if e.key != window.current_key)
    window.navigate(other)
    assert window.current_key == other
    assert indicator.text() == "" and indicator.outcome is None


def test_a_scan_the_screen_takes_replaces_the_old_failure_in_the_top_bar(main_window, shell_world, scan_clock):
    """The lead's walk (issue #12): «Không đọc trọn mã quét «VT0100000»: hãy quét lại» stayed in the top bar
    after the rescan of the shelf succeeded and the screen's banner said «Vị trí: …», minutes later."""
    _db, world = shell_world
    window = main_window("thukho")
    screen = window.navigate("shelving")
    window.scan_filter.unreadable.emit("VT0100000")  # a burst that lost its Enter
    indicator = window.toolbar.indicator
    assert "Không đọc trọn mã quét «VT0100000»" in indicator.text()
    scanner_burst(window.nav, world.locations["bin_A111"], scan_clock)  # the rescan, taken by Xếp kệ
    assert screen.target is not None, screen.indicator.text()
    assert "Không đọc trọn" not in indicator.text() and indicator.outcome is None
