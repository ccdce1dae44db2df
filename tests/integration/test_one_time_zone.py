"""One time-zone policy end to end (issue #18): an act at 23:30 UTC happened at 06:30 the next morning in the
warehouse (Asia/Ho_Chi_Minh, UTC+7), and that is what the screen's history, the CLI's ``history`` and the paper
record say — whatever zone the workstation itself is set to. The zone is the administrator's setting: set to
Asia/Tokyo (UTC+9), all three say 08:30; a name the tz database does not know is refused in Vietnamese."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime

import pytest

from evidence_store.domain.chronology import DEFAULT_ZONE_NAME, set_warehouse_zone, warehouse_zone, warehouse_zone_name
from evidence_store.domain.errors import ValidationError
from evidence_store.error_texts import message
from evidence_store.services import printing, queries, settings
from evidence_store.services.context import UnitOfWork

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive

ACT = datetime(2026, 2, 5, 23, 30, tzinfo=UTC)  # the intake order is dated 05/02/2026
SHOWN = "06/02/2026 06:30"
TOKYO = "06/02/2026 08:30"  # the same act with the warehouse's zone set to Asia/Tokyo (UTC+9)


@pytest.fixture
def new_york(monkeypatch):
    """This process as a workstation set to another zone: nothing shown may follow it."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def tokyo(world):
    """The administrator sets the warehouse's zone to Asia/Tokyo; this process goes back to the default after."""
    db, w = world
    with UnitOfWork(db, w.actor(db, "quantri")) as uow:
        assert settings.set_setting(uow, "time_zone", " Asia/Tokyo ") == "Asia/Tokyo"
    yield
    set_warehouse_zone(DEFAULT_ZONE_NAME)


def _received_at_night(db, clerk):
    out = receive(db, clerk, [phone()], started_at=ACT)
    with UnitOfWork(db, clerk, write=False) as uow:
        item = queries.item_by_code(uow, out.item_codes[0])
    return out, item


def test_the_screen_and_the_paper_show_the_warehouses_morning(world, clerk, new_york):
    db, _w = world
    out, item = _received_at_night(db, clerk)
    receive_event = next(e for e in item.events if e.kind == "receive")
    assert receive_event.occurred_at.replace(tzinfo=UTC) == ACT  # stored as it happened, in UTC
    from ui.models.format import datetime_text  # what the item page's history shows (ui/screens/item_history.py)
    assert datetime_text(receive_event.occurred_at) == SHOWN
    with UnitOfWork(db, clerk, write=False) as uow:
        words = " ".join(pdf_text(printing.handover_pdf(uow, out.handover_number)).split())
    assert "06 giờ 30 phút" in words and "ngày 06 tháng 02 năm 2026" in words, words[:600]
    assert "23 giờ 30 phút" not in words and "18 giờ 30 phút" not in words  # neither UTC nor New York


@pytest.mark.sqlite_only
def test_the_cli_history_shows_the_warehouses_morning(world, clerk):
    db, _w = world
    out, _item = _received_at_night(db, clerk)
    db.dispose()
    result = subprocess.run([sys.executable, "-m", "evidence_store", "--db", str(db.sqlite_path), "history",
                             out.item_codes[0]], capture_output=True, text=True,
                            env=dict(os.environ, TZ="America/New_York"))
    assert result.returncode == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if SHOWN in ln)
    assert "05/02/2026" not in line


def test_a_changed_zone_is_what_the_screen_and_the_paper_show(world, clerk, tokyo, new_york):
    db, _w = world
    out, item = _received_at_night(db, clerk)
    receive_event = next(e for e in item.events if e.kind == "receive")
    from ui.models.format import datetime_text
    assert datetime_text(receive_event.occurred_at) == TOKYO
    with UnitOfWork(db, clerk, write=False) as uow:
        words = " ".join(pdf_text(printing.handover_pdf(uow, out.handover_number)).split())
    assert "08 giờ 30 phút" in words and "ngày 06 tháng 02 năm 2026" in words, words[:600]
    assert "06 giờ 30 phút" not in words  # not the default zone any more


@pytest.mark.sqlite_only
def test_a_changed_zone_is_what_the_cli_shows(world, clerk, tokyo):
    """A fresh process reads the zone from the database (it does not inherit this one's)."""
    db, _w = world
    out, _item = _received_at_night(db, clerk)
    set_warehouse_zone(DEFAULT_ZONE_NAME)  # only the stored setting may bring Tokyo to the command line
    db.dispose()
    result = subprocess.run([sys.executable, "-m", "evidence_store", "--db", str(db.sqlite_path), "history",
                             out.item_codes[0]], capture_output=True, text=True,
                            env=dict(os.environ, TZ="America/New_York"))
    assert result.returncode == 0, result.stderr
    assert any(TOKYO in ln for ln in result.stdout.splitlines()), result.stdout
    assert SHOWN not in result.stdout


def test_an_unknown_zone_is_refused_and_nothing_changes(world):
    db, w = world
    admin = w.actor(db, "quantri")
    for bad in ("Asia/Ha_Noi", "", "../etc/passwd", "UTC+7"):
        with UnitOfWork(db, admin) as uow, pytest.raises(ValidationError) as exc:
            settings.set_setting(uow, "time_zone", bad)
        assert exc.value.code == "time_zone_unknown" and exc.value.params["field"] == "time_zone"
        assert "Không có múi giờ" in message(exc.value) and "Asia/Ho_Chi_Minh" in message(exc.value)
    with UnitOfWork(db, admin, write=False) as uow:
        assert settings.get_setting(uow, "time_zone") == DEFAULT_ZONE_NAME
    assert warehouse_zone_name() == DEFAULT_ZONE_NAME


def test_today_is_the_warehouses_date_not_the_workstations(new_york):
    """At 23:30 UTC on 5 February the workstation (New York) is still on the 5th, Hà Nội on the 6th: a deadline counts
    from, and a request may be needed from, the 6th; and an act stored at that moment is dated the 6th."""
    from tests.conftest import REAL_TODAY
    from evidence_store.services.workflow import day_of
    moment = datetime(2026, 2, 5, 23, 30)  # stored: naive UTC
    assert REAL_TODAY(moment) == date(2026, 2, 6)
    assert REAL_TODAY(moment.replace(tzinfo=UTC)) == date(2026, 2, 6)
    assert REAL_TODAY(datetime(2026, 2, 5, 16, 59)) == date(2026, 2, 5)
    assert day_of(moment) == date(2026, 2, 6)  # was moment.date(): the 5th
    assert REAL_TODAY() == datetime.now(UTC).astimezone(warehouse_zone()).date()


def test_today_follows_the_administrators_zone(tokyo):
    from tests.conftest import REAL_TODAY
    assert REAL_TODAY(datetime(2026, 2, 5, 14, 30)) == date(2026, 2, 5)  # 23:30 in Tokyo
    assert REAL_TODAY(datetime(2026, 2, 5, 15, 30)) == date(2026, 2, 6)  # 00:30 in Tokyo
