"""What a printed record says, read from the rendered PDF and checked against the database: a return states the
condition at return, the tạm xuất record it closes, the old seal, the reason and the participants of a reseal
(HANDS-ON 35); the phiếu xuất kho of a release gives its due date (34); and so on (issue #12)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from evidence_store.services import acceptance
from evidence_store.services import printing
from evidence_store.services.context import UnitOfWork
from evidence_store.services.commands import ReleaseItems, Reseal, ReturnItems
from evidence_store.services.handovers import handover_detail
from evidence_store.services.release import release_items, return_items

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_release, TODAY, doc, examiner, item_row, read, run


def _keep(name: str, pdf: bytes) -> bytes:
    """KVC_KEEP_PDF=<folder>: keep the rendered page for a person to look at (the report names them)."""
    import os
    folder = os.environ.get("KVC_KEEP_PDF")
    if folder:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(pdf)
    return pdf


def _flat(words: str) -> str:
    return " ".join(words.split())


def _released(db, w, clerk, due_days=5):
    a = w.agencies
    code = receive(db, clerk, [phone()]).item_codes[0]
    out = run(db, clerk, approved_release, ReleaseItems((code,), doc("release_order", "15/LXK-PC02", a["pc02"]),
                                                     "examination", examiner(a["ca"]), TODAY + timedelta(days=due_days),
                                                     receiver_agency_id=a["ca"], seal_states=seals_checked((code,))))
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
        reseal=Reseal("000888/NP-GĐ", reason="mở để giám định bộ nhớ", sealed_by=("Đỗ Minh An, Giám định viên",),
                      witnesses=("Trần Đức Hùng, Điều tra viên",))))
    line = _line(db, back.handover_number)
    assert line["condition"] == item_row(db, code)["condition"] == "Vỡ màn hình sau giám định"
    assert line["seal_number"] == "000888/NP-GĐ" and line["note"] == "resealed"
    d = read(db, clerk, handover_detail, back.handover_number)
    words = _flat(pdf_text(_keep("35-return.pdf", read(db, clerk, printing.handover_pdf, back.handover_number))))
    assert "Vỡ màn hình sau giám định" in words and "Đã qua sử dụng" not in words  # never the seizure condition
    # the return rests on the tạm xuất record; the lệnh xuất kho is named as what the items went out on
    assert f"Căn cứ Biên bản giao nhận vật chứng khi tạm xuất số {release_number}" in words
    assert "Căn cứ Lệnh xuất kho" not in words
    assert f"đã tạm xuất theo Lệnh xuất kho số 15/LXK-PC02" in words and f"(biên bản số {release_number})" in words
    assert d.details["previous_seals"] == {code: "NP-0001"}
    from evidence_store.domain.codes import parse_code
    assert f"niêm phong cũ {parse_code(code).display}: số NP-0001 đã được mở" in words
    assert "lý do: mở để giám định bộ nhớ" in words
    # who opened and sealed again, and who witnessed it, each in their part — as the database holds them (#12)
    assert d.details["resealed_by"] == ["Đỗ Minh An, Giám định viên"]
    assert d.details["reseal_witnesses"] == ["Trần Đức Hùng, Điều tra viên"]
    assert ("Người mở và niêm phong lại: Đỗ Minh An, Giám định viên; trước sự chứng kiến của Trần Đức Hùng, Điều tra "
            "viên; niêm phong mới số 000888/NP-GĐ") in words
    assert "người tham gia mở" not in words
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
    from evidence_store.services.commands import TransferResponsibility
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
        numbers.append(run(db, officer if target == "vks" else clerk, transfer_responsibility, TransferResponsibility(
            doc(kind, number, a[issuer]), a[target], case_id=got.case_id,
            receiver=rep(a[target], "Ngô Thị Hạnh" if target == "vks" else "Phan Văn Tòa"))).handover_number)
        if target == "vks":  # the VKS has a seat: its procurator accepts before the case can move on (issue 13)
            with UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
                acceptance.accept_handover(uow, numbers[-1])
                uow.commit()
    police, vks = numbers
    # the investigator hands his own case over: he gives; the VKS → TA transfer is not his to give (HANDS-ON 41)
    with db.reader.connect() as c:
        me = c.execute(text("SELECT p.full_name FROM persons p WHERE p.id = :i"), {"i": w.persons["canbo"]}).scalar()
    assert _signers(db, police)["giver"] == (me, w.persons["canbo"])
    giver_name, giver_id = _signers(db, vks)["giver"]
    assert giver_id != w.persons["canbo"]  # never the police officer (HANDS-ON 41): the VKS's own person or blank
    if giver_id is not None:
        with db.reader.connect() as c:
            assert c.execute(text("SELECT agency_id FROM persons WHERE id = :i"), {"i": giver_id}).scalar() == a["vks"]
    words = _flat(pdf_text(_keep("43-transfer-vks-ta.pdf", read(db, clerk, printing.handover_pdf, vks))))
    vks_name = _agency(db, a["vks"])
    assert vks_name.upper() in words  # the VKS heads its own record (HANDS-ON 43)
    giver_line = words.split("Bên giao:")[1].split("Bên nhận")[0]
    assert vks_name in giver_line and (giver_name in giver_line if giver_id else "……………………………" in giver_line)
    police_words = _flat(pdf_text(read(db, clerk, printing.handover_pdf, police)))
    assert vks_name.upper() not in police_words.split("CỘNG HÒA")[0]  # a police transfer keeps the warehouse header
    # a court document is cited by its type, never the form label "Bản án / Quyết định của Tòa án"
    milestone(db, got.case_id, "first_instance_judgment", "judgment", "25/2026/HS-ST", a["ta"])
    from evidence_store.printing.blocks import document_phrase
    from evidence_store.printing.records import BasisDocument
    phrase = document_phrase(BasisDocument("judgment", "25/2026/HS-ST", TODAY))
    assert phrase.startswith("Bản án hình sự sơ thẩm số 25/2026/HS-ST") and "/ Quyết định" not in phrase
    assert document_phrase(BasisDocument("judgment", "12/2026/QĐ-ST", TODAY)).startswith(
        "Quyết định sơ thẩm của Tòa án số")


def _png(n: int = 0) -> bytes:
    from io import BytesIO

    from PIL import Image, ImageDraw
    img = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(img).line([(10, 80), (120, 20 + 10 * n), (200, 70), (290, 15)], fill="black", width=6)
    buf = BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _slots(db, clerk, number):
    return {s.role: s for s in read(db, clerk, handover_detail, number).signatures}


def test_signers_added_redone_and_signed_on_screen_show_on_paper(world, clerk):
    """HANDS-ON 55–57: a witness and the leader are added to a draft, each gets a column of their own with the two
    sides side by side; a refusal typed wrong is done again (logged) before completion; a signature made on the
    screen prints as its image with the time it was made."""
    import pytest

    from evidence_store.domain.errors import DomainError
    from evidence_store.printing.formatting import clock, short_date
    from evidence_store.services.commands import PersonInput
    from evidence_store.services.commands import AddSigner, RedoSignature, RefuseSignature, SignOnScreen
    from evidence_store.services.persistence import utcnow
    from evidence_store.services.handovers import complete_handover, refuse_signature, sign_on_screen
    from evidence_store.services.printing_data import local
    from evidence_store.services.signers import add_signer, redo_signature
    db, w = world
    number = receive(db, clerk, [phone()]).handover_number
    run(db, clerk, add_signer, AddSigner(number, "witness", PersonInput(full_name="Lê Quang Sơn",
                                                                         position="Tổ trưởng tổ dân phố")))
    run(db, clerk, add_signer, AddSigner(number, "head", PersonInput(full_name="Hoàng Văn Thủ", rank="Thượng tá",
                                                                      position="Trưởng phòng")))
    with pytest.raises(DomainError) as exc:
        run(db, clerk, add_signer, AddSigner(number, "keeper", PersonInput(full_name="Ai Đó")))
    assert exc.value.code == "signer_role_not_addable"
    giver = _slots(db, clerk, number)["giver"]
    run(db, clerk, refuse_signature, RefuseSignature(number, giver.id, "Sai so luong", "", PersonInput(
        full_name="Trần Văn Tư", id_number="001070001111")))
    with pytest.raises(DomainError) as exc:
        run(db, clerk, sign_on_screen, SignOnScreen(number, giver.id, _png()))
    assert exc.value.code == "slot_already_signed"
    run(db, clerk, redo_signature, RedoSignature(number, giver.id, "Lý do từ chối ghi nhầm, người giao đồng ý ký"))
    slots = _slots(db, clerk, number)
    assert slots["giver"].id != giver.id and slots["giver"].status == "pending"
    assert "refusal_witness" not in slots  # the witness of the refusal went with it
    with db.reader.connect() as c:  # the redo is in the ledger with its reason
        logged = [r[0] for r in c.execute(text("SELECT data FROM custody_events WHERE kind = 'signature'"))]
    import json
    redo = [json.loads(d) for d in logged if json.loads(d).get("mode") == "redo"]
    assert [(r["slot"], r["previous_status"], r["reason"]) for r in redo] == [
        (giver.id, "refused", "Lý do từ chối ghi nhầm, người giao đồng ý ký")]
    for n, role in enumerate(("giver", "receiver", "witness", "head")):
        run(db, clerk, sign_on_screen, SignOnScreen(number, slots[role].id, _png(n)))
    run(db, clerk, lambda uow, n: complete_handover(uow, n, utcnow()), number)
    with pytest.raises(DomainError):  # complete: nothing is redone any more
        run(db, clerk, redo_signature, RedoSignature(number, slots["giver"].id, "muộn"))
    pdf = _keep("55-57-signers.pdf", read(db, clerk, printing.handover_pdf, number))
    words = _flat(pdf_text(pdf))
    assert "Sai so luong" not in words and "Từ chối ký" not in words and "Trần Văn Tư" not in words
    assert "NGƯỜI CHỨNG KIẾN" in words and "THỦ TRƯỞNG ĐƠN VỊ" in words and "Hoàng Văn Thủ" in words
    signed = local(_slots(db, clerk, number)["giver"].signed_at)
    assert f"(Đã ký trên màn hình lúc {clock(signed)} ngày {short_date(signed)})" in words
    assert words.count("Đã ký trên màn hình lúc") == 4
    # BÊN GIAO and BÊN NHẬN head the first row of columns, side by side
    titles = [t for t in ("BÊN GIAO", "BÊN NHẬN", "NGƯỜI CHỨNG KIẾN", "THỦ TRƯỞNG ĐƠN VỊ") if t in words]
    first_row = words.split("BÊN GIAO", 1)[1].replace("(Ký, ghi rõ họ tên)", "").lstrip()
    assert first_row.startswith("BÊN NHẬN"), first_row[:60]
    assert titles == ["BÊN GIAO", "BÊN NHẬN", "NGƯỜI CHỨNG KIẾN", "THỦ TRƯỞNG ĐƠN VỊ"]
    # the captured images are on the page (four signatures drawn)
    from pypdf import PdfReader
    from io import BytesIO
    images = sum(len(page.images) for page in PdfReader(BytesIO(pdf)).pages)
    assert images == 4  # each signature drawn as captured


def test_a_transfer_to_thads_on_the_vks_decision_is_headed_by_the_vks_whose_procurator_gives(world, clerk):
    """Issue #12 (R39): once the indictment moved the case to the court, the VKS's QĐ chuyển giao hands the evidence
    to THADS by one of its procurators (TT 04/2023/TT-BTP Điều 10): the record is the VKS's — its name heads it —
    not the court's, which holds the case but neither decides nor gives here."""
    from evidence_store.db.models import Handover
    from evidence_store.services.commands import PersonInput, TransferResponsibility
    from evidence_store.services.transfer import transfer_responsibility
    from sqlalchemy import select
    from .lifecycle_builders import milestone, rep
    db, w = world
    a = w.agencies
    got = receive(db, clerk, [phone()])
    milestone(db, got.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    for kind, number, issuer, target, acceptor in [("investigation_conclusion", "20/KLĐT-CSHS", "pc02", "vks",
                                                    "kiemsatvien"), ("indictment", "08/CT-VKS", "vks", "ta", "thamphan")]:
        offer = run(db, w.actor(db, "canbo") if target == "vks" else clerk, transfer_responsibility,
                    TransferResponsibility(doc(kind, number, a[issuer]), a[target], case_id=got.case_id,
                                           receiver=rep(a[target], "Phan Văn Tòa"))).handover_number
        if read(db, clerk, handover_detail, offer).acceptance == "pending":  # a seat accepts (issue 13)
            with UnitOfWork(db, w.actor(db, acceptor)) as uow:
                acceptance.accept_handover(uow, offer)
                uow.commit()
    number = run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("transfer_decision", "08/QĐ-CGVC-VKS", a["vks"]), a["thads"], case_id=got.case_id,
        giver=PersonInput(id=w.persons["kiemsatvien"]), receiver=rep(a["thads"], "Bùi Thanh Sơn"))).handover_number
    with db.session(write=False) as s:
        ho = s.scalars(select(Handover).where(Handover.number == number)).one()
        holder = ho.giver_agency_id
    words = _flat(pdf_text(read(db, clerk, printing.handover_pdf, number)))
    head = words.split("CỘNG HÒA")[0]
    vks, court = _agency(db, a["vks"]), _agency(db, holder)
    assert holder == a["ta"] and court.upper() not in head  # the case sat at the court: the court does not head it
    assert vks.upper() in head and vks in words.split("Bên giao:")[1].split("Bên nhận")[0]
    # the paper printed before, headed by the court, states the same act: its QR still reads "khớp"
    from dataclasses import replace
    from evidence_store.domain.ledger import short_hash
    from evidence_store.services import paper_check
    from evidence_store.services.printing_data import record_hash
    record = read(db, clerk, printing.handover_record, number)
    assert record.issuing_agency == vks
    old = replace(record, issuing_parent="", issuing_agency=court)
    stamp = record.stamp
    paper = f"KVC|{number}|{short_hash(record_hash(old))}|{stamp.head_seq}|{short_hash(stamp.head_hash)}"
    assert read(db, clerk, paper_check.check_record_qr, paper).matches


