"""Issue #12, item 4: every record kind rendered from the database states nothing that did not happen. Each test
renders a record and compares what it says with the rows. Both engines."""

from __future__ import annotations

from evidence_store.services import printing

from ..unit.printing_helpers import text as pdf_text
from .lifecycle_builders import seals_checked
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


def _intake_with_papers(db, w, clerk):
    """An intake with its seizure record by the ward police and the deliverer's căn cước and giấy giới thiệu."""
    from datetime import date

    from evidence_store.services.commands import CaseInput, ReceiveItems
    from evidence_store.services.context import UnitOfWork
    from evidence_store.services.intake import receive_items
    from .builders import deliverer, intake_order, phone, seizure_record
    cmd = ReceiveItems(order=intake_order("31/LNK-PC02"), items=(phone(),), giver=deliverer(letter_on=date(2026, 2, 3)),
                       seizure_record=seizure_record(date(2026, 2, 1), w.agencies["hoankiem"], "12/BB-TG"),
                       new_case=CaseInput("131/2026/CSHS", offence="Trộm cắp tài sản (Điều 173 BLHS)",
                                          handling_agency_id=3, officer_id=3))
    with UnitOfWork(db, clerk) as uow:
        number = receive_items(uow, cmd).handover_number
        uow.commit()
    return number


def test_an_intake_record_prints_its_seizure_record_and_the_deliverers_papers(world, clerk):
    """ND 142/2024 Art 14 (LEGAL-RULES R19): the intake rests on the lệnh nhập kho and the biên bản thu giữ ban đầu
    (number, date, the agency that made it); the deliverer shows his căn cước and his giấy giới thiệu (number, date).
    The printed record says what the rows hold."""
    import json

    from sqlalchemy import text
    db, w = world
    number = _intake_with_papers(db, w, clerk)
    with db.reader.connect() as c:
        details = json.loads(c.execute(text("SELECT details FROM handovers WHERE number = :n"), {"n": number}).scalar())
        issuer = c.execute(text("SELECT name FROM agencies WHERE id = :i"),
                           {"i": details["seizure"]["issuer_id"]}).scalar()
        giver = c.execute(text("SELECT p.id_number, s.letter_number FROM signatures s JOIN handovers h ON h.id = "
                               "s.handover_id JOIN persons p ON p.id = s.person_id WHERE h.number = :n AND "
                               "s.role = 'giver'"), {"n": number}).one()
    assert details["seizure"] == {"number": "12/BB-TG", "date": "2026-02-01", "issuer_id": w.agencies["hoankiem"],
                                  "issuer": issuer} and issuer == "Công an phường Hoàn Kiếm"
    assert details["giver_letter_on"] == "2026-02-03" and tuple(giver) == ("001088012345", "15/GGT-PC02")
    words = _words(db, clerk, printing.handover_pdf, number)
    assert f"Kèm theo biên bản thu giữ ban đầu số 12/BB-TG ngày 01/02/2026 của {issuer}." in words, words
    assert "căn cước số 001088012345; giấy giới thiệu số 15/GGT-PC02 ngày 03/02/2026" in words, words


def test_an_intake_printed_before_the_papers_were_required_still_reads_as_printed(world, clerk):
    """An intake of an earlier release kept its seizure record as free text and no letter date: its record prints
    what it held, and a paper printed before the seizure record was printed still reads «khớp»."""
    from dataclasses import replace

    from evidence_store.printing.docbase import record_qr_payload
    from evidence_store.services import paper_check
    from evidence_store.services.printing_data import stamped
    from .lifecycle_builders import stored_as_before_papers
    db, w = world
    number = _intake_with_papers(db, w, clerk)
    stored_as_before_papers(db, number, {"seizure_record": "số 12/BB-TG ngày 01/12/2026"})
    words = _words(db, clerk, printing.handover_pdf, number)
    assert "Kèm theo biên bản thu giữ ban đầu: số 12/BB-TG ngày 01/12/2026." in words
    assert "giấy giới thiệu số 15/GGT-PC02 ngày" not in words
    record = read(db, clerk, printing.handover_record, number)
    before = replace(record, facts=tuple(f for f in record.facts if "thu giữ ban đầu" not in f))
    before = stamped(before, record.stamp.head_seq, record.stamp.head_hash)
    check = read(db, clerk, paper_check.check_record_qr, record_qr_payload(number, before.stamp))
    assert check.matches, check.differences


