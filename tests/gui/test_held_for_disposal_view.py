"""Issue #12/#18 on the screens: the item page of an item whose disposal is approved and waits to be carried out does
not offer a release or a transfer — the buttons are greyed with the domain's sentence naming the approval record —
and the release panel refuses its scan with the same reason."""

from __future__ import annotations

from tests.integration.lifecycle_builders import approved_return
from ui.scan_feedback import Outcome


def test_the_item_page_greys_release_and_transfer_with_the_reason(main_window, shell_world):
    db, world = shell_world
    _ch, code, number = approved_return(db, world, world.actor(db, "thukho"))
    window = main_window("thukho")
    view = window.navigate("item_view")
    view.show_item(code)
    assert "release" not in view.action_buttons and "transfer" not in view.action_buttons
    for key in ("release", "transfer"):
        button = view.unavailable_buttons[key]
        assert not button.isEnabled()
        assert number in button.toolTip() and "chờ thực hiện" in button.toolTip(), button.toolTip()
    assert "carry_out" in view.action_buttons and "move" in view.action_buttons  # the act is the next step


def test_the_release_panel_refuses_the_scan(main_window, shell_world):
    db, world = shell_world
    _ch, code, number = approved_return(db, world, world.actor(db, "thukho"))
    window = main_window("thukho")
    panel = window.navigate("release").panel
    assert panel.handle_scan(code) and panel.batch.outcome is Outcome.WRONG_PLACE
    assert number in panel.batch.indicator.text() and panel.batch.details == []
