"""Issue #12/#18 on the screens: the item page of an item whose disposal is approved and waits to be carried out does
not offer a release or a transfer — the buttons are greyed with the domain's sentence naming the approval record —
and the release panel refuses its scan with the same reason."""

from __future__ import annotations

from evidence_store.services.commands import DecideDisposal, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal
from tests.integration.builders import phone, receive
from tests.integration.lifecycle_builders import doc, milestone, owner, run
from ui.scan_feedback import Outcome


def _approved(db, w):
    clerk = w.actor(db, "thukho")
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A112"])])
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", w.agencies["pc02"])
    code = ch.item_codes[0]
    proposal = run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "returned", doc("disposal_decision", "40/QĐ-CSHS", w.agencies["pc02"]), recipient=owner()))
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(proposal.handover_number))
    return code, proposal.handover_number


def test_the_item_page_greys_release_and_transfer_with_the_reason(main_window, shell_world):
    db, world = shell_world
    code, number = _approved(db, world)
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
    code, number = _approved(db, world)
    window = main_window("thukho")
    panel = window.navigate("release").panel
    assert panel.handle_scan(code) and panel.batch.outcome is Outcome.WRONG_PLACE
    assert number in panel.batch.indicator.text() and panel.batch.details == []
