"""One formatting module, one time-zone policy (issue #18): screens, the CLI and paper show a stored time in the
warehouse's zone (Asia/Ho_Chi_Minh), whatever zone the workstation is set to; one Vietnamese number formatter."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from evidence_store import formatting

STORED = datetime(2026, 2, 5, 17, 30)  # naive UTC, as the database keeps it: 00:30 on the 6th in Hà Nội


@pytest.fixture(params=["UTC", "Europe/Paris", "America/New_York"])
def workstation_zone(request, monkeypatch):
    """The process's own zone set elsewhere: nothing shown may follow it."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_screens_cli_and_paper_show_the_warehouses_time(workstation_zone):
    from evidence_store.services.printing_data import local as paper_local
    from ui.models.format import date_text, datetime_text, local
    assert formatting.datetime_text(STORED) == datetime_text(STORED) == "06/02/2026 00:30"
    assert formatting.date_text(STORED) == date_text(STORED) == "06/02/2026"
    assert paper_local(STORED) == formatting.wall_time(STORED) == datetime(2026, 2, 6, 0, 30)
    assert local(STORED).utcoffset().total_seconds() == 7 * 3600


def test_a_typed_wall_time_is_read_in_the_warehouses_zone(workstation_zone):
    typed = formatting.from_wall_time(datetime(2026, 2, 6, 0, 30))
    assert typed.astimezone(UTC).replace(tzinfo=None) == STORED
    assert formatting.now_in_zone().utcoffset().total_seconds() == 7 * 3600


@pytest.mark.parametrize("value, text", [(1250000, "1.250.000"), (2.5, "2,5"), (Decimal("12.350"), "12,35"),
                                         (-1234.5, "-1.234,5"), (0, "0"), (None, "")])
def test_one_vietnamese_number_formatter(value, text):
    from evidence_store.printing.formatting import number as paper_number
    from ui.models.format import number_text
    assert formatting.number(value) == paper_number(value) == number_text(value) == text