def test_a_reseal_names_who_sealed_again_and_who_witnessed_or_is_refused(world, clerk):
    """Issue #12: "người tham gia mở và niêm phong lại: A, B" did not say who resealed and who only watched. A reseal
    now names both parts (ND 127/2017; LEGAL-RULES R16: an organiser and a witness) or is refused, nothing recorded;
    a seal found broken at the return says the same. A record made before keeps its printed sentence (its check
    code), as its details hold no parts."""
    from evidence_store.domain.errors import ValidationError
    from evidence_store.services.handover_facts import _return_facts
    from evidence_store.db.models import Handover
    from sqlalchemy import select
    import pytest
    db, w = world
    code, _number = _released(db, w, clerk)
    for kw, field in (({"participants": ("Đỗ Minh An", "Nguyễn Thị Lan")}, "participants"),
                      ({"sealed_by": ("Đỗ Minh An",)}, "reseal_witnesses"),
                      ({"witnesses": ("Nguyễn Thị Lan",)}, "participants")):
        with pytest.raises(ValidationError) as exc:
            run(db, clerk, return_items, ReturnItems((code,), w.locations["bin_A111"], examiner(w.agencies["ca"]),
                                                     seal_intact=False, reseal=Reseal("000889/NP-PC02", **kw)))
        assert exc.value.code == "reseal_roles_required" and exc.value.params["field"] == field
        assert item_row(db, code)["state"] == "out_temporary"  # nothing recorded
    back = run(db, clerk, return_items, ReturnItems(
        (code,), w.locations["bin_A111"], examiner(w.agencies["ca"]), seal_intact=False,
        reseal=Reseal("000889/NP-PC02", sealed_by=("Trần Đức Hùng, Điều tra viên",),
                      witnesses=("Nguyễn Thị Lan, Thủ kho", "Lê Quang Sơn, Bảo vệ"))))
    d = read(db, clerk, handover_detail, back.handover_number)
    words = _flat(pdf_text(_keep("return-reseal-broken.pdf",
                                 read(db, clerk, printing.handover_pdf, back.handover_number))))
    assert d.details["resealed_by"] == ["Trần Đức Hùng, Điều tra viên"]
    assert ("bị rách, hỏng khi nhận lại. Vật chứng đã được niêm phong lại trước khi xếp lên kệ (Nghị định "
            "127/2017/NĐ-CP). Người niêm phong lại: Trần Đức Hùng, Điều tra viên; trước sự chứng kiến của Nguyễn Thị "
            "Lan, Thủ kho; Lê Quang Sơn, Bảo vệ; niêm phong mới số 000889/NP-PC02.") in words, words
    # the same record as the release before stored it (participants only) prints the sentence its paper carries
    legacy = {k: v for k, v in d.details.items() if k not in ("resealed_by", "reseal_witnesses")}
    with db.session(write=False) as s:
        ho = s.scalars(select(Handover).where(Handover.number == back.handover_number)).one()
        facts = " ".join(_return_facts(s, ho, legacy))
    assert ("người tham gia niêm phong lại: Trần Đức Hùng, Điều tra viên, Nguyễn Thị Lan, Thủ kho, Lê Quang Sơn, "
            "Bảo vệ") in facts
