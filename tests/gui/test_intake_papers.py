"""Nhập kho wizard (LEGAL-RULES R19; ND 142/2024 Điều 14): the initial seizure record (number, date, the agency that
made it) and the deliverer's căn cước and giấy giới thiệu are asked, refused at their field when missing or wrong,
and printed on the intake record as the database holds them."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from sqlalchemy import text

from evidence_store.services.context import UnitOfWork

from .test_intake_wizard import add_items, fill_case_order_giver, item_count, wizard  # noqa: F401 (the fixture)

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
    order.form.widget("seizure_date").setDate(date.today() + timedelta(days=2))
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
