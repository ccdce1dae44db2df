"""Seals by ND 127/2017: sealing and unsealing at a procedural body's request, organised by a procedural officer
before a witness, each with its printable record; a broken seal found at a return or a check opens an incident
reported to the responsible agency, and the return record says so (ND 142/2024 Art 11; issue #12)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from evidence_store.domain.ledger import short_hash
from evidence_store.services import printing
from evidence_store.services import seals, storage
from evidence_store.services.commands import DocumentInput, PersonInput, SealItems
from evidence_store.services.commands import ReleaseItems, Reseal, ReturnItems
from evidence_store.services.persistence import utcnow
from evidence_store.services.handovers import handover_detail
from evidence_store.services.release import release_items, return_items

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_release, TODAY, doc, examiner, item_row, read, refused_code, run


def _act(w, **kw):
    base = dict(document=DocumentInput("other", "12/YC-CSHS", date(2026, 1, 5), w.agencies["pc02"]),
                organiser=PersonInput(full_name="Trần Đức Hùng", rank="Đại úy", position="Điều tra viên",
                                      agency_id=w.agencies["pc02"]),
                witness=PersonInput(full_name="Lê Quang Sơn", position="Đại diện UBND phường Láng"))
    return base | kw



def test_unsealing_needs_a_request_a_procedural_organiser_and_a_witness(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes
    unseal = lambda **kw: run(db, clerk, storage.seal_items, SealItems(code, "unseal", reason="giám định",  # noqa
                                                                       **(_act(w) | kw)))
    assert refused_code(db, lambda: unseal(document=None)) == "seal_request_required"
    assert refused_code(db, lambda: unseal(document=DocumentInput("other", "1/CV", date(2026, 1, 5),
                                                              w.agencies["taichinh"]))) == "seal_request_not_procedural"
    clerk_alone = PersonInput(id=w.persons["thukho"])
    assert refused_code(db, lambda: unseal(organiser=clerk_alone)) == "seal_organiser_not_procedural"
    assert refused_code(db, lambda: unseal(organiser=None)) == "person_required"
    assert refused_code(db, lambda: unseal(witness=None)) == "person_required"
    ch = unseal()
    d = read(db, clerk, handover_detail, ch.handover_number)
    assert d.kind == "unseal" and d.status == "draft"
    assert {s.role: s.person_name for s in d.signatures} == {
        "organiser": "Trần Đức Hùng", "witness": "Lê Quang Sơn", "keeper": "Nguyễn Thị Lan"}
    words = pdf_text(read(db, clerk, printing.handover_pdf, ch.handover_number))
    assert "Mở niêm phong vật chứng, tài liệu, đồ vật" in words and "Nghị định số 127/2017/NĐ-CP" in words
    assert "NGƯỜI TỔ CHỨC" in words and "Trần Đức Hùng" in words and "Lý do: giám định" in words
    assert "12/YC-CSHS" in words and "NP-0001" in words and "DỰ THẢO" in words
    # the request is named as what it is, and the seal was checked whole before it was opened (issue #12)
    assert "Căn cứ Văn bản yêu cầu số 12/YC-CSHS" in words and "Văn bản khác" not in words
    assert "Tình trạng niêm phong trước khi mở: các niêm phong nguyên vẹn" in " ".join(words.split())
    assert not item_row(db, code[0])["sealed"]


def test_sealing_prints_its_record_with_the_new_seal(world, clerk):
    db, w = world
    start = utcnow() - timedelta(minutes=20)
    # received an hour earlier: an act is never dated before the item's receipt (chronology, issue #11)
    code = receive(db, clerk, [phone(sealed=False, seal_number="")],
                   started_at=start - timedelta(hours=1)).item_codes
    ch = run(db, clerk, storage.seal_items, SealItems(code, "seal", seal_number="000777/NP-PC02",
                                                      **_act(w, occurred_at=start, ended_at=utcnow())))
    d = read(db, clerk, handover_detail, ch.handover_number)
    assert d.status == "open" and d.ended_at is not None
    words = pdf_text(read(db, clerk, printing.handover_pdf, ch.handover_number))
    assert "Niêm phong vật chứng, tài liệu, đồ vật" in words and "000777/" in words and "CHƯA HOÀN TẤT" in words
    # made by the organiser, a procedural officer of the requesting unit: his agency heads it, as it heads the seal
    # paper — not the warehouse's unit (ND 127/2017; LEGAL-RULES R39; issue #12)
    from evidence_store.db.models import Agency
    with db.session(write=False) as s:
        organiser_agency = s.get(Agency, w.agencies["pc02"]).name
    head = words.split("CỘNG HÒA", 1)[0]
    assert organiser_agency.upper() in " ".join(head.split()) and "BẢO VỆ" not in head
    assert organiser_agency.upper() in " ".join(pdf_text(read(db, clerk, printing.seal_paper_pdf,
                                                             ch.handover_number)).split("CỘNG HÒA", 1)[0].split())
    # a paper printed before, under the warehouse's unit, states the same act: the QR check still reads "khớp"; a
    # header the record never had does not
    from dataclasses import replace
    from evidence_store.services import paper_check
    from evidence_store.services.printing_data import record_hash
    record = read(db, clerk, printing.handover_record, ch.handover_number)
    stamp = record.stamp
    for header, matches in ((("", ""), True), (("", "Tòa án nhân dân thành phố Hà Nội"), False)):
        old = replace(record, issuing_parent=header[0], issuing_agency=header[1])
        paper = f"KVC|{ch.handover_number}|{short_hash(record_hash(old))}|{stamp.head_seq}|{short_hash(stamp.head_hash)}"
        assert read(db, clerk, paper_check.check_record_qr, paper).matches == matches, header


def test_a_seal_found_broken_at_a_return_opens_an_incident_and_the_return_record_says_so(world, clerk):
    db, w = world
    a = w.agencies
    code = receive(db, clerk, [phone()]).item_codes[0]
    run(db, clerk, approved_release, ReleaseItems((code,), doc("release_order", "15/LXK-PC02", a["pc02"]), "examination",
                                               examiner(a["ca"]), TODAY + timedelta(days=5), receiver_agency_id=a["ca"], seal_states=seals_checked((code,))))
    # ND 127/2017 (as on shelving): a phone whose seal came back broken goes back on the shelf only sealed again
    assert refused_code(db, lambda: run(db, clerk, return_items, ReturnItems(
        (code,), w.locations["bin_A111"], examiner(a["ca"]), seal_intact=False))) == "must_reseal_broken_seal"
    back = run(db, clerk, return_items, ReturnItems(
        (code,), w.locations["bin_A111"], examiner(a["ca"]), seal_intact=False,
        reseal=Reseal("000901/NP-PC10", reason="Niêm phong bị rách khi nhận lại",
                      sealed_by=("Đỗ Minh An, Giám định viên",), witnesses=("Nguyễn Thị Lan, Thủ kho",))))
    number = back.extra["seal_incident"]
    incident = read(db, clerk, handover_detail, number)
    assert incident.kind == "incident" and incident.details["found_during"] == "return"
    assert incident.details["report_to"]  # the agency responsible for the case is told (ND 142/2024 Art 11)
    row = item_row(db, code)
    assert row["sealed"] and row["seal_number"] == "000901/NP-PC10" and row["location_id"] is not None
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, back.handover_number)).split())
    assert f"đã lập biên bản sự cố số {number}" in words and "000901/NP-PC10" in words
    assert "bị rách, hỏng khi nhận lại. Vật chứng đã được niêm phong lại trước khi xếp lên kệ" in words
    assert ("Người niêm phong lại: Đỗ Minh An, Giám định viên; trước sự chứng kiến của Nguyễn Thị Lan, Thủ kho"
            in words)  # who sealed again and who witnessed it (issue #12)
    assert "đã được mở" not in words  # it was not opened on purpose during the release
    assert "Sự cố niêm phong vật chứng" in pdf_text(read(db, clerk, printing.handover_pdf, number))


def test_the_broken_seal_sentence_prints_the_code_as_on_the_label_and_old_papers_still_match(world, clerk):
    """The return record's incident sentence names the item as printed (VC-26-000001-X), not in the compact form the
    record stores; the stored sentence — the hashed content — is unchanged, so a paper printed by the earlier code
    (same content, same check code) still reads "khớp" (issue #12)."""
    from evidence_store.domain.codes import parse_code
    from evidence_store.services import paper_check
    db, w = world
    a = w.agencies
    code = receive(db, clerk, [phone()]).item_codes[0]
    run(db, clerk, approved_release, ReleaseItems((code,), doc("release_order", "15/LXK-PC02", a["pc02"]), "examination",
                                               examiner(a["ca"]), TODAY + timedelta(days=5), receiver_agency_id=a["ca"], seal_states=seals_checked((code,))))
    back = run(db, clerk, return_items, ReturnItems(
        (code,), w.locations["bin_A111"], examiner(a["ca"]), seal_intact=False,
        reseal=Reseal("000902/NP-PC10", reason="Niêm phong bị rách khi nhận lại",
                      sealed_by=("Đỗ Minh An, Giám định viên",), witnesses=("Nguyễn Thị Lan, Thủ kho",))))
    printed = parse_code(code).display
    assert printed != code
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, back.handover_number)).split())
    assert f"Niêm phong của {printed} có dấu hiệu bóc mở khi nhận lại" in words
    assert code not in words  # nowhere in compact form: not in the table, not in a sentence
    record = read(db, clerk, printing.handover_record, back.handover_number)
    # the stored sentence keeps the compact form the earlier code hashed: the check code is the one it printed
    assert any(f"Niêm phong của {code} có" in f for f in record.facts)
    stamp = record.stamp
    paper = f"KVC|{back.handover_number}|{short_hash(stamp.record_hash)}|{stamp.head_seq}|{short_hash(stamp.head_hash)}"
    assert read(db, clerk, paper_check.check_record_qr, paper).matches


