"""Issue #18: one scan pipeline. Each kind of scan — an item's barcode, a printed label's QR (``CODE:HASH``), a
location, a record's QR (``KVC|…``), a misread code — typed by the scanner through the app-wide filter, read once
(ui.scan_value) and taken where it means something: from the home screen and from the shelving screen."""

from __future__ import annotations

import pytest

from evidence_store.domain.codes import check_char, parse_code
from evidence_store.domain.ledger import short_hash
from evidence_store.printing.docbase import record_qr_payload
from evidence_store.services import printing
from evidence_store.services.context import UnitOfWork
from tests.integration.builders import phone, receive
from ui.scan_feedback import Outcome

from .conftest import scanner_burst


@pytest.fixture
def desk(main_window, shell_world, scan_clock):
    """The clerk's window with one phone received (its intake record printed) and a way to scan."""
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    received = receive(db, clerk, [phone()])
    with UnitOfWork(db, clerk, write=False) as uow:
        stamp = printing.handover_record(uow, received.handover_number).stamp
    window = main_window("thukho")

    class Desk:
        pass
    d = Desk()
    d.window, d.world, d.db = window, world, db
    d.code, d.record = received.item_codes[0], received.handover_number
    d.label_qr = f"{parse_code(d.code).display}:{short_hash(stamp.head_hash)}"  # as printed on the label
    d.record_qr = record_qr_payload(received.handover_number, stamp)

    def scan(text):
        target = window.focusWidget() or window.current_screen()
        scanner_burst(target, text, scan_clock)
    d.scan = scan
    return d


def _misread(code: str) -> str:
    return code[:-1] + next(c for c in "BCFGHJ" if c != check_char(code[:-1]))


def test_from_home_an_item_and_its_label_open_the_item(desk):
    window = desk.window
    window.navigate("home")
    desk.scan(desk.code)
    assert window.current_key == "item_view" and window.screens["item_view"].item.code == desk.code
    window.navigate("home")
    desk.scan(desk.label_qr)  # the label's QR is its item, not an unknown code
    assert window.current_key == "item_view" and window.screens["item_view"].item.code == desk.code
    assert window.last_lookup.outcome is Outcome.FOUND and window.last_lookup.kind == "item"


def test_from_home_a_location_opens_the_location(desk):
    window = desk.window
    window.navigate("home")
    shelf = desk.world.locations["bin_A111"]
    desk.scan(parse_code(shelf).display)
    assert window.current_key == "locations" and window.screens["locations"].current.code == shelf


def test_from_home_a_record_qr_opens_the_paper_check(desk):
    window = desk.window
    window.navigate("home")
    desk.scan(desk.record_qr)
    assert window.last_lookup.kind == "record" and window.last_lookup.found.matches
    dialog = window.last_record_dialog
    assert dialog.detail.number == desk.record and "khớp" in dialog.status.text()
    dialog.close()


def test_from_home_a_misread_code_is_told_and_opens_nothing(desk):
    window = desk.window
    window.navigate("home")
    desk.scan(_misread(desk.code))
    assert window.current_key == "home" and window.toolbar.indicator.outcome is Outcome.INVALID_CHECK


def test_in_shelving_each_kind_reaches_its_place(desk, recorder):
    window = desk.window
    shelving = window.navigate("shelving")
    shelving.table.setFocus()
    shelf = desk.world.locations["bin_A111"]
    desk.scan(shelf)  # a location: the target
    assert shelving.target.code == shelf and window.current_key == "shelving"
    desk.scan(desk.label_qr)  # a label's QR: its item joins the round
    assert [d.code for d in shelving.batch] == [desk.code] and shelving.indicator.outcome is Outcome.FOUND
    desk.scan(desk.code)  # the same item by its barcode: the same item
    assert shelving.indicator.outcome is Outcome.DUPLICATE and len(shelving.batch) == 1
    desk.scan(_misread(desk.code))
    assert shelving.indicator.outcome is Outcome.INVALID_CHECK and len(shelving.batch) == 1
    desk.scan(desk.record_qr)  # a record's QR: the main window opens its paper check; the round stays
    assert window.last_lookup.kind == "record" and window.last_record_dialog.detail.number == desk.record
    window.last_record_dialog.close()
    assert window.current_key == "shelving" and [d.code for d in shelving.batch] == [desk.code]
    assert shelving.save(), recorder.messages
