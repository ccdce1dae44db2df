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


def _signers(db, number):
    with db.reader.connect() as c:
        return {r[0]: (r[1], r[2]) for r in c.execute(text(
            "SELECT s.role, s.person_name, s.person_id FROM signatures s JOIN handovers h ON h.id = s.handover_id "
            "WHERE h.number = :n"), {"n": number})}


def _agency(db, agency_id):
    with db.reader.connect() as c:
        return c.execute(text("SELECT name FROM agencies WHERE id = :i"), {"i": agency_id}).scalar()


def test_a_vks_transfer_is_headed_by_the_vks_given_by_its_person_and_cites_the_court_document_by_type(world, clerk):
    from evidence_store.services.commands_lifecycle import TransferResponsibility
    from evidence_store.services.transfer import transfer_responsibility
    from .lifecycle_builders import milestone, rep
    db, w = world
    a = w.agencies
    officer = w.actor(db, "canbo")
    got = receive(db, clerk, [phone()])
    milestone(db, got.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    numbers = []
    for kind, number, issuer, target in [("investigation_conclusion", "20/KLĐT-CSHS", "pc02", "vks"),
                                         ("indictment", "08/CT-VKS", "vks", "ta")]:
        numbers.append(run(db, officer, transfer_responsibility, TransferResponsibility(
            doc(kind, number, a[issuer]), a[target], case_id=got.case_id,
            receiver=rep(a[target], "Ngô Thị Hạnh" if target == "vks" else "Phan Văn Tòa"))).handover_number)
    police, vks = numbers
    # the investigator hands his own case over: he gives; the VKS → TA transfer is not his to give (HANDS-ON 41)
    with db.reader.connect() as c:
        me = c.execute(text("SELECT p.full_name FROM persons p WHERE p.id = :i"), {"i": w.persons["canbo"]}).scalar()
    assert _signers(db, police)["giver"] == (me, w.persons["canbo"])
    giver_name, giver_id = _signers(db, vks)["giver"]
    assert giver_id is None and giver_name == ""  # left for the VKS's representative, never the police officer
    words = _flat(pdf_text(read(db, clerk, P.handover_pdf, vks)))
    vks_name = _agency(db, a["vks"])
    assert vks_name.upper() in words  # the VKS heads its own record (HANDS-ON 43)
    assert "Bên giao: ……………………………" in words and vks_name in words.split("Bên giao:")[1].split("Bên nhận")[0]
    police_words = _flat(pdf_text(read(db, clerk, P.handover_pdf, police)))
    assert vks_name.upper() not in police_words.split("CỘNG HÒA")[0]  # a police transfer keeps the warehouse header
    # a court document is cited by its type, never the form label "Bản án / Quyết định của Tòa án"
    milestone(db, got.case_id, "first_instance_judgment", "judgment", "25/2026/HS-ST", a["ta"])
    from evidence_store.printing.blocks import document_phrase
    from evidence_store.printing.records import BasisDocument
    phrase = document_phrase(BasisDocument("judgment", "25/2026/HS-ST", TODAY))
    assert phrase.startswith("Bản án hình sự sơ thẩm số 25/2026/HS-ST") and "/ Quyết định" not in phrase
    assert document_phrase(BasisDocument("judgment", "12/2026/QĐ-ST", TODAY)).startswith(
        "Quyết định sơ thẩm của Tòa án số")