WITNESS = PersonInput(full_name="Lê Quang Sơn", position="Đại diện UBND phường Láng", id_number="001075004321",
                      gender="male")


def test_a_seal_found_broken_during_a_check_is_reported(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes
    assert refused_code(db, lambda: run(db, clerk, seals.report_broken_seal,
                                    seals.ReportBrokenSeal(code, "audit", "", witness=WITNESS))) == "description_required"
    ch = run(db, clerk, seals.report_broken_seal, seals.ReportBrokenSeal(code, "audit", "Mất giấy niêm phong",
                                                                         witness=WITNESS))
    d = read(db, clerk, handover_detail, ch.handover_number)
    assert d.kind == "incident" and d.details["found_during"] == "audit"
    # reported, the item counts as unsealed: a second report of the same seal is refused, with the reason
    assert refused_code(db, lambda: run(db, clerk, seals.report_broken_seal, seals.ReportBrokenSeal(
        code, "audit", "Mất giấy niêm phong", witness=WITNESS))) == "seal_report_not_sealed"


@pytest.mark.parametrize("found_during", ["check", "audit"])
def test_a_broken_seal_found_at_a_check_or_an_audit_is_recorded_before_a_witness_who_signs(world, clerk, found_during):
    """ND 142/2024 Art 11, BLTTHS Điều 133: the record of a seal found broken on a shelf or at a custodian's names
    the person who witnessed the finding, and he signs it in a column of his own; without one nothing is recorded."""
    from .lifecycle_builders import signature_slots
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes
    err = refused_code(db, lambda: run(db, clerk, seals.report_broken_seal,
                                   seals.ReportBrokenSeal(code, found_during, "Giấy niêm phong bị rách một góc")))
    assert err == "incident_witness_required" and item_row(db, code[0])["sealed"] in (True, 1)
    ch = run(db, clerk, seals.report_broken_seal, seals.ReportBrokenSeal(code, found_during, "Giấy niêm phong bị rách "
                                                                         "một góc", witness=WITNESS))
    assert ("witness", "Lê Quang Sơn") in signature_slots(db, ch.handover_number)
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, ch.handover_number)).split())
    assert "Người chứng kiến: Ông Lê Quang Sơn — Đại diện UBND phường Láng; căn cước số 001075004321." in words
    signing = words.split("công nhận đúng và ký tên dưới đây", 1)[1]
    assert "NGƯỜI CHỨNG KIẾN (Ký, ghi rõ họ tên)" in signing and "Lê Quang Sơn" in signing


