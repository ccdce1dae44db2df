"""Every printed document built from real data: barcodes decoded from a 203 dpi raster of the real
PDF, Vietnamese text extracted, the label print recorded in the ledger, and the CLI commands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from evidence_store.cli import main
from evidence_store.db.models import CustodyEvent, Handover, Item
from evidence_store.domain.codes import parse_code
from evidence_store.domain.errors import PermissionDenied, ValidationError
from evidence_store.domain.ledger import short_hash
from evidence_store.printing.docbase import record_qr_payload
from evidence_store.services import printing
from evidence_store.services.commands import NewItem
from evidence_store.services.commands import (DecideDisposal, ProposeDisposal, RefuseSignature,
                                                        ReleaseItems, Reseal, ReturnItems)
from evidence_store.services.context import UnitOfWork
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.handovers import handover_detail, refuse_signature
from evidence_store.services.release import release_items, return_items
from evidence_store.services.verify import verify

from ..unit.printing_helpers import decode, rasterise, text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_release, TODAY, carry_out, dismissed, doc, examiner, read, run


@pytest.fixture
def story(world, clerk):
    """Intake of a phone and a knife; the phone released for examination and returned resealed; the
    knife destroyed (proposal by the officer, approval by the commander); the giver refused to sign."""
    db, w = world
    a = w.agencies
    knife = NewItem("weapon", "Dao nhọn cán gỗ", 1, "chiếc", characteristics="dài 30 cm", sealed=True, seal_state="intact",
                    seal_number="NP-0003", location_code=w.locations["bin_A112"])
    intake = receive(db, clerk, [phone(location_code=w.locations["bin_A111"]), knife])
    phone_code, knife_code = intake.item_codes
    giver_slot = next(s for s in read(db, clerk, handover_detail, intake.handover_number).signatures
                      if s.role == "giver")
    run(db, clerk, refuse_signature, RefuseSignature(intake.handover_number, giver_slot.id,
                                                     "không đồng ý mô tả tình trạng", "Lê Quang Sơn"))
    release = run(db, clerk, approved_release, ReleaseItems(
        (phone_code,), doc("release_order", "15/LXK-PC02", a["pc02"]), "examination", examiner(a["ca"]),
        TODAY + timedelta(days=10), receiver_agency_id=a["ca"], seal_states=seals_checked((phone_code,))))
    back = run(db, clerk, return_items, ReturnItems(
        (phone_code,), w.locations["bin_A111"], examiner(a["ca"]),
        reseal=Reseal("NP-0002", reason="giám định", sealed_by=("Đỗ Minh An",), witnesses=("Nguyễn Thị Lan",))))
    officer, boss = w.actor(db, "canbo"), w.actor(db, "lanhdao")
    dismissed(db, w, intake.case_id)  # BLTTHS Điều 106.1.a: the CQĐT that dropped the case decides
    proposal = run(db, officer, propose_disposal, ProposeDisposal(
        (knife_code,), "destroyed", doc("disposal_decision", "40/QĐ-CSHS", a["pc02"]),
        council_decision=doc("council_decision", "41/QĐ-CSHS", a["pc02"]),
        council_members=("Bùi Thanh Sơn", "Hồ Thị Mai"), supervisor="Lê Thu Hà", method="Đập vỡ, đốt",
        place="Bãi tiêu hủy Nam Sơn, Sóc Sơn, Hà Nội"))
    run(db, boss, approve_disposal, DecideDisposal(proposal.handover_number))
    carry_out(db, clerk, proposal.handover_number, "Bãi tiêu hủy Nam Sơn, Sóc Sơn, Hà Nội")
    return dict(phone=phone_code, knife=knife_code, intake=intake.handover_number, release=release.handover_number,
                ret=back.handover_number, disposal=proposal.handover_number)


def _read(db, actor, fn, *args):
    with UnitOfWork(db, actor, write=False) as uow:
        return fn(uow, *args)


def _print(db, actor, fn, *args):
    with UnitOfWork(db, actor) as uow:
        return fn(uow, *args)


def _events(db) -> int:
    with db.reader.connect() as c:
        return c.execute(text("SELECT count(*) FROM custody_events")).scalar()


def _footer_qr(pdf: bytes) -> set[str]:
    return {decode(page).get("QR Code") for page in rasterise(pdf)}


def test_item_labels_decode_and_a_reprint_is_numbered_in_the_ledger(world, clerk, story):
    db, _w = world
    codes = [story["phone"]]
    before = _events(db)
    with pytest.raises(ValidationError) as destroyed:  # the knife was destroyed: no label (HANDS-ON 85)
        _print(db, clerk, printing.item_labels_pdf, [story["phone"], story["knife"]])
    assert destroyed.value.code == "label_for_disposed_item" and _events(db) == before
    pdf = _print(db, clerk, printing.item_labels_pdf, codes)
    assert _events(db) == before + 1
    with UnitOfWork(db, clerk, write=False) as uow:
        hashes = {i.code: uow.session.scalar(select(CustodyEvent.hash).where(CustodyEvent.seq == i.last_event_seq))
                  for i in uow.session.scalars(select(Item).where(Item.code.in_(codes)))}
    pages = rasterise(pdf)
    assert len(pages) == 1
    for code, page in zip(codes, pages):
        found = decode(page)
        assert found["Code 128"] == code
        assert found["QR Code"] == f"{code}:{short_hash(hashes[code])}"
    first = pdf_text(pdf)
    assert parse_code(story["phone"]).display in first and "IN LẠI" not in first
    again = _print(db, clerk, printing.item_labels_pdf, [story["phone"]], "a4-3x8")
    assert "IN LẠI 1" in pdf_text(again)
    assert _events(db) == before + 2
    assert decode(rasterise(again, 300)[0])["Code 128"] == story["phone"]  # the sheet's 300 dpi profile
    assert verify(db).ok


def test_labels_need_the_print_permission(world, story):
    db, w = world
    with pytest.raises(PermissionDenied):
        _print(db, w.actor(db, "canbo"), printing.item_labels_pdf, [story["phone"]])


def test_location_labels(world, clerk):
    db, w = world
    codes = [w.locations["bin_A111"], w.locations["secure"]]
    pdf = _read(db, clerk, printing.location_labels_pdf, codes)
    assert [decode(p)["Code 128"] for p in rasterise(pdf)] == codes
    words = pdf_text(pdf)
    assert "Ô A1-1-01" in words and "Loại: Phòng bảo quản đặc biệt" in words


@pytest.mark.parametrize("key, subtitle", [("intake", "(nhập kho)"), ("release", "(xuất kho)"),
                                           ("ret", "(nhập lại kho sau tạm xuất)"),
                                           ("disposal", "(thi hành quyết định xử lý vật chứng)")])
def test_handover_records_of_every_kind(world, clerk, story, key, subtitle):
    db, _w = world
    number = story[key]
    record = _read(db, clerk, printing.handover_record, number)
    pdf = _read(db, clerk, printing.handover_pdf, number)
    words = pdf_text(pdf)
    assert "BIÊN BẢN" in words and subtitle in words and number in words
    assert "CÔNG AN THÀNH PHỐ HÀ NỘI" in words and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in words
    for line in record.items:
        assert line.name in words and parse_code(line.code).display in words
    with UnitOfWork(db, clerk, write=False) as uow:
        ho = uow.session.scalars(select(Handover).where(Handover.number == number)).one()
        assert (record.stamp.head_seq, record.stamp.head_hash) == (ho.ledger_seq, ho.ledger_hash)
        assert record.started_at == ho.started_at + timedelta(hours=7)  # printed in Việt Nam time
    assert _footer_qr(pdf) == {record_qr_payload(number, record.stamp)}


def test_intake_record_names_participants_and_the_refusal(world, clerk, story):
    db, _w = world
    words = pdf_text(_read(db, clerk, printing.handover_pdf, story["intake"]))
    assert "Lê Văn Cường — Đại úy, Điều tra viên" in words and "căn cước số 001088012345" in words
    assert "từ chối ký biên bản, lý do: không đồng ý mô tả tình trạng" in words
    assert "Lệnh nhập kho số 12/LNK-PC02" in words and "Số NP-0001, nguyên vẹn" in words


def test_stock_slips_in_and_out(world, clerk, story):
    db, _w = world
    slip_in = pdf_text(_read(db, clerk, printing.stock_slip_pdf, story["intake"], "in"))
    assert "PHIẾU NHẬP KHO" in slip_in and "Dao nhọn cán gỗ" in slip_in and story["intake"] in slip_in
    slip_out = pdf_text(_read(db, clerk, printing.stock_slip_pdf, story["release"], "out"))
    assert "PHIẾU XUẤT KHO" in slip_out and "Đỗ Minh An" in slip_out and "giám định" in slip_out
    with pytest.raises(ValidationError) as exc:
        _read(db, clerk, printing.stock_slip_pdf, story["intake"], "out")
    assert exc.value.code == "slip_direction_mismatch"


def test_destruction_record(world, clerk, story):
    db, _w = world
    pdf = _read(db, clerk, printing.destruction_pdf, story["disposal"])
    words = pdf_text(pdf)
    for expected in ("Tiêu hủy vật chứng, tài sản", "Bùi Thanh Sơn", "Hồ Thị Mai", "Lê Thu Hà", "KIỂM SÁT VIÊN",
                     "Đập vỡ, đốt", "Dao nhọn cán gỗ", "Quyết định thành lập Hội đồng tiêu hủy số 41/QĐ-CSHS"):
        assert expected in words
    assert any(q and q.startswith("KVC|") for q in _footer_qr(pdf))
    with pytest.raises(ValidationError) as exc:
        _read(db, clerk, printing.destruction_pdf, story["intake"])
    assert exc.value.code == "not_destruction_record"


def test_stock_card_lists_the_movements_in_order(world, clerk, story):
    db, _w = world
    card = _read(db, clerk, printing.stock_card, story["phone"])
    assert [(e.quantity_in, e.quantity_out) for e in card.entries] == [(1, 0), (0, 1), (1, 0)]
    words = pdf_text(_read(db, clerk, printing.stock_card_pdf, story["phone"]))
    assert "THẺ KHO" in words and "Samsung Galaxy A52" in words and story["release"] in words


def test_ledger_book_of_the_period(world, clerk, story):
    db, _w = world
    book = _read(db, clerk, printing.ledger_book, TODAY - timedelta(days=1), TODAY + timedelta(days=1))
    assert [r.direction for r in book.rows] == ["in", "in", "out", "in", "out"]
    words = pdf_text(_read(db, clerk, printing.ledger_book_pdf, TODAY - timedelta(days=1), TODAY + timedelta(days=1)))
    assert "SỔ THEO DÕI NHẬP – XUẤT KHO" in words and parse_code(story["knife"]).display in words
    empty = _read(db, clerk, printing.ledger_book, TODAY - timedelta(days=30), TODAY - timedelta(days=20))
    assert empty.rows == ()


def test_custody_report_with_verification(world, clerk, story):
    db, _w = world
    report = _read(db, clerk, printing.custody_report, story["phone"])
    # the release prepared by the clerk, then approved by the commander (ND 142/2024 Điều 4)
    assert report.verification.ok and [e.kind for e in report.events][:3] == ["receive", "release_prepared",
                                                                               "release_temporary"]
    words = pdf_text(_read(db, clerk, printing.custody_report_pdf, story["phone"]))
    assert "Quá trình quản lý, bảo quản vật chứng" in words and "TOÀN VẸN" in words
    assert "Niêm phong lại, số niêm phong mới NP-0002" in words


def test_print_settings_are_admin_only_and_apply(world, clerk, story):
    db, w = world
    default = _read(db, clerk, printing.load_print_settings)
    assert default.header.issuing_unit == "Phòng Cảnh sát bảo vệ và hỗ trợ tư pháp"
    assert default.header.place_name == "Hà Nội"
    with pytest.raises(PermissionDenied):
        _print(db, clerk, printing.save_print_settings, {"header": {"place_name": "Hải Phòng"}})
    _print(db, w.actor(db, "quantri"), printing.save_print_settings,
           {"header": {"place_name": "Hải Phòng"}, "documents": {"handover.intake": {"copies": 3}}})
    words = pdf_text(_read(db, clerk, printing.handover_pdf, story["intake"]))
    assert "Hải Phòng, ngày" in words and "lập thành 03 bản" in words


def test_cli_writes_every_document(world, story, tmp_path, capsys):
    db, _w = world
    url = str(db.url)
    day = TODAY.strftime("%d/%m/%Y")
    commands = [["label", story["phone"], "--copies", "2"], ["record", story["intake"]],
                ["record", story["intake"], "--slip", "in"], ["record", story["release"], "--slip", "out"],
                ["record", story["disposal"], "--destruction"], ["stock-card", story["phone"]],
                ["ledger-book", "--from", day, "--to", TODAY.isoformat()], ["custody-report", story["knife"]]]
    for n, args in enumerate(commands):
        out = tmp_path / f"{n}.pdf"
        assert main(["--db", url, *args, "-o", str(out)]) == 0, args
        assert out.read_bytes().startswith(b"%PDF")
    assert main(["--db", url, "handovers", "--item", story["knife"], "--json"]) == 0
    assert story["disposal"] in capsys.readouterr().out


def test_cli_bad_input_exits_2_with_a_vietnamese_message(world, story, tmp_path, capsys):
    db, _w = world
    url = str(db.url)
    bad = parse_code(story["phone"]).compact[:-1] + ("B" if story["phone"][-1] != "B" else "C")
    assert main(["--db", url, "stock-card", bad, "-o", str(tmp_path / "x.pdf")]) == 2
    assert "Mã không hợp lệ" in capsys.readouterr().err
    assert main(["--db", url, "record", "999/2026/BB-GN", "-o", str(tmp_path / "y.pdf")]) == 2
    assert "Không tìm thấy biên bản 999/2026/BB-GN" in capsys.readouterr().err
    assert main(["--db", url, "ledger-book", "--from", "31/02/2026", "--to", "2026-03-01",
                 "-o", str(tmp_path / "z.pdf")]) == 2
    assert "Ngày không hợp lệ" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_officer_prints_the_records_of_own_case(world, story):
    db, w = world
    officer = w.actor(db, "canbo")
    with UnitOfWork(db, officer, write=False) as uow:
        case_officer = uow.session.execute(text("SELECT officer_id FROM cases")).scalar()
    assert case_officer == officer.person_id  # the builders give the case to this officer
    assert _read(db, officer, printing.handover_pdf, story["intake"]).startswith(b"%PDF")
    book = _read(db, officer, printing.ledger_book, TODAY - timedelta(days=1), TODAY + timedelta(days=1))
    assert len(book.rows) == 5


def test_custody_report_names_every_event_in_words(world, clerk, story):
    db, _w = world
    report = _read(db, clerk, printing.custody_report, story["knife"])
    assert "disposal_proposed" in [e.kind for e in report.events]
    words = pdf_text(_read(db, clerk, printing.custody_report_pdf, story["knife"]))
    assert "Đề xuất xử lý" in words
    assert not [e.kind for e in report.events if e.kind in words and "_" in e.kind]


def test_a_seal_number_with_its_own_prefix_prints_once(world, clerk, story):
    db, _w = world
    words = pdf_text(_print(db, clerk, printing.item_labels_pdf, [story["phone"]]))  # resealed "NP-0002" on return
    assert "NP-0002" in words and "NP NP-" not in words


# -- HANDS-ON 83, 85: labels print identifiers whole; disposed items and location layouts refused ----------

def test_label_prints_the_plate_whole_and_snaps_to_the_chosen_printer(world, clerk):
    from evidence_store.services.printing import item_labels_pdf
    from tests.integration.builders import phone, receive
    from tests.unit import printing_helpers
    db, w = world
    code = receive(db, clerk, [phone(category="car", name="Xe ô tô tải Hyundai Porter (ô tô tải) màu xanh",
                                     attributes={"plate": "29C-123.45"}, seal_number="000001/NP-PC02")],
                   case_number="91/2026/CSHS").item_codes[0]
    with UnitOfWork(db, clerk) as uow:
        pdf = item_labels_pdf(uow, [code], dpi=300)
    text = printing_helpers.text(pdf)
    assert "BKS 29C-123.45" in text and "000001/NP-PC02" in text and "NP 000001" not in text
    [page] = printing_helpers.rasterise(pdf, 300)
    assert printing_helpers.decode(page)["Code 128"] == code


def test_location_layout_and_disposed_items_get_no_item_label(world, clerk):
    from evidence_store.domain.errors import ValidationError
    from evidence_store.services.printing import item_labels_pdf
    from tests.integration.builders import phone, receive
    db, w = world
    code = receive(db, clerk, [phone()], case_number="92/2026/CSHS").item_codes[0]
    with UnitOfWork(db, clerk) as uow, pytest.raises(ValidationError) as refused:
        item_labels_pdf(uow, [code], layout="location-100x50")
    assert refused.value.code == "label_layout_not_for_items"
    from evidence_store.services.commands import DecideDisposal, ProposeDisposal
    from evidence_store.services.disposal import approve_disposal, propose_disposal
    from tests.integration.lifecycle_builders import doc, owner, run
    ch = run(db, clerk, propose_disposal, ProposeDisposal((code,), "returned", doc(
        "disposal_decision", "40/QĐ-CSHS", w.agencies["pc02"]), recipient=owner()))
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(ch.handover_number))
    carry_out(db, clerk, ch.handover_number, "Trụ sở Phòng CSHS")
    with UnitOfWork(db, clerk) as uow, pytest.raises(ValidationError) as refused:
        item_labels_pdf(uow, [code])
    assert refused.value.code == "label_for_disposed_item"


def test_records_print_in_vietnamese_even_in_english_and_a_translation_says_so(world, clerk, story, tmp_path):
    """BLTTHS Điều 29 (HANDS-ON 66): `--lang en` does not turn the record into an English one."""
    from evidence_store.i18n import set_language
    db, _w = world
    out = tmp_path / "record.pdf"
    try:
        set_language("en")
        with UnitOfWork(db, clerk, write=False) as uow:
            official = pdf_text(printing.handover_pdf(uow, story["intake"]))
            english = pdf_text(printing.handover_pdf(uow, story["intake"], translation="en"))
    finally:
        set_language("vi")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in official and "SOCIALIST REPUBLIC" not in official
    assert "TRANSLATION" in english.upper() and "SOCIALIST REPUBLIC" in english
    assert "Trang 1/" in official and "Page 1/" in english


def test_cli_output_into_a_missing_folder_names_the_folder(world, story, tmp_path, capsys):
    """HANDS-ON 76: the error names the output, not the database; no label print is recorded."""
    db, _w = world
    before = _events(db)
    missing = tmp_path / "khong-co" / "nhan.pdf"
    assert main(["--db", str(db.url), "label", story["phone"], "-o", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "khong-co" in err and "thư mục" in err
    assert _events(db) == before