def test_a_release_approved_in_2024_cites_no_decree_that_was_not_yet_in_force(world, clerk):
    """ND 142/2024/NĐ-CP is in force from 01/01/2025: a release of 16/02/2024 printed its approval «(Điều 4 Nghị định
    142/2024/NĐ-CP)» under bases that rightly cite ND 18/2002. The same act in 2025 keeps the citation. A paper of
    2024 printed before still reads «khớp»."""
    from datetime import date, datetime, timedelta

    from evidence_store.printing.docbase import record_qr_payload
    from evidence_store.services import paper_check
    from evidence_store.services.commands import ReleaseItems
    from .lifecycle_builders import approved_release, doc, examiner, run
    db, w = world
    a = w.agencies
    numbers = {}
    for year in (2024, 2025):
        day = datetime(year, 2, 16, 8, 0)
        code = _received_on(db, clerk, day - timedelta(days=10), f"7/{year}/CSHS")
        numbers[year] = run(db, clerk, approved_release, ReleaseItems(
            (code,), doc("release_order", f"1/LXK-PC02-{year}", a["pc02"], date(year, 2, 15)), "examination",
            examiner(a["ca"]), date(year, 3, 1), receiver_agency_id=a["ca"], occurred_at=day, seal_states=seals_checked((code,)))).handover_number
    old = _words(db, clerk, printing.handover_pdf, numbers[2024])
    assert "Nghị định số 18/2002/NĐ-CP" in old and "142/2024" not in old, old
    assert "Việc xuất kho đã được" in old and "duyệt lúc 15:00 ngày 16/02/2024." in old
    new = _words(db, clerk, printing.handover_pdf, numbers[2025])
    assert "duyệt lúc 15:00 ngày 16/02/2025 (Điều 4 Nghị định 142/2024/NĐ-CP)." in new
    from evidence_store.services.handover_facts import CITE_AS_BEFORE
    token = CITE_AS_BEFORE.set(True)
    try:
        before = read(db, clerk, printing.handover_record, numbers[2024])
    finally:
        CITE_AS_BEFORE.reset(token)
    assert any("142/2024" in f for f in before.facts)
    check = read(db, clerk, paper_check.check_record_qr, record_qr_payload(numbers[2024], before.stamp))
    assert check.matches, check.differences


def _received_on(db, clerk, day, case_number) -> str:
    """One phone received on ``day`` on an intake order of the day before."""
    from datetime import timedelta

    from evidence_store.services.commands import CaseInput, DocumentInput, PersonInput, ReceiveItems
    from evidence_store.services.context import UnitOfWork
    from evidence_store.services.intake import receive_items
    from .builders import deliverer, phone, seizure_record
    order = DocumentInput("intake_order", f"LNK-{case_number}", (day - timedelta(days=1)).date(), 3, "Phạm Quang Dũng",
                          "Trưởng phòng")
    cmd = ReceiveItems(order=order, items=(phone(),), started_at=day,
                       giver=deliverer(letter_on=order.issued_on), seizure_record=seizure_record(order.issued_on),
                       new_case=CaseInput(case_number, offence="Trộm cắp tài sản (Điều 173 BLHS)",
                                          handling_agency_id=3, officer_id=3))
    with UnitOfWork(db, clerk) as uow:
        code = receive_items(uow, cmd).item_codes[0]
        uow.commit()
    return code


