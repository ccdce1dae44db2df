"""What a printed record says, read from the rendered PDF and checked against the database: a return states the
condition at return, the tạm xuất record it closes, the old seal, the reason and the participants of a reseal
(HANDS-ON 35); the phiếu xuất kho of a release gives its due date (34); and so on (issue #12)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from evidence_store.services import printing as P
from evidence_store.services.commands_lifecycle import ReleaseItems, Reseal, ReturnItems
from evidence_store.services.handovers import handover_detail
from evidence_store.services.release import release_items, return_items

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import TODAY, doc, examiner, item_row, read, run


def _flat(words: str) -> str:
    return " ".join(words.split())


def _released(db, w, clerk, due_days=5):
    a = w.agencies
    code = receive(db, clerk, [phone()]).item_codes[0]
    out = run(db, clerk, release_items, ReleaseItems((code,), doc("release_order", "15/LXK-PC02", a["pc02"]),
                                                     "examination", examiner(a["ca"]), TODAY + timedelta(days=due_days),
                                                     receiver_agency_id=a["ca"]))
    return code, out.handover_number


def _line(db, number):
    with db.reader.connect() as c:
        return c.execute(text("SELECT l.condition, l.seal_number, l.note FROM handover_lines l JOIN handovers h "
                              "ON h.id = l.handover_id WHERE h.number = :n"), {"n": number}).mappings().one()


def test_a_return_record_states_the_condition_at_return_the_release_record_and_the_reseal(world, clerk):
    db, w = world
    code, release_number = _released(db, w, clerk)
    back = run(db, clerk, return_items, ReturnItems(
        (code,), w.locations["bin_A111"], examiner(w.agencies["ca"]), condition="Vỡ màn hình sau giám định",
        reseal=Reseal("000888/NP-GĐ", ("Đỗ Minh An", "Trần Đức Hùng"), "mở để giám định bộ nhớ")))
    line = _line(db, back.handover_number)
    assert line["condition"] == item_row(db, code)["condition"] == "Vỡ màn hình sau giám định"
    assert line["seal_number"] == "000888/NP-GĐ" and line["note"] == "resealed"
    d = read(db, clerk, handover_detail, back.handover_number)
    words = _flat(pdf_text(read(db, clerk, P.handover_pdf, back.handover_number)))
    assert "Vỡ màn hình sau giám định" in words and "Đã qua sử dụng" not in words  # never the seizure condition
    # the return rests on the tạm xuất record; the lệnh xuất kho is named as what the items went out on
    assert f"Căn cứ Biên bản giao nhận vật chứng khi tạm xuất số {release_number}" in words
    assert "Căn cứ Lệnh xuất kho" not in words
    assert f"đã tạm xuất theo Lệnh xuất kho số 15/LXK-PC02" in words and f"(biên bản số {release_number})" in words
    assert d.details["previous_seals"] == {code: "NP-0001"}
    assert f"niêm phong cũ {code}: số NP-0001 đã được mở" in words
    assert "lý do: mở để giám định bộ nhớ" in words
    assert "người tham gia mở và niêm phong lại: Đỗ Minh An, Trần Đức Hùng" in words
    assert "niêm phong mới số 000888/NP-GĐ" in words
