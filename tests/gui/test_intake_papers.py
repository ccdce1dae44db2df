"""Nhập kho wizard (LEGAL-RULES R19; ND 142/2024 Điều 14): the initial seizure record (number, date, the agency that
made it) and the deliverer's căn cước and giấy giới thiệu are asked, refused at their field when missing or wrong,
and printed on the intake record as the database holds them."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate
from sqlalchemy import text

from evidence_store.services.context import UnitOfWork

from .test_intake_wizard import add_items, fill_case_order_giver, item_count, wizard  # noqa: F401 (the fixture)
from evidence_store.domain import chronology

def test_the_seizure_record_and_the_deliverers_papers_are_asked_refused_at_the_field_and_printed(wizard, recorder,
                                                                                                 monkeypatch):
    import json

    from evidence_store.services import printing
    from tests.unit.printing_helpers import text as pdf_text
    fill_case_order_giver(wizard)
    wizard.back()
    wizard.back()
    order, giver = wizard.steps[1], wizard.steps[2]
    order.form.widget("seizure_number").setText("")
    wizard.next()
    assert wizard.index == 1 and order.form.error("seizure_number") == "Cần nhập số biên bản thu giữ ban đầu"
    order.form.widget("seizure_number").setText("45/BB-TG")
    wizard.next()
    giver.form.widget("letter_number").setText("")
    giver.form.widget("id_number").setText("001088012")  # an old CMND: the deliverer shows a căn cước
    wizard.next()
    assert wizard.index == 2 and giver.form.error("letter_number") == "Cần nhập số giấy giới thiệu"
    giver.form.widget("letter_number").setText("15/GGT-PC02")
    wizard.next()
    assert wizard.index == 2 and "12 chữ số" in giver.form.error("id_number")
    giver.form.widget("id_number").setText("001088012345")
    wizard.next()
    add_items(wizard, None)
    # a seizure record dated after the intake slipped past the form: the service refuses it at its field
    monkeypatch.setattr(order, "validate", lambda: True)
    order.form.widget("seizure_date").setDate(chronology.today() + timedelta(days=2))
    wizard.next()
    wizard.next()
    assert wizard.index == 1 and "không thể sau ngày nhập kho" in order.form.error("seizure_date")
    assert item_count(wizard.db) == 0
    order.form.widget("seizure_date").setDate(QDate(2026, 2, 3))
    for _ in range(5):  # the order, the deliverer, the items, the places, the review: received
        wizard.next()
    assert wizard.index == 6, recorder.messages
    number = wizard.changes.handover_number
    with wizard.db.reader.connect() as conn:
        details = json.loads(conn.execute(text("SELECT details FROM handovers WHERE number = :n"),
                                          {"n": number}).scalar())
    assert details["seizure"]["number"] == "45/BB-TG" and details["seizure"]["date"] == "2026-02-03"
    assert details["seizure"]["issuer"] == "Công an phường Hoàn Kiếm" and details["giver_letter_on"] == "2026-02-04"
    with UnitOfWork(wizard.db, wizard.ctx.actor, write=False) as uow:
        words = " ".join(pdf_text(printing.handover_pdf(uow, number)).split())
    assert "Kèm theo biên bản thu giữ ban đầu số 45/BB-TG ngày 03/02/2026 của Công an phường Hoàn Kiếm." in words
    assert "căn cước số 001088012345; giấy giới thiệu số 15/GGT-PC02 ngày 04/02/2026" in words


def test_papers_in_the_list_ask_the_clerk_to_confirm_they_are_not_case_file_documents(wizard, recorder):
    """ND 142/2024 Điều 15 (LEGAL-RULES R24): the review asks, only when papers are in the list, that they are
    evidence and not documents of the case file; unconfirmed, nothing is saved and the refusal shows under the box."""
    import json

    from .test_intake_wizard import choose, enter
    from .conftest import send_text
    fill_case_order_giver(wizard)
    items, review = wizard.steps[3], wizard.steps[5]
    choose(items.category, "Vũ khí thô sơ")
    send_text(items.form.widget("name"), "Dao nhọn cán gỗ")
    items.sealed.setChecked(True)
    send_text(items.details.widget("seal_number"), "NP-004512")
    choose(items.seal_state, "Nguyên vẹn")
    assert items.add_item()
    enter(items.form.widget("name"))  # on to the places, then the review
    wizard.next()
    assert wizard.index == 5 and not review.papers_check.isVisible()  # no papers: nothing asked
    wizard.back()
    wizard.back()
    choose(items.category, "Giấy tờ")
    send_text(items.form.widget("name"), "Giấy đăng ký xe mô tô")
    assert items.add_item()
    enter(items.form.widget("name"))
    wizard.next()
    assert wizard.index == 5 and review.papers_check.isVisible() and not review.papers_check.isChecked()
    wizard.next()  # «Xác nhận nhập kho» without the confirmation
    assert wizard.index == 5 and review.papers_error.isVisible()
    assert review.papers_error.text() == (
        "Giấy tờ nhận vào kho phải được xác nhận là vật chứng, không phải tài liệu thuộc hồ sơ vụ án (tài liệu hồ sơ "
        "để trong hồ sơ, không nhập kho) (Điều 15 Nghị định 142/2024/NĐ-CP)")
    assert item_count(wizard.db) == 0
    review.papers_check.setChecked(True)
    wizard.next()
    assert wizard.index == 6, recorder.messages
    with wizard.db.reader.connect() as conn:
        details = json.loads(conn.execute(text("SELECT details FROM handovers WHERE number = :n"),
                                          {"n": wizard.changes.handover_number}).scalar())
    assert details["papers_not_case_file"] is True and item_count(wizard.db) == 2


def test_announced_papers_are_confirmed_not_case_file_documents_when_scanned_in(qtbot, shell_world, recorder):
    """Chờ nhập kho: the box shows once a papers item is scanned; unconfirmed, the receipt is refused with the
    reason (ND 142/2024 Điều 15) and the papers still wait; confirmed, they are in storage."""
    from evidence_store.services import announce
    from evidence_store.services.commands import CaseInput, NewItem, PersonInput, ReceiveItems
    from tests.integration.builders import intake_order, phone, seizure_record
    from ui.screens.announced import AnnouncedScreen
    from .lifecycle_helpers import ctx_for, detail
    db, world = shell_world
    with UnitOfWork(db, world.actor(db, "thukho")) as uow:
        codes = announce.announce_items(uow, ReceiveItems(
            intake_order("75/LNK-PC03"), (phone(), NewItem("papers", "Sổ tiết kiệm", 1, "quyển")),
            PersonInput(full_name="Lê Văn Cường"), new_case=CaseInput("77/2026/CSKT"),
            seizure_record=seizure_record())).item_codes
    screen = AnnouncedScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(screen)
    screen.show()
    screen.handle_scan(codes[0])
    assert not screen.papers_check.isVisible()  # a phone only: nothing asked
    screen.handle_scan(codes[1])
    assert screen.papers_check.isVisible() and not screen.papers_check.isChecked()
    screen.giver_name.setText("Lê Văn Cường")
    screen.giver_id.setText("001088012345")
    screen.giver_letter.setText("21/GGT-PC03")
    assert screen.receive() is None
    assert "không phải tài liệu thuộc hồ sơ vụ án" in " ".join(recorder.texts())
    assert detail(db, world, codes[1]).state == "awaiting_intake"
    screen.papers_check.setChecked(True)
    screen.seals_check.setChecked(True)  # the phone's seal looked at (ND 127/2017)
    assert screen.receive() is not None, recorder.messages
    assert detail(db, world, codes[1]).state == "in_storage"