def test_a_disposal_not_carried_out_leaves_the_seals_at_the_handover_to_be_written(world, clerk):
    """A proposal (draft) printed «Tình trạng niêm phong khi giao nhận: các niêm phong nguyên vẹn» and «Ý kiến, khiếu
    nại …: không có» before anybody handed anything over, looked at a seal or was asked; carried out, the record
    states the seals as checked and the remarks."""
    db, w = world
    numbers = _records(db, w, clerk)
    draft = _words(db, clerk, printing.handover_pdf, numbers["disposal_draft"])
    assert "DỰ THẢO" in draft and "Tình trạng niêm phong khi giao nhận: ………" in draft
    assert "các niêm phong nguyên vẹn" not in draft
    assert "Ý kiến, khiếu nại của những người tham gia: ………" in draft  # nobody has been asked yet
    done = _words(db, clerk, printing.handover_pdf, numbers["disposal_open"])
    assert "Tình trạng niêm phong khi giao nhận: các niêm phong nguyên vẹn" in done


def test_a_sealing_record_names_its_organiser_for_a_sealing_and_an_unsealing_record_for_an_unsealing(world, clerk):
    """ND 127/2017: the organiser of a sealing is not said to have organised «niêm phong / mở niêm phong» — each
    record names the act it records."""
    db, w = world
    numbers = _records(db, w, clerk)
    seal = _words(db, clerk, printing.handover_pdf, numbers["seal"])
    unseal = _words(db, clerk, printing.handover_pdf, numbers["unseal"])
    assert "Người tổ chức niêm phong:" in seal and "mở niêm phong:" not in seal
    assert "Người tổ chức mở niêm phong:" in unseal and "Người tổ chức niêm phong / mở" not in unseal


def test_a_destruction_not_carried_out_states_no_remarks_yet(world, clerk):
    """The council's record of an approved destruction not carried out said «Ý kiến, khiếu nại …: không có»."""
    from evidence_store.services.commands import DecideDisposal, NewItem, ProposeDisposal
    from evidence_store.services.disposal import approve_disposal, propose_disposal
    from .builders import receive
    from .lifecycle_builders import carry_out, run, thads_council, to_enforcement
    db, w = world
    got = receive(db, clerk, [NewItem("weapon", "Dao bầu", 1, "chiếc", sealed=True, seal_state="intact", seal_number="NP-31",
                                      location_code=w.locations["bin_A111"])], case_number="R-1/2026")
    qd = to_enforcement(db, w, got.case_id)
    number = run(db, clerk, propose_disposal, ProposeDisposal(got.item_codes, "destroyed", qd,
                                                              **thads_council(w))).handover_number
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    draft = _words(db, clerk, printing.destruction_pdf, number)
    assert "DỰ THẢO" in draft and "Ý kiến, khiếu nại của những người tham gia: ………" in draft
    carry_out(db, w.actor(db, "lanhdao"), number)
    done = _words(db, clerk, printing.destruction_pdf, number)
    assert "Ý kiến, khiếu nại của những người tham gia: không có." in done


def test_an_incident_whose_end_is_not_entered_states_no_remarks_yet(world, clerk):
    """A broken seal found at a return opens the incident record as a draft; printed then (to be read and signed) it
    said «Ý kiến, khiếu nại …: không có» beside «kết thúc hồi …… giờ» — nobody had been asked. The remarks are
    taken when the record is read back at its end (BLTTHS Điều 133.1): once the end is entered it says «không có»."""
    from evidence_store.services.commands import EndRecord
    from evidence_store.services.handovers import end_record
    from evidence_store.services.persistence import utcnow
    from .lifecycle_builders import run
    db, w = world
    number = _records(db, w, clerk)["incident"]
    draft = _words(db, clerk, printing.handover_pdf, number)
    assert "DỰ THẢO" in draft and "kết thúc hồi …… giờ" in draft
    assert "Ý kiến, khiếu nại của những người tham gia: ………" in draft
    assert "tham gia: không có" not in draft
    run(db, clerk, end_record, EndRecord(number, utcnow()))
    ended = _words(db, clerk, printing.handover_pdf, number)
    assert "Ý kiến, khiếu nại của những người tham gia: không có." in ended


