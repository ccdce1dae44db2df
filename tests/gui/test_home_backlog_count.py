"""The home screen's "held ≥ 1 year" card (TT 01/2017 Điều 13.2) is counted off the UI thread (issue #19: the
count scans every held item, ~0.5 s at a million, and froze the window at start-up); it shows once counted."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

from evidence_store.services import deadlines_service
from evidence_store.services.commands import CaseInput, DocumentInput, PersonInput, ReceiveItems
from evidence_store.services.context import UnitOfWork
from evidence_store.services.intake import receive_items
from tests.integration.builders import phone


def _received_long_ago(db, clerk, world, case_number: str, seal: str) -> None:
    """Received 400 days ago on an order of the day before, its case without any decision since."""
    pc02 = world.agencies["pc02"]
    order = DocumentInput("intake_order", f"LNK-{case_number}", date.today() - timedelta(days=401), pc02)
    with UnitOfWork(db, clerk) as uow:
        receive_items(uow, ReceiveItems(order, (phone(seal_number=seal),), PersonInput(full_name="Lê Văn Cường",
                                                                                        agency_id=pc02),
                                        new_case=CaseInput(case_number, handling_agency_id=pc02),
                                        started_at=datetime.now() - timedelta(days=400)))


def test_backlog_card_is_counted_off_the_ui_thread_and_shows_the_newest_count(main_window, shell_world, qtbot,
                                                                              monkeypatch):
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    _received_long_ago(db, clerk, world, "301/2025/CSHS", "NP-3001")
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
    _received_long_ago(db, clerk, world, "302/2025/CSHS", "NP-3002")
    home.refresh()
    assert home.numbers["pending"].text() == "1"  # the figure shown stays until the new count comes
    qtbot.waitUntil(lambda: home.numbers["pending"].text() == "2")
    assert not any(on_ui_thread)