def test_the_incident_record_is_made_by_the_acting_user_not_given_by_an_agency(world, clerk):
    """The record of a broken seal names its maker — the acting user, a person with rank and position — as
    "Người lập biên bản", never a "Bên giao" (BLTTHS Điều 133; issue 12)."""
    from evidence_store.db.models import Handover, Person, Signature
    from sqlalchemy import select
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes
    ch = run(db, clerk, seals.report_broken_seal, seals.ReportBrokenSeal(code, "audit", "Mất giấy niêm phong",
                                                                         witness=WITNESS))
    with db.session(write=False) as s:
        me = s.get(Person, clerk.person_id)
        roles = set(s.scalars(select(Signature.role).join(Handover, Handover.id == Signature.handover_id)
                              .where(Handover.number == ch.handover_number)))
    assert "maker" in roles and "giver" not in roles
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, ch.handover_number)).split())
    title = {"male": "Ông", "female": "Bà"}.get(me.gender, "Ông/Bà")  # HANDS-ON 75
    assert f"Người lập biên bản: {title} {me.full_name}" in words and me.position in words and me.rank in words
    assert "Bên giao" not in words and "NGƯỜI LẬP BIÊN BẢN" in words
    # sent to the agency handling the case: its Nơi nhận (HANDS-ON 75)
    assert "Nơi nhận: - 01 bản gửi cơ quan đang thụ lý; - 01 bản lưu hồ sơ vụ án; - 01 bản lưu kho." in words


