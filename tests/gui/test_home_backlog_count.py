"""The home screen's "held ≥ 1 year" card (TT 01/2017 Điều 13.2: items THADS has held a year without a judgment) is
counted off the UI thread (issue #19: it froze the window at start-up); it shows once counted. The review shows where
the deadlines are shown — the home table, Việc cần làm — for the clerk and the commander (issue 12, R34)."""

from __future__ import annotations

import threading

from evidence_store.domain.deadlines import DEADLINE_LABELS, DeadlineKind
from evidence_store.domain.codes import parse_code
from evidence_store.services import deadlines_service
from tests.integration.lifecycle_builders import held_by_thads


def _received_long_ago(db, clerk, world, case_number: str) -> str:
    """Received 400 days ago, handed to THADS 380 days ago, no judgment since: its code."""
    return held_by_thads(db, world, clerk, received_days_ago=400, thads_days_ago=380,
                         case_number=case_number).item_codes[0]


def test_backlog_card_is_counted_off_the_ui_thread_and_shows_the_newest_count(main_window, shell_world, qtbot,
                                                                              monkeypatch):
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    _received_long_ago(db, clerk, world, "301/2025/CSHS")
    on_ui_thread: list[bool] = []
    count = deadlines_service.pending_year_count

    def spy(uow, today):
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        return count(uow, today)

    monkeypatch.setattr(deadlines_service, "pending_year_count", spy)
    window = main_window("thukho")
    home = window.screens["home"]
    qtbot.waitUntil(lambda: home.numbers["pending"].text() == "1")
    assert on_ui_thread and not any(on_ui_thread)  # never on the UI thread: the window is usable meanwhile
    _received_long_ago(db, clerk, world, "302/2025/CSHS")
    home.refresh()
    assert home.numbers["pending"].text() == "1"  # the figure shown stays until the new count comes
    qtbot.waitUntil(lambda: home.numbers["pending"].text() == "2")
    assert not any(on_ui_thread)


def test_the_clerk_and_the_commander_see_the_review_among_the_deadlines_and_in_their_tasks(main_window, shell_world,
                                                                                          qtbot):
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    code = _received_long_ago(db, clerk, world, "303/2025/CSHS")
    held_by_thads(db, world, clerk, received_days_ago=400, thads_days_ago=None,
                  case_number="304/2025/CSHS")  # as long in the warehouse, at the police stage: no review
    label = str(DEADLINE_LABELS[DeadlineKind.PENDING_REVIEW])
    for user in ("thukho", "lanhdao"):
        window = main_window(user)
        home = window.screens["home"]
        home.refresh()
        qtbot.waitUntil(lambda: home.numbers["pending"].text() == "1")
        rows = [[home.deadlines.item(r, c).text() for c in range(home.deadlines.columnCount())]
                for r in range(home.deadlines.rowCount())]
        reviews = [r for r in rows if r[2] == label]
        assert len(reviews) == 1 and reviews[0][3] == parse_code(code).display, rows
        assert reviews[0][1] == "Quá hạn" and "Thi hành án" in reviews[0][6]  # THADS is to call the review
        inbox = home.open_card("pending")  # the card opens the reviews due in Việc cần làm
        assert window.current_key == "inbox"
        assert [t.ref for t in inbox.tasks] == [code] and inbox.table.rowCount() == 1
        model = inbox.table.model()  # the inbox is a table model over its tasks (issue #19)
        cells = [model.index(0, c).data() for c in range(model.columnCount())]
        assert cells[1] == parse_code(code).display and label in cells[3], cells
        window.close()
