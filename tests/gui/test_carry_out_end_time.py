"""Issue 17 (R12, HANDS-ON 44): carrying out a destruction, «Kết thúc hồi» is not the start time proposed again —
it is blank until the clerk enters the act's real end, the act is not recorded without it, and the printed
biên bản tiêu hủy states the end he typed, not the start."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.formatting import from_wall_time, now_in_zone
from evidence_store.services import printing
from evidence_store.services.commands import DecideDisposal, NewItem, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.persistence import utcnow

from tests.integration.builders import receive
from tests.integration.lifecycle_builders import read, run, thads_council, to_enforcement
from tests.unit.printing_helpers import text as pdf_text
from ui.screens.item_view import ItemViewScreen

from .lifecycle_helpers import check_seals, ctx_for, detail, enter_act_times


def _approved_hours_ago(db, world):
    """Knives received six hours ago, their destruction proposed four and approved three hours ago."""
    clerk = world.actor(db, "thukho")
    knives = [NewItem("weapon", "Dao bầu cán gỗ", 2, "chiếc", sealed=True, seal_state="intact", seal_number="NP-77",
                      location_code=world.locations["bin_A111"])]
    got = receive(db, clerk, knives, case_number="TH-9/2026", started_at=utcnow() - timedelta(hours=6))
    qd = to_enforcement(db, world, got.case_id)
    number = run(db, clerk, propose_disposal, ProposeDisposal(
        got.item_codes, "destroyed", qd, occurred_at=utcnow() - timedelta(hours=4),
        **thads_council(world))).handover_number
    run(db, world.actor(db, "lanhdao"), approve_disposal,
        DecideDisposal(number, occurred_at=utcnow() - timedelta(hours=3)))
    return got.item_codes[0], number


def test_the_end_of_the_act_is_entered_and_printed_never_the_start(qtbot, shell_world, recorder):
    db, world = shell_world
    code, number = _approved_hours_ago(db, world)
    view = ItemViewScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(view)
    assert view.show_item(code)
    view.start_action("carry_out")
    dialog = view.dialog
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.place.setText("Lò đốt rác thải Nam Sơn, Sóc Sơn, Hà Nội")
    # the end is blank, not the start proposed again; recording without it is refused at the field
    assert not dialog.ended.entered() and dialog.ended.text() == "— chưa nhập —"
    assert dialog.submit() is None
    assert dialog.error_texts() == {"ended_at": "Cần nhập giờ kết thúc thực tế của việc xử lý"}
    assert detail(db, world, code).state == "in_storage"  # nothing recorded
    # focused and left untouched, it is blank again: the start offered to edit from is not taken
    dialog.ended.setFocus()
    dialog.place.setFocus()
    assert not dialog.ended.entered() and dialog.submit() is None
    now = now_in_zone().replace(second=0, microsecond=0, tzinfo=None)
    started, ended = now - timedelta(hours=2, minutes=10), now - timedelta(minutes=35)
    enter_act_times(qtbot, dialog, started, ended)
    check_seals(dialog)
    assert dialog.submit() is not None, (dialog.error_texts(), recorder.messages)
    assert detail(db, world, code).state == "destroyed"
    words = pdf_text(read(db, world.actor(db, "thukho"), printing.destruction_pdf, number))
    start_words = f"{started:%H} giờ {started:%M} phút"
    assert f"Hồi {start_words}, ngày {started:%d/%m/%Y}" in words, words[:800]
    assert f"kết thúc hồi {ended:%H} giờ {ended:%M} phút" in words, words[-1500:]
    assert f"kết thúc hồi {start_words}" not in words
    assert from_wall_time(ended) != from_wall_time(started)


def test_the_start_offered_is_to_the_minute_so_an_end_typed_now_is_not_in_the_future(qtbot, shell_world, recorder):
    """The start proposed carried the seconds of the moment the dialog opened (hidden by «HH:mm»); an end offered
    from it and set to the current minute could lie those seconds in the future and be refused «ở tương lai»
    (seen under Xvfb in the savings dialog, which shares the field)."""
    db, world = shell_world
    code, _number = _approved_hours_ago(db, world)
    view = ItemViewScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(view)
    assert view.show_item(code)
    view.start_action("carry_out")
    dialog = view.dialog
    assert dialog.started.dateTime().time().second() == 0
