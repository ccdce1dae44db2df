"""What a release checks and prints about the person who comes for the items and their seals (LEGAL-RULES R21, R23):
ND 142/2024/NĐ-CP Điều 14 — the receiver's giấy tờ tùy thân and giấy giới thiệu, recorded and printed; Điều 11
(BLTTHS Điều 90) — a seal found broken when the items are to leave is an incident, reported to the agency handling
the case, and the release record says so."""

from __future__ import annotations

import json
import pytest
from sqlalchemy import text

from evidence_store.domain.errors import ValidationError
from evidence_store.error_texts import message
from evidence_store.services import printing
from evidence_store.services.commands import PersonInput
from evidence_store.services.release import release_items
from evidence_store.services.verify import verify
from tests.unit.printing_helpers import text as pdf_text

from .builders import phone, receive
from .lifecycle_builders import (approve_pending, approved_release, doc, examination_release, examiner, item_row, ledger_head,
                                 read, run)


def test_the_receivers_identity_paper_is_required_and_printed_with_his_letter(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    nameless = PersonInput(full_name="Vương Văn Khải", position="Giám định viên", agency_id=w.agencies["ca"],
                           letter_number="08/GGT-PC09")
    before = ledger_head(db)
    with pytest.raises(ValidationError) as exc:
        run(db, clerk, release_items, examination_release(w, [code], receiver=nameless))
    assert exc.value.code == "receiver_identity_required" and exc.value.params["field"] == "receiver_id"
    assert "Vương Văn Khải" in message(exc.value) and "Điều 14" in message(exc.value)
    assert ledger_head(db) == before and item_row(db, code)["state"] == "in_storage"
    out = run(db, clerk, approved_release, examination_release(w, [code], receiver=PersonInput(
        full_name="Vương Văn Khải", position="Giám định viên", agency_id=w.agencies["ca"], id_number="001086001234",
        letter_number="08/GGT-PC09")))
    record = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, out.handover_number)).split())
    slip = " ".join(pdf_text(read(db, clerk, printing.stock_slip_pdf, out.handover_number, "out")).split())
    for words in (record, slip):
        assert "Vương Văn Khải" in words and "căn cước số 001086001234" in words
        assert "giấy giới thiệu số 08/GGT-PC09" in words


def test_an_officer_with_a_seat_is_identified_by_his_account(world, clerk):
    """Issue 13: the investigator who accepts the release from his own seat needs neither letter nor typed ID."""
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    out = run(db, clerk, approved_release, examination_release(w, [code], receiver=PersonInput(id=w.persons["canbo"]),
                                                    receiver_agency_id=w.agencies["pc02"]))
    assert item_row(db, code)["state"] == "out_temporary" and out.handover_number


def _incidents(db, code):
    with db.reader.connect() as c:
        return c.execute(text("SELECT h.number, h.details, h.receiver_agency_id FROM handovers h JOIN handover_lines l "
                              "ON l.handover_id = h.id JOIN items i ON i.id = l.item_id WHERE i.code = :c AND "
                              "h.kind = 'incident'"), {"c": code}).all()


def test_a_seal_found_broken_at_release_opens_an_incident_reported_to_the_case_agency(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    prepared = run(db, clerk, release_items, examination_release(w, [code], seal_states={code: "broken"}))
    [(number, details, agency_id)] = _incidents(db, code)
    details = json.loads(details)
    assert details["found_during"] == "release" and details["related_handover"] == prepared.handover_number
    assert agency_id == 3 and details["report_to"] == "Phòng Cảnh sát hình sự"  # the case's handling agency
    row = item_row(db, code)
    assert row["state"] == "in_storage" and not row["sealed"]  # reported; out only once approved
    approve_pending(db, prepared.handover_number)
    record = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, prepared.handover_number)).split())
    assert f"đã lập biên bản sự cố số {number} và báo cáo Phòng Cảnh sát hình sự" in record
    assert "có dấu hiệu bóc mở khi xuất kho" in record
    report = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert "Phát hiện khi: xuất kho vật chứng" in report and "Báo cáo gửi: Phòng Cảnh sát hình sự" in report
    # an intact seal opens nothing
    code2 = receive(db, clerk, [phone()], case_number="126/2026/CSHS").item_codes[0]
    run(db, clerk, approved_release, examination_release(w, [code2], order=doc("release_order", "16/LXK-PC02",
                                                                      w.agencies["pc02"])))
    assert _incidents(db, code2) == []
    assert verify(db).ok


def test_damage_found_on_return_opens_an_incident_reported_to_the_case_agency(world, clerk):
    from evidence_store.services.commands import ReturnItems
    from evidence_store.services.release import return_items
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    run(db, clerk, approved_release, examination_release(w, [code]))
    back = run(db, clerk, return_items, ReturnItems((code,), w.locations["bin_A121"], examiner(w.agencies["ca"]),
                                                    seal_intact=True, damage="Màn hình vỡ sau giám định"))
    [(number, details, agency_id)] = _incidents(db, code)
    details = json.loads(details)
    assert (details["found_during"], details["incident"], details["related_handover"]) == (
        "return", "damaged", back.handover_number)
    assert agency_id == 3 and back.extra["damage_incident"] == number
    row = item_row(db, code)
    assert row["state"] == "in_storage" and row["condition"].endswith("Hư hỏng: Màn hình vỡ sau giám định")
    record = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, back.handover_number)).split())
    assert f"hư hỏng khi nhận lại (Màn hình vỡ sau giám định): đã lập biên bản sự cố số {number}" in record
    report = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert "Sự việc: Màn hình vỡ sau giám định" in report and "Báo cáo gửi: Phòng Cảnh sát hình sự" in report
    assert verify(db).ok
