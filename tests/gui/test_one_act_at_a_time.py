"""One act at a time, as the clerk and the officer see it (issue #11; ND 142/2024/NĐ-CP Điều 4; BLTTHS Điều 106): an
item in a release waiting for the commander's approval is refused at the scan of the Xử lý screen (and at its
«Gửi đề xuất» when scanned before), its item page greys «Xử lý vật chứng» with the reason; an item whose disposal
proposal waits is refused at the scan of the release screen and its item page greys the acts out — each time with
the service's Vietnamese sentence naming the other record."""

from __future__ import annotations

from tests.integration.builders import phone
from tests.integration.lifecycle_builders import actor_named, run
from ui.scan_feedback import Outcome
from ui.screens.disposal import DisposalScreen
from ui.screens.item_view import ItemViewScreen
from ui.screens.release import ReleaseScreen

from .lifecycle_helpers import detail, fill_return_to_owner, received, release_for_examination, screen_for


def _button_reason(view, key):
    """The item page's greyed action button and the reason it shows (tooltip), or None when it is enabled."""
    button = view.unavailable_buttons.get(key)
    return button.toolTip() if button is not None else None


def test_an_item_waiting_for_its_release_approval_cannot_be_proposed_for_disposal(qtbot, shell_world, recorder):
    db, world = shell_world
    code, other = received(db, world, [phone(location_code=world.locations["bin_A112"]),
                                       phone(location_code=world.locations["bin_A112"], seal_number="NP-0002")])
    officer = screen_for(qtbot, DisposalScreen, db, world, "canbo")
    assert officer.handle_scan(other) and officer.batch.outcome is Outcome.FOUND  # scanned before the release
    releases = screen_for(qtbot, ReleaseScreen, db, world, "thukho")
    assert release_for_examination(releases.release_panel, world, code, approve=False), recorder.messages
    number = releases.release_panel.result.number
    # scanned now: refused at once, with the reason
    assert officer.handle_scan(code) and officer.batch.outcome is not Outcome.FOUND
    text = officer.batch.indicator.text()
    assert f"đã có trong biên bản {number} đang chờ lãnh đạo duyệt xuất kho" in text and "rút biên bản đó" in text, text
    assert officer.batch.codes() == (other,)
    # the item page greys «Xử lý vật chứng» with the same sentence
    view = screen_for(qtbot, ItemViewScreen, db, world, "canbo")
    assert view.show_item(code)
    reason = _button_reason(view, "dispose")
    assert reason and number in reason and "đang chờ lãnh đạo duyệt xuất kho" in reason, reason
    # the other item, scanned before: its release prepared meanwhile, «Gửi đề xuất» is refused in the same words
    assert release_for_examination(releases.release_panel, world, other, number="16/LXK-PC02", approve=False)
    second = releases.release_panel.result.number
    fill_return_to_owner(officer.proposal, world)
    assert officer.propose() is None
    shown = officer.proposal.error_label.text()
    assert f"đã có trong biên bản {second} đang chờ lãnh đạo duyệt xuất kho" in shown, shown
    assert detail(db, world, other).events[-1].kind == "release_prepared"  # nothing recorded for the proposal


def test_an_item_with_a_pending_disposal_proposal_is_not_released(qtbot, shell_world, recorder):
    db, world = shell_world
    code = received(db, world, [phone(location_code=world.locations["bin_A112"])])[0]
    officer = screen_for(qtbot, DisposalScreen, db, world, "canbo")
    assert officer.handle_scan(code) and officer.batch.outcome is Outcome.FOUND
    fill_return_to_owner(officer.proposal, world)
    proposal = officer.propose()
    assert proposal is not None, (officer.proposal.error_label.text(), recorder.messages)
    number = proposal.handover_number
    releases = screen_for(qtbot, ReleaseScreen, db, world, "thukho")
    panel = releases.release_panel
    assert panel.handle_scan(code) and panel.batch.outcome is not Outcome.FOUND
    text = panel.batch.indicator.text()
    assert f"đang có đề xuất xử lý {number} chờ lãnh đạo phê duyệt" in text and "rút đề xuất đó" in text, text
    view = screen_for(qtbot, ItemViewScreen, db, world, "thukho")
    assert view.show_item(code)
    assert f"đã đề xuất xử lý ({number}), chờ lãnh đạo phê duyệt" in view.state_label.text()
    for key in ("release", "entrust"):
        reason = _button_reason(view, key)
        assert reason and f"đang có đề xuất xử lý {number}" in reason, (key, reason)
    # withdrawn by its proposer: the release goes
    from evidence_store.services.commands import DecideDisposal
    from evidence_store.services.disposal import withdraw_disposal
    run(db, actor_named(db, "canbo"), withdraw_disposal, DecideDisposal(number, "Chủ sở hữu chưa đến nhận"))
    assert release_for_examination(panel, world, code, approve=False), recorder.messages
    assert detail(db, world, code).events[-1].kind == "release_prepared"
