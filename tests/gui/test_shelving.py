"""Xếp kệ by scanner: bursts of keys through the app-wide ScanFilter set the location and collect
the items; the batch is saved in one move. Wrong kinds of location, unknown codes and repeated
scans are refused with their outcome."""

from __future__ import annotations

import pytest

from evidence_store.services import queries
from evidence_store.services.context import UnitOfWork
from tests.integration.builders import phone, receive
from ui.scan_feedback import Outcome

from tests.unit.printing_helpers import text as pdf_text

from .conftest import scanner_burst


@pytest.fixture
def shelving(main_window, shell_world, scan_clock):
    """The shelving screen with three unshelved items: a phone, a knife and a motorbike."""
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    changes = receive(db, clerk, [
        phone(),
        phone(category="weapon", name="Dao nhọn cán gỗ", attributes={}, seal_number="NP-0002"),
        phone(category="motorbike", name="Xe máy Honda Wave", attributes={"plate": "29X1-123.45"},
              seal_number="NP-0003"),
        phone(name="Điện thoại Nokia chưa niêm phong", sealed=False, seal_number=""),
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
    phone_code, knife_code, *_others = shelving.codes
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
    assert shelving.indicator.text() == f"Không tìm thấy mã VC-26-999999-{check_char(body)}"  # one code format
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


# -- HANDS-ON 17/18: refusals at scan time, cells only, confirmations, a scan log ---------------

def _release_phone(shelving):
    from tests.integration.lifecycle_builders import approved_release, examination_release, run
    code = shelving.codes[0]
    clerk = shelving.world.actor(shelving.db, "thukho")
    run(shelving.db, clerk, approved_release, examination_release(shelving.world, [code]))
    return code


def test_an_item_out_on_release_is_refused_at_scan_time_with_its_state(shelving, recorder):
    code = _release_phone(shelving)
    shelving.scan(shelving.world.locations["bin_A111"])
    assert shelving.scan(code) is Outcome.REFUSED
    assert "Đang tạm xuất" in shelving.indicator.text() or "tạm xuất" in shelving.indicator.text().lower()
    assert shelving.batch == []
    assert shelving.scan(shelving.codes[1]) is Outcome.FOUND  # the next scan does not hide the refusal
    assert shelving.log.count() == 1 and "không ở trong kho" in shelving.log.item(0).text()
    assert shelving.save(), recorder.messages


def test_a_zone_is_not_a_target_and_retargeting_asks(shelving, recorder):
    assert shelving.scan(shelving.world.locations["zone_A"]) is Outcome.REFUSED
    assert shelving.target is None
    shelving.scan(shelving.world.locations["bin_A111"])
    shelving.scan(shelving.codes[0])
    recorder.confirm_answer = False
    shelving.scan(shelving.world.locations["bin_A121"])
    assert shelving.target.code == shelving.world.locations["bin_A111"]
    assert recorder.texts("confirm")
    shelving.clear()  # "Làm lại" asks too, and keeps the batch on "no"
    assert [d.code for d in shelving.batch] == [shelving.codes[0]]


# -- issue 12: an item that must be sealed is shelved only sealed (ND 127/2017) ---------------------

def test_an_unsealed_item_is_refused_with_why_and_sealed_from_the_screen(shelving, recorder, qtbot):
    unsealed = shelving.codes[3]
    a = shelving.world.agencies
    shelving.scan(shelving.world.locations["bin_A111"])
    assert shelving.scan(unsealed) is Outcome.REFUSED
    text = shelving.indicator.text()
    assert "phải được niêm phong trước khi xếp lên kệ" in text and "Niêm phong vật chứng này" in text
    assert shelving.batch == [] and not shelving.seal_button.isHidden()
    assert shelving.seal_button.isEnabled()
    shelving.seal_button.click()  # the seal dialog of ND 127/2017, for the item just refused
    dialog = shelving.dialog
    assert dialog is not None and dialog.code == unsealed and dialog.isVisible()
    dialog.seal_number.setText("NP-7002")
    dialog.request_number.setText("15/YC-CSHS")
    dialog.request_issuer.setCurrentIndex(dialog.request_issuer.findData(a["pc02"]))
    dialog.organiser.setText("Trần Đức Hùng")
    dialog.organiser_position.setText("Điều tra viên")
    dialog.organiser_agency.setCurrentIndex(dialog.organiser_agency.findData(a["pc02"]))
    dialog.witness.setText("Lê Quang Sơn")
    dialog.submit()
    assert not recorder.texts("error"), recorder.messages
    assert "Đã niêm phong" in dialog.error_label.text() and dialog.paper_button.isVisible()
    paper = dialog.print_seal_paper()  # the giấy niêm phong to stick on the package (ND 127/2017 Điều 3.3)
    words = " ".join(pdf_text(paper.pdf).split())
    assert "GIẤY NIÊM PHONG" in words and "Số niêm phong: NP-7002" in words and "Trần Đức Hùng" in words
    assert dialog.number in words and "Lê Quang Sơn" in words
    record = dialog.print_record()
    assert "Niêm phong vật chứng, tài liệu, đồ vật" in " ".join(pdf_text(record.pdf).split())
    paper.close()
    record.close()
    from ui.screens.handover import HandoverDialog
    register = HandoverDialog(shelving.ctx, dialog.number)  # the register's record dialog prints it again
    assert not register.seal_paper_button.isHidden()
    again = register.print_seal_paper()
    assert "Số niêm phong: NP-7002" in " ".join(pdf_text(again.pdf).split())
    again.close()
    register.close()
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()  # "Đóng"
    qtbot.waitUntil(lambda: shelving.dialog is None)
    assert [d.code for d in shelving.batch] == [unsealed]  # sealed, it joins the round
    assert shelving.seal_button.isHidden()
    assert shelving.save(), recorder.messages
    with UnitOfWork(shelving.db, shelving.ctx.actor, write=False) as uow:
        item = queries.item_by_code(uow, unsealed)
    assert item.sealed and item.seal_number == "NP-7002" and item.location_code == shelving.world.locations["bin_A111"]
