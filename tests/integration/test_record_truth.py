"""Issue #12, item 4: every record kind rendered from the database states nothing that did not happen. Each test
renders a record and compares what it says with the rows. Both engines."""

from __future__ import annotations

from evidence_store.services import printing

from ..unit.printing_helpers import text as pdf_text
from .lifecycle_builders import read
from .test_record_kinds_against_db import _records


def _words(db, clerk, fn, number) -> str:
    return " ".join(pdf_text(read(db, clerk, fn, number)).split())


def test_a_void_record_states_no_handover_no_seal_check_and_no_remarks(world, clerk):
    """A rejected proposal: nobody handed anything over, nobody looked at the seals «khi giao nhận», nobody was
    asked for remarks — the record printed all three as facts beside «KHÔNG CÓ HIỆU LỰC»."""
    db, w = world
    numbers = _records(db, w, clerk)
    words = _words(db, clerk, printing.handover_pdf, numbers["disposal_void"])
    assert "KHÔNG CÓ HIỆU LỰC" in words and "không có việc giao nhận" in words
    assert "Tiến hành giao, nhận" not in words
    assert "dự kiến giao, nhận:" in words
    assert "Tình trạng niêm phong khi giao nhận" not in words
    assert "Ý kiến, khiếu nại của những người tham gia" not in words
    # a record that happened still says all three
    done = _words(db, clerk, printing.handover_pdf, numbers["disposal_open"])
    assert "Tiến hành giao, nhận" in done and "Tình trạng niêm phong khi giao nhận" in done
    assert "Ý kiến, khiếu nại của những người tham gia" in done


def test_an_intake_record_prints_the_initial_seizure_record_it_was_given(world, clerk):
    """ND 142/2024 Art 14 (LEGAL-RULES R19): the intake rests on the lệnh nhập kho and the biên bản thu giữ ban đầu;
    the reference was stored and never printed. A paper printed before still reads «khớp»."""
    import json
    from dataclasses import replace

    from sqlalchemy import text

    from evidence_store.printing.docbase import record_qr_payload
    from evidence_store.services import paper_check
    from evidence_store.services.commands import CaseInput, PersonInput, ReceiveItems
    from evidence_store.services.context import UnitOfWork
    from evidence_store.services.intake import receive_items
    from evidence_store.services.printing_data import stamped
    from .builders import intake_order, phone
    db, w = world
    cmd = ReceiveItems(order=intake_order("31/LNK-PC02"), items=(phone(),), seizure_record="số 12/BB-TG ngày 01/12/2026",
                       giver=PersonInput(full_name="Lê Văn Cường", position="Điều tra viên", agency_id=3,
                                         id_number="001088012345"),
                       new_case=CaseInput("131/2026/CSHS", offence="Trộm cắp tài sản (Điều 173 BLHS)",
                                          handling_agency_id=3, officer_id=3))
    with UnitOfWork(db, clerk) as uow:
        number = receive_items(uow, cmd).handover_number
        uow.commit()
    with db.reader.connect() as c:
        stored = json.loads(c.execute(text("SELECT details FROM handovers WHERE number = :n"), {"n": number}).scalar())
    assert stored["seizure_record"] == "số 12/BB-TG ngày 01/12/2026"
    words = _words(db, clerk, printing.handover_pdf, number)
    assert "Kèm theo biên bản thu giữ ban đầu: số 12/BB-TG ngày 01/12/2026." in words
    record = read(db, clerk, printing.handover_record, number)
    before = replace(record, facts=tuple(f for f in record.facts if "thu giữ ban đầu" not in f))
    before = stamped(before, record.stamp.head_seq, record.stamp.head_hash)
    check = read(db, clerk, paper_check.check_record_qr, record_qr_payload(number, before.stamp))
    assert check.matches, check.differences
