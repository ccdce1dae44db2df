"""Nhập kho wizard: a three-item handover received end to end, and its refusals shown at the field
with nothing half-saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from evidence_store.services import queries
from evidence_store.services.context import UnitOfWork

from .conftest import send_text
from evidence_store.domain import chronology

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8"
                    "cfc0f01f0005000201ffa6e2b50000000049454e44ae426082")


def enter(widget):
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"))


def choose(combo, text_part):
    combo.setCurrentIndex(next(i for i in range(combo.count()) if text_part in combo.itemText(i)))


@pytest.fixture
def wizard(main_window):
    window = main_window("thukho")
    window.scan_filter.enabled = False  # typing here comes all at once, like a scanner would
    screen = window.navigate("intake")
    screen.db = window.ctx.db
    return screen


def fill_case_order_giver(wizard):
    case, order, giver = wizard.steps[0].form, wizard.steps[1].form, wizard.steps[2].form
    send_text(case.widget("case_number"), "125/2026/CSHS")
    send_text(case.widget("offence"), "Trộm cắp tài sản (Điều 173 BLHS)")
    choose(case.widget("handling_agency"), "Cảnh sát hình sự")
    wizard.next()
    send_text(order.widget("order_number"), "12/LNK-PC02")
    choose(order.widget("issuing_agency"), "Cơ quan Cảnh sát điều tra")
    send_text(order.widget("signer_name"), "Phạm Quang Dũng")
    send_text(order.widget("seizure_number"), "45/BB-TG")
    order.widget("seizure_date").setDate(QDate(2026, 2, 3))
    choose(order.widget("seizure_issuer"), "Hoàn Kiếm")
    wizard.next()
    send_text(giver.widget("giver_name"), "Lê Văn Cường")
    send_text(giver.widget("rank"), "Đại úy")
    choose(giver.widget("giver_agency"), "Cảnh sát hình sự")
    send_text(giver.widget("id_number"), "001088012345")
    send_text(giver.widget("letter_number"), "15/GGT-PC02")
    giver.widget("letter_date").setDate(QDate(2026, 2, 4))
    enter(giver.widget("phone"))  # Enter on the last field moves on


def add_items(wizard, photo):
    step = wizard.steps[3]
    send_text(step.form.widget("name"), "Điện thoại di động Samsung Galaxy A52")
    send_text(step.attrs.widget("imei"), "356789012345672")  # a valid Luhn digit
    step.sealed.setChecked(True)
    send_text(step.details.widget("seal_number"), "NP-004510")
    choose(step.seal_state, "Nguyên vẹn")  # the seal looked at: stated, never assumed (ND 127/2017)
    step.choose_photos()
    assert step.add_item()
    choose(step.category, "Xe mô tô")
    send_text(step.form.widget("name"), "Xe máy Honda Wave Alpha màu đỏ")
    send_text(step.attrs.widget("plate"), "29X1-123.45")
    send_text(step.attrs.widget("frame_no"), "RLHJA3920KY123456")
    step.sealed.setChecked(True)
    send_text(step.details.widget("seal_number"), "NP-004511")
    choose(step.seal_state, "Nguyên vẹn")
    assert step.add_item()
    add_knife(step, "Nguyên vẹn")
    assert len(step.items) == 3
    enter(step.form.widget("name"))  # Enter on an empty name moves on


def add_knife(step, seal_found):
    """A sealed knife, its seal as found (``seal_found``: a choice's words), added by Enter on the last field."""
    choose(step.category, "Vũ khí thô sơ")
    send_text(step.form.widget("name"), "Dao nhọn cán gỗ")
    step.sealed.setChecked(True)
    send_text(step.details.widget("seal_number"), "NP-004512")
    choose(step.seal_state, seal_found)  # the seal looked at: stated, never assumed (ND 127/2017)
    enter(step.seal_state)  # Enter on the last field adds the item


def item_count(db):
    with db.reader.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM items")).scalar()


def test_three_item_handover_is_received(wizard, recorder, tmp_path):
    photo = tmp_path / "dien-thoai.png"
    photo.write_bytes(PNG)
    recorder.open_files = [str(photo)]
    fill_case_order_giver(wizard)
    assert wizard.index == 3
    add_items(wizard, photo)
    assert wizard.index == 4
    places = wizard.steps[4].location_codes()
    assert places[1] and places[1] != places[0]  # the motorbike goes to the yard, not a shelf
    wizard.next()
    assert wizard.index == 5 and "Xe máy Honda Wave Alpha" in wizard.steps[5].view.toPlainText()
    wizard.next()
    assert recorder.texts() == [], recorder.messages
    assert wizard.index == 6
    codes = wizard.changes.item_codes
    assert len(codes) == 3 and wizard.changes.handover_number.endswith("/BB-GN")
    with UnitOfWork(wizard.db, wizard.ctx.actor, write=False) as uow:
        phone, bike, knife = (queries.item_by_code(uow, c) for c in codes)
    assert phone.attributes == {"imei": "356789012345672"} and [p.filename for p in phone.photos] == ["dien-thoai.png"]
    assert bike.attributes["plate"] == "29X1-123.45" and bike.location_code == places[1]
    assert knife.sealed and knife.seal_number == "NP-004512"
    assert phone.case_number == "125/2026/CSHS"
    assert phone.events[0].document_number == "12/LNK-PC02"


def test_missing_fields_are_told_at_the_field(wizard, recorder):
    wizard.next()
    form = wizard.steps[0].form
    assert wizard.index == 0
    assert form.error("case_number") == "Cần nhập số vụ án"
    assert "border" in form.widget("case_number").styleSheet()
    assert form.error("handling_agency") == "Cần nhập cơ quan thụ lý"
    send_text(form.widget("case_number"), "125/2026/CSHS")
    send_text(form.widget("offence"), "Trộm cắp tài sản")
    choose(form.widget("handling_agency"), "Cảnh sát hình sự")
    wizard.next()
    assert form.error("case_number") == "" and wizard.index == 1
    wizard.next()
    assert wizard.steps[1].form.error("order_number") == "Cần nhập số lệnh nhập kho"
    assert recorder.messages == []


def test_items_step_refuses_an_empty_list_and_a_seal_without_number(wizard, recorder):
    fill_case_order_giver(wizard)
    step = wizard.steps[3]
    wizard.next()
    assert wizard.index == 3 and step.table_error.text() == "Chưa có vật chứng nào trong danh sách"
    send_text(step.form.widget("name"), "Dao nhọn")
    step.sealed.setChecked(True)
    assert not step.add_item()
    assert step.details.error("seal_number") == "Cần nhập số niêm phong"
    # the seal looked at, its condition stated: never assumed intact (ND 127/2017; issue #12)
    assert step.details.error("seal_state") == "Cần nhập tình trạng niêm phong"
    send_text(step.details.widget("seal_number"), "NP-004512")
    choose(step.seal_state, "Rách, mất")
    assert step.add_item() and step.items[-1].seal_state == "broken"
    assert step.table.item(0, 6).text() == "NP-004512 (rách, mất)"
    step.table.selectRow(0)
    assert step.edit_selected() and step.seal_state.currentData() == "broken"  # taken back as stated
    step.quantity.setValue(0)
    assert not step.add_item()
    assert step.form.error("quantity") == "Số lượng phải lớn hơn 0"
    assert recorder.messages == []


def test_a_refusal_by_the_service_saves_nothing_and_points_at_the_field(wizard, recorder, tmp_path, monkeypatch):
    recorder.open_files = []
    fill_case_order_giver(wizard)
    add_items(wizard, None)
    order = wizard.steps[1]
    monkeypatch.setattr(order, "validate", lambda: True)  # as if the date had slipped past the form
    order.form.widget("order_date").setDate(chronology.today() + timedelta(days=3))
    wizard.next()
    wizard.next()
    assert wizard.index == 1
    assert order.form.error("order_date").startswith("Ngày văn bản không được ở tương lai")
    assert item_count(wizard.db) == 0
    with wizard.db.reader.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cases")).scalar() == 0


def test_print_buttons_open_a_preview_of_the_record_and_labels(wizard, recorder, tmp_path):
    fill_case_order_giver(wizard)
    add_items(wizard, None)
    wizard.next()
    wizard.next()
    done = wizard.steps[6]
    assert not done.print_labels.isHidden()
    record = wizard.print_record()
    labels = wizard.print_labels()
    assert record is not None and labels is not None
    recorder.save_path = str(tmp_path / "bien-ban.pdf")
    record.save()
    assert (tmp_path / "bien-ban.pdf").read_bytes().startswith(b"%PDF")
    record.close()
    labels.close()


# -- HANDS-ON 11–14, 16, 37: checks, cash, edit rows, scan feedback at the location step, persons ----------

def test_giver_id_and_imei_are_checked(wizard):
    fill_case_order_giver(wizard)
    wizard.back()
    giver = wizard.steps[2].form
    giver.widget("id_number").setText("12345")
    wizard.next()
    assert wizard.index == 2 and "12 chữ số" in giver.error("id_number")
    giver.widget("id_number").setText("001088012345")
    assert giver.error("id_number") == ""  # a fixed field loses its error at once
    wizard.next()
    step = wizard.steps[3]
    send_text(step.form.widget("name"), "Điện thoại iPhone")
    send_text(step.attrs.widget("imei"), "356789012345678")
    assert not step.add_item()
    assert "Luhn" in step.attrs.error("imei")
    step.attrs.widget("imei").setText("356789012345672")
    assert step.add_item()


def test_cash_denominations_give_the_total_and_bad_notes_are_refused(wizard):
    fill_case_order_giver(wizard)
    step = wizard.steps[3]
    choose(step.category, "Tiền Việt Nam")
    step.unit.setCurrentText("đồng")
    send_text(step.form.widget("name"), "Tiền Việt Nam")
    step.attrs.widget("denominations").setText("500.000 x 4; 200000×3")
    assert step.attrs.value("total_amount") == "2.600.000"
    assert step.quantity.value() == 2_600_000
    step.attrs.widget("denominations").setText("300.000 x 2")
    assert not step.add_item() and "300.000" in step.attrs.error("denominations")
    step.attrs.widget("denominations").setText("500.000 x 4; 200000×3")
    assert step.add_item()
    assert step.items[-1].attributes == {"denominations": "500.000 × 4; 200.000 × 3", "total_amount": "2.600.000"}


def test_a_row_can_be_taken_back_for_editing(wizard):
    fill_case_order_giver(wizard)
    step = wizard.steps[3]
    send_text(step.form.widget("name"), "Dao nhọn")
    assert step.add_item()
    step.table.selectRow(0)
    assert step.edit_selected()
    assert step.items == [] and step.form.value("name") == "Dao nhọn"
    step.form.widget("name").setText("Dao nhọn cán gỗ")
    assert step.add_item() and step.items[0].name == "Dao nhọn cán gỗ"


def test_location_step_gives_feedback_for_every_scan(wizard, scan_clock):
    from evidence_store.domain.codes import check_char
    from ui.scan_feedback import Outcome
    fill_case_order_giver(wizard)
    add_items(wizard, None)
    assert wizard.index == 4
    window = wizard.window()
    world_bin = next(n.code for n in wizard.steps[4].nodes if n.kind == "bin")
    wizard.steps[4].table.selectRow(0)
    window.on_scan(world_bin)
    assert wizard.indicator.isVisible() and wizard.indicator.outcome is Outcome.FOUND
    wizard.steps[4].table.selectRow(1)  # the motorbike on a shelf
    window.on_scan(world_bin)
    assert wizard.indicator.outcome is Outcome.WRONG_PLACE and "Bãi xe" in wizard.indicator.text()
    body = "VT01999999"
    window.on_scan(body + next(c for c in "BCFGH" if c != check_char(body)))
    assert wizard.indicator.outcome is Outcome.INVALID_CHECK
    window.on_scan(body + check_char(body))
    assert wizard.indicator.outcome is Outcome.UNKNOWN
    window.on_scan("VC26000001" + check_char("VC26000001"))  # an item code: told, and the wizard stays
    assert wizard.index == 4 and window.current_key == "intake"


def test_a_known_giver_is_picked_from_the_registry(wizard):
    step = wizard.steps[2]
    rows = step.picker.suggest("le van cuong")  # the demo registry has no such person yet
    assert rows == []
    rows = step.picker.suggest("tran duc hung")  # the demo officer, typed without accents
    assert rows and rows[0].full_name == "Trần Đức Hùng"
    step.picker.pick(rows[0])
    assert step.form.value("giver_name") == "Trần Đức Hùng" and step.form.value("rank") == "Đại úy"
    assert step.form.widget("giver_agency").currentData() == rows[0].agency_id


def test_one_person_per_line_fields_take_enter(qtbot):
    """Participants, council members, witnesses: Enter starts the next line, it does not jump to "Ghi chú"."""
    from ui.screens.lifecycle_forms import lines_edit
    from ui.widgets.form import Form, line_edit
    form = Form()
    qtbot.addWidget(form)
    people = form.add("participants", "Người tham gia", lines_edit("Mỗi dòng một người"))
    form.add("notes", "Ghi chú", line_edit())
    form.show()
    people.setFocus()
    send_text(people, "Nguyễn Văn A")
    enter(people)
    send_text(people, "Trần Thị B")
    assert people.toPlainText().splitlines() == ["Nguyễn Văn A", "Trần Thị B"]
    assert form.value("notes") == ""


def test_an_unsealed_item_stays_in_the_receiving_area_and_the_step_says_why(wizard, recorder):
    """ND 127/2017 (issue 12): an item that must be sealed is not offered a shelf until it is sealed; a scanned
    shelf is refused for it with the reason; the exempt papers are placed as usual."""
    fill_case_order_giver(wizard)
    step = wizard.steps[3]
    send_text(step.form.widget("name"), "Điện thoại di động Nokia 105")
    assert step.add_item() and not step.items[0].sealed
    choose(step.category, "Giấy tờ")
    send_text(step.form.widget("name"), "Sổ ghi chép")
    assert step.add_item()
    enter(step.form.widget("name"))
    places = wizard.steps[4]
    assert wizard.index == 4
    assert not places.combo(0).isEnabled() and places.location_codes()[0] == ""
    assert places.combo(1).isEnabled() and places.location_codes()[1]
    assert "«Điện thoại di động Nokia 105»: chưa niêm phong" in places.notices.text()
    assert "phải được niêm phong trước khi xếp lên kệ" in places.notices.text()
    world_bin = next(n.code for n in places.nodes if n.kind == "bin")
    places.table.selectRow(0)
    wizard.window().on_scan(world_bin)
    assert places.location_codes()[0] == "" and "chưa niêm phong" in wizard.indicator.text()
    wizard.next()
    wizard.steps[5].papers_check.setChecked(True)  # the papers are evidence, not the case file's (ND 142 Điều 15)
    wizard.next()  # received: the phone waits in the receiving area, the papers on their shelf
    assert recorder.texts() == [], recorder.messages
    with UnitOfWork(wizard.db, wizard.ctx.actor, write=False) as uow:
        phone, papers = (queries.item_by_code(uow, c) for c in wizard.changes.item_codes)
    assert phone.location_code in ("", None) and not phone.sealed
    assert papers.location_code and not papers.sealed


def test_the_last_step_prints_the_slip_and_opens_the_signatures(wizard, recorder):
    """HANDS-ON 15: after saving, the clerk prints the phiếu nhập kho of this intake and signs the record."""
    import io

    from pypdf import PdfReader
    fill_case_order_giver(wizard)
    add_items(wizard, None)
    wizard.next()
    wizard.next()
    done = wizard.steps[6]
    number = wizard.changes.handover_number
    assert done.print_slip.isVisibleTo(done) and done.sign_record.isVisibleTo(done)
    done.print_slip.click()
    slip = wizard.preview
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(slip.pdf)).pages)
    assert "PHIẾU NHẬP KHO" in text.upper() and number in text, text[:300]
    slip.close()
    signatures = done.open_signatures()
    assert signatures is not None and recorder.messages == []
    signatures.close()


def test_review_and_last_step_name_the_places(wizard, recorder):
    """HANDS-ON 31: the review and the last step show where each item goes as clerks know it —
    "Ô A1-1-01 (VT-01-000010-M)" — not the bare location code."""
    from ui.models.format import code_text
    fill_case_order_giver(wizard)
    add_items(wizard, None)
    places = wizard.steps[4]
    codes = places.location_codes()
    nodes = {n.code: n for n in places.nodes}
    expected = [f"{nodes[c].name} ({code_text(c)})" for c in codes]
    wizard.next()
    review = wizard.steps[5].view.toPlainText()
    for text in expected:
        assert text in review, review
    wizard.next()
    assert recorder.texts() == [], recorder.messages
    done = wizard.steps[6].codes
    assert [done.item(row, 2).text() for row in range(done.rowCount())] == expected

