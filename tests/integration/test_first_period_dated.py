"""Issue 17: a case opened by a back-dated intake is handled by its investigating body from the intake's time. The
first period of responsibility started when the intake was typed, so after a transfer dated in between the case view
read «Phòng Cảnh sát hình sự: từ 05/12/2026 23:12 đến 11/09/2026 10:14» — an end before its start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from evidence_store.services import responsibility

from .builders import phone, receive
from .lifecycle_builders import TODAY, read


def test_the_first_period_starts_at_the_back_dated_intake(world, clerk):
    db, w = world
    day = TODAY - timedelta(days=40)
    at = datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC).replace(tzinfo=None)
    changes = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])], started_at=at)
    periods = read(db, clerk, responsibility.history, changes.case_id)
    assert len(periods) == 1 and periods[0].ended_at is None
    assert periods[0].started_at.replace(tzinfo=None) == at