def _destroyed(db, w, clerk, case_number, stage) -> str:
    """A knife destroyed, carried out: at the police stage after a đình chỉ (a council of a chair alone), or under a
    judgment by the THADS council."""
    from evidence_store.services.commands import DecideDisposal, NewItem, PersonInput, ProposeDisposal
    from evidence_store.services.disposal import approve_disposal, propose_disposal
    from .builders import receive
    from .lifecycle_builders import carry_out, dismissed, doc, run, thads_council, to_enforcement
    a = w.agencies
    got = receive(db, clerk, [NewItem("weapon", "Dao phay", 1, "chiếc", sealed=True, seal_state="intact", seal_number=f"NP-{case_number}",
                                      location_code=w.locations["bin_A111"])], case_number=case_number)
    if stage == "police":
        dismissed(db, w, got.case_id)
        council = dict(council_decision=doc("council_decision", "9/QĐ-HĐTH-PC02", a["pc02"]),
                       council_members=("Phạm Văn Trang, Phó Trưởng phòng",), supervisor="Lê Thu Hà",
                       supervisor_agency_id=a["vks"], method="Đập vỡ, đốt")
        basis = doc("disposal_decision", "9/QĐ-XLVC-PC02", a["pc02"])
    else:
        basis, council = to_enforcement(db, w, got.case_id), thads_council(w)
    number = run(db, w.actor(db, "canbo") if stage == "police" else clerk, propose_disposal,
                 ProposeDisposal(got.item_codes, "destroyed", basis, **council)).handover_number
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    carry_out(db, clerk, number, keeper=PersonInput(id=w.persons["thukho"]))
    return number


def test_a_destruction_decided_at_the_police_stage_is_not_sent_to_an_enforcement_file(world, clerk):
    """Demo 39/2024/BB-TH: a case dismissed by the investigating agency, its council a chair alone. The record said
    it was made «04 bản: 01 bản lưu hồ sơ thi hành án, …, 01 bản gửi cơ quan tài chính» — there is no enforcement
    file and no financial agency — and printed a «THÀNH VIÊN HỘI ĐỒNG» column nobody holds. A THADS council's record
    keeps its four copies (Luật THADS Điều 125)."""
    db, w = world
    police = _words(db, clerk, printing.destruction_pdf, _destroyed(db, w, clerk, "TH-5/2026", "police"))
    assert "lập thành 03 bản: 01 bản lưu hồ sơ vụ án, 01 bản gửi Viện kiểm sát, 01 bản lưu kho." in police
    assert "thi hành án" not in police.split("Biên bản kết thúc")[1] and "cơ quan tài chính" not in police
    assert "THÀNH VIÊN HỘI ĐỒNG" not in police and "CHỦ TỊCH HỘI ĐỒNG" in police
    thads = _words(db, clerk, printing.destruction_pdf, _destroyed(db, w, clerk, "TH-6/2026", "thads"))
    assert ("lập thành 04 bản: 01 bản lưu hồ sơ thi hành án, 01 bản gửi Viện kiểm sát, 01 bản gửi cơ quan tài chính, "
            "01 bản lưu kho.") in thads
    assert "THÀNH VIÊN HỘI ĐỒNG" in thads


def test_the_handover_record_of_a_destruction_gives_the_council_it_names_a_place_to_sign(world, clerk):
    """Demo 3/2025/BB-GN (complete): «chúng tôi gồm» named the council's chair and member and the procurator, but
    the signatures were BÊN GIAO, an empty BÊN NHẬN and THỦ TRƯỞNG ĐƠN VỊ — those named did not sign, and nobody
    held «BÊN NHẬN» (BLTTHS Điều 133: everyone who took part signs)."""
    db, w = world
    number = _destroyed(db, w, clerk, "TH-7/2026", "thads")
    words = _words(db, clerk, printing.handover_pdf, number)
    named, signed = words.split("Biên bản kết thúc")
    assert "Bùi Thanh Sơn" in named and "Hồ Thị Mai" in named and "Lê Thu Hà" in named
    for title, name in (("CHỦ TỊCH HỘI ĐỒNG", "Bùi Thanh Sơn"), ("THÀNH VIÊN HỘI ĐỒNG", "Hồ Thị Mai"),
                        ("KIỂM SÁT VIÊN", "Lê Thu Hà")):
        assert title in signed and name in signed.split(title, 1)[1]
    assert "BÊN NHẬN" not in signed
