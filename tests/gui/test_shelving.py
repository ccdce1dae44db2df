"""Xếp kệ by scanner: bursts of keys through the app-wide ScanFilter set the location and collect
the items; the batch is saved in one move. Wrong kinds of location, unknown codes and repeated
scans are refused with their outcome."""

from __future__ import annotations

import pytest

from evidence_store.services import queries
from evidence_store.services.context import UnitOfWork
from tests.integration.builders import phone, receive
from ui.scan_feedback import Outcome

from .conftest import scanner_burst


@pytest.fixture
def shelving(main_window, shell_world, scan_clock):
    """The shelving screen with three unshelved items: a phone, a knife and a motorbike."""
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    changes = receive(db, clerk, [
        phone(),
        phone(category="weapon", name="Dao nhọn cán gỗ", attributes={}, seal_number="NP-0002"),
        phone(category="motorbike", name="Xe máy Honda Wave", attributes={"plate": "29X1-123.45"}, sealed=False,
              seal_number=""),
    ])
    window = main_window("thukho")
    screen = window.navigate("shelving")
    screen.table.setFocus()

    def scan(code):
        scanner_burst(screen.table, code, scan_clock)
        return screen.indicator.outcome

    screen.scan, screen.codes, screen.world, screen.db = scan, changes.item_codes, world, db
    return screen


def location_of(db, actor, code):
    with UnitOfWork(db, actor, write=False) as uow:
        return queries.item_by_code(uow, code).location_code


def test_scanned_items_are_moved_to_the_scanned_shelf(shelving, recorder):
    phone_code, knife_code, _bike = shelving.codes
    shelf = shelving.world.locations["bin_A111"]
    assert shelving.scan(shelf) is Outcome.FOUND
    assert shelving.target.code == shelf
    assert shelving.scan(phone_code) is Outcome.FOUND
    assert shelving.scan(knife_code) is Outcome.FOUND
    assert shelving.scan(phone_code) is Outcome.DUPLICATE
    assert [d.code for d in shelving.batch] == [phone_code, knife_code]
    assert shelving.save(), recorder.messages
    actor = shelving.ctx.actor
    assert location_of(shelving.db, actor, phone_code) == shelf
    assert location_of(shelving.db, actor, knife_code) == shelf
    assert shelving.batch == [] and shelving.target.occupancy == 2


def test_a_motorbike_is_refused_on_a_shelf_and_accepted_in_the_yard(shelving, recorder):
    bike = shelving.codes[2]
    shelving.scan(shelving.world.locations["bin_A111"])
    assert shelving.scan(bike) is Outcome.WRONG_PLACE
    assert "Bãi xe" in shelving.indicator.text()
    assert shelving.batch == []
    shelving.scan(shelving.world.locations["yard"])
    assert shelving.scan(bike) is Outcome.FOUND
    assert shelving.save()
    assert location_of(shelving.db, shelving.ctx.actor, bike) == shelving.world.locations["yard"]


def test_a_phone_is_refused_in_the_vehicle_yard(shelving):
    shelving.scan(shelving.world.locations["yard"])
    assert shelving.scan(shelving.codes[0]) is Outcome.WRONG_PLACE
    assert not shelving.save_button.isEnabled()


def test_unknown_and_misread_codes_are_told_apart(shelving):
    from evidence_store.domain.codes import check_char
    body = "VC26999999"
    assert shelving.scan(body + check_char(body)) is Outcome.UNKNOWN
    assert shelving.indicator.text() == f"Không tìm thấy mã {body + check_char(body)}"
    wrong = next(c for c in "BCFGHJ" if c != check_char(body))
    assert shelving.scan(body + wrong) is Outcome.INVALID_CHECK
    assert shelving.indicator.text().startswith("Mã không hợp lệ")


def test_typing_in_the_shelving_screen_is_not_taken_for_a_scan(shelving, qtbot, scan_clock):
    """A person typing slowly into the toolbar field still gets the letters."""
    field = shelving.window().toolbar.scan_field
    field.setFocus()
    from .conftest import send_text
    for ch in "abc":
        scan_clock.now += 0.3
        send_text(field, ch)
    scan_clock.now += 1
    qtbot.waitUntil(lambda: field.text() == "abc", timeout=1000)