def test_the_seal_paper_prints_what_the_sealing_record_holds_one_page_per_package(world, clerk, tmp_path, capsys):
    """Giấy niêm phong (ND 127/2017 Điều 3.3; LEGAL-RULES R18): the organising agency, the seal number, the request,
    the case, the item, the time of sealing and the people who sign it — read back from the database — and from the
    command line; an unsealing record has no seal paper."""
    from sqlalchemy import select

    from evidence_store.cli import main
    from evidence_store.db.models import Agency, Document, Handover, Item
    from evidence_store.printing.formatting import clock, short_date
    from evidence_store.printing.labels import display_code
    from evidence_store.services.printing_data import local
    from ..unit.printing_helpers import page_texts
    db, w = world
    start = utcnow() - timedelta(minutes=30)
    codes = receive(db, clerk, [phone(sealed=False, seal_number=""),
                                phone(name="Máy tính bảng iPad", sealed=False, seal_number="", attributes={})],
                    started_at=start - timedelta(hours=1)).item_codes
    ch = run(db, clerk, storage.seal_items, SealItems(codes, "seal", seal_number="000778/NP-PC02",
                                                      participants=("Đỗ Minh An, Giám định viên",),
                                                      **_act(w, occurred_at=start)))
    pdf = read(db, clerk, printing.seal_paper_pdf, ch.handover_number)
    pages = [" ".join(p.split()) for p in page_texts(pdf)]
    with db.session(write=False) as s:
        ho = s.scalars(select(Handover).where(Handover.number == ch.handover_number)).one()
        request = s.get(Document, ho.basis_document_id)
        organiser_agency = s.get(Agency, w.agencies["pc02"]).name
        items = {i.code: i for i in s.scalars(select(Item).where(Item.code.in_(codes)))}
        when = local(ho.started_at)
    assert len(pages) == len(codes) == 2
    for page, code in zip(pages, codes):
        item = items[code]
        assert "GIẤY NIÊM PHONG" in page
        assert f"Số niêm phong: {item.seal_number}" in page and item.seal_number == "000778/NP-PC02"
        assert f"Cơ quan tổ chức niêm phong: {organiser_agency}" in page
        assert f"số {request.number} ngày {request.issued_on:%d/%m/%Y}" in page
        assert request.kind == "other" and f"Theo yêu cầu: Văn bản yêu cầu số {request.number}" in page  # issue #12
        assert "125/2026/CSHS" in page and f"{item.name} (mã {display_code(code)})" in page
        assert f"{clock(when)}, ngày {short_date(when)}" in page and f"số {ch.handover_number}" in page
        for name in ("Trần Đức Hùng", "Lê Quang Sơn", "Đỗ Minh An"):
            assert name in page
        assert f"(Đóng dấu của {organiser_agency})" in page
    unsealed = run(db, clerk, storage.seal_items, SealItems(codes[:1], "unseal", reason="giám định", **_act(w)))
    assert refused_code(db, lambda: read(db, clerk, printing.seal_paper_pdf, unsealed.handover_number)) == \
        "seal_paper_not_for_record"
    if db.is_sqlite:  # the command line, on the same file
        out = tmp_path / "giay.pdf"
        assert main(["--db", str(db.url), "record", ch.handover_number, "--seal-paper", "-o", str(out)]) == 0
        assert "000778/NP-PC02" in pdf_text(out.read_bytes())
        assert main(["--db", str(db.url), "record", unsealed.handover_number, "--seal-paper",
                     "-o", str(tmp_path / "x.pdf")]) == 2
        assert "không phải biên bản niêm phong" in capsys.readouterr().err
