"""HANDS-ON 36: after a release is saved the form starts clean (the order, the receiver and the due date of the
last release are not silently reused), and another case's lệnh xuất kho typed again is refused, naming its case."""

from __future__ import annotations

import pytest

from tests.integration.builders import phone
from ui.scan_feedback import ScanSounds
from ui.screens.release import ReleaseScreen

from .lifecycle_helpers import ctx_for, detail, received, release_for_examination


@pytest.fixture
def panel(qtbot, shell_world, recorder):
    db, world = shell_world
    screen = ReleaseScreen(ctx_for(db, world, "thukho"))
    screen.release_panel.batch.indicator.sounds = ScanSounds(muted=True)
    qtbot.addWidget(screen)
    screen.db, screen.world = db, world
    return screen


def test_the_form_is_cleared_and_another_cases_order_is_refused(panel, recorder):
    screen, panel = panel, panel.release_panel
    db, world = screen.db, screen.world
    first = received(db, world, case_number="66/2026")[0]
    second = received(db, world, [phone(location_code=world.locations["bin_A111"])], case_number="52/2026")[0]
    assert release_for_examination(panel, world, first, number="201/LXK-PC02"), recorder.messages
    f = panel.form
    assert f.value("order_number") in ("", None) and f.value("receiver_name") in ("", None)
    assert f.value("order_signer") in ("", None)
    assert not release_for_examination(panel, world, second, number="201/LXK-PC02")
    assert detail(db, world, second).state == "in_storage"
    assert any("66/2026" in m[-1] for m in recorder.messages) or "66/2026" in (f.error("order_number") or ""), \
        (recorder.messages, f.error("order_number"))
