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
