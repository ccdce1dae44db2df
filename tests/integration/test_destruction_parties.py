"""Issue #12: the biên bản tiêu hủy of a THADS council, rendered from the database, names the storekeeper who hands
the items over and the commander who approved their leaving — each with position and agency, as their signature
slots hold them — and gives each a signature place: the record dialog asks for both signatures, and the paper
named neither. A paper printed before still reads «khớp» at the QR check. Both engines."""

from __future__ import annotations

import json

from sqlalchemy import select

from evidence_store.db.models import Agency, Handover, Person, Signature
from evidence_store.printing.docbase import record_qr_payload
from evidence_store.printing.formatting import short_date
from evidence_store.services import paper_check, printing
from evidence_store.services.commands import DecideDisposal, NewItem, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.handovers import handover_detail
from evidence_store.services.printing_data import local

from ..unit.printing_helpers import page_texts, text as pdf_text
from .builders import receive
from .lifecycle_builders import carry_out, read, run, thads_council, to_enforcement
from .test_record_content import _keep


def _destruction(db, w, clerk):
    knives = [NewItem("weapon", "Dao bầu cán gỗ", 2, "chiếc", sealed=True, seal_state="intact", seal_number="NP-77",
                      location_code=w.locations["bin_A111"])]
    got = receive(db, clerk, knives, case_number="TH-1/2026")
    qd = to_enforcement(db, w, got.case_id)
    number = run(db, clerk, propose_disposal, ProposeDisposal(got.item_codes, "destroyed", qd,
                                                              **thads_council(w))).handover_number
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    carry_out(db, w.actor(db, "lanhdao"), number, "Lò đốt rác thải Nam Sơn, Sóc Sơn")
    return number


def _slot(db, number, role):
    with db.session(write=False) as s:
        ho = s.scalars(select(Handover).where(Handover.number == number)).one()
        sig = s.scalars(select(Signature).where(Signature.handover_id == ho.id, Signature.role == role)).one()
        person = s.get(Person, sig.person_id)
        agency = s.get(Agency, person.agency_id).name
        return sig.person_name, person.position, agency, json.loads(ho.details)


def test_the_council_record_names_and_gives_a_place_to_the_storekeeper_and_the_commander(world, clerk):
    db, w = world
    number = _destruction(db, w, clerk)
    # the record dialog's slots: the storekeeper gives (the clerk proposed it), the commander approved
    roles = {s.role for s in read(db, clerk, handover_detail, number).signatures}
    assert {"giver", "approver", "chair", "member", "supervisor"} <= roles
    keeper, keeper_position, keeper_agency, details = _slot(db, number, "giver")
    head, head_position, head_agency, _details = _slot(db, number, "approver")
    assert keeper_position == "Thủ kho" and head_position
    pdf = _keep("destruction-parties.pdf", read(db, clerk, printing.destruction_pdf, number))
    words = " ".join(pdf_text(pdf).split())
    parties = words.split("chúng tôi gồm:")[1].split("Tiến hành tiêu hủy")[0]
    assert f"Bên giao: Bà {keeper} — " in parties and keeper_position in parties.split(keeper)[1].split(".")[0]
    assert keeper_agency in parties.split(keeper)[1].split(".")[0]
    head_line = parties.split("Thủ trưởng đơn vị:")[1].split(".")[0]
    assert head in head_line and head_position in head_line and head_agency in head_line
    # the council's chair and the procurator are named with their agencies too (THADS, VKS)
    with db.session(write=False) as s:
        thads, vks = (s.get(Agency, w.agencies[k]).name for k in ("thads", "vks"))
    assert thads in parties.split("Chủ tịch Hội đồng:")[1].split(".")[0], parties
    assert vks in parties.split("Kiểm sát viên kiểm sát việc tiêu hủy:")[1].split(".")[0], parties
    approved = local(__import__("datetime").datetime.fromisoformat(details["approved_at"])).date()
    assert f"phê duyệt ngày {short_date(approved)}" in parties
    # each signs in a place of their own on the page of the closing statement
    last = page_texts(pdf)[-1].split("Biên bản kết thúc", 1)[1]
    for title, name in (("BÊN GIAO", keeper), ("THỦ TRƯỞNG ĐƠN VỊ", head), ("CHỦ TỊCH HỘI ĐỒNG", "Bùi Thanh Sơn")):
        assert title in last and name in last.split(title, 1)[1], (title, name)
    # a paper printed before issue #12 (neither named) still matches: the act it states is the same
    record = read(db, clerk, printing.destruction_record, number)
    old = printing.earlier_destruction_content(record)
    assert old != record and all(p.role not in ("giver", "head") for p in old.parties)
    from evidence_store.services.printing_data import stamped
    old = stamped(old, record.stamp.head_seq, record.stamp.head_hash)
    check = read(db, clerk, paper_check.check_record_qr, record_qr_payload(record.number, old.stamp))
    assert check.matches and check.name.startswith(f"Biên bản tiêu hủy {record.number}: khớp"), check.name


def _dropped_case_destruction(db, w, clerk, case_number):
    """A knife of a case dropped at investigation (BLTTHS Điều 230), its destruction proposed by the investigating
    officer under the CQĐT's decision and council (Điều 106.1.a): (the intake's changes, the record's number)."""
    from .lifecycle_builders import dismissed, doc
    a = w.agencies
    got = receive(db, clerk, [NewItem("weapon", "Dao phay", 1, "chiếc", sealed=True, seal_state="intact", seal_number="NP-78",
                                      location_code=w.locations["bin_A111"])], case_number=case_number)
    dismissed(db, w, got.case_id)
    number = run(db, w.actor(db, "canbo"), propose_disposal, ProposeDisposal(
        got.item_codes, "destroyed", doc("disposal_decision", "9/QĐ-XLVC-PC02", a["pc02"]),
        council_decision=doc("council_decision", "9/QĐ-HĐTH-PC02", a["pc02"]),
        council_members=("Phạm Văn Trang, Cán bộ kỹ thuật",), supervisor="Lê Thu Hà", method="Đập vỡ, đốt",
        supervisor_agency_id=a["vks"])).handover_number
    return got, number


def test_a_destruction_proposed_by_an_officer_names_the_storekeeper_who_hands_the_items_over(world, clerk):
    """Proposed by the investigating officer after a đình chỉ (BLTTHS Điều 106.1.a), the destruction had no slot for
    the storekeeper at all: the clerk who carries it out is named «Thủ kho» and signs."""
    from evidence_store.services.commands import PersonInput
    db, w = world
    _got, number = _dropped_case_destruction(db, w, clerk, "TH-2/2026")
    roles = [s.role for s in read(db, clerk, handover_detail, number).signatures]
    assert "keeper" in roles  # a slot for the storekeeper, filled when carried out
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    carry_out(db, clerk, number, "Lò đốt rác thải Nam Sơn, Sóc Sơn", keeper=PersonInput(id=w.persons["thukho"]))
    keeper, position, agency, _details = _slot(db, number, "keeper")
    assert position == "Thủ kho"
    pdf = read(db, clerk, printing.destruction_pdf, number)
    words = " ".join(pdf_text(pdf).split())
    line = words.split("Thủ kho:")[1].split(".")[0]
    assert keeper in line and agency in line
    last = page_texts(pdf)[-1].split("Biên bản kết thúc", 1)[1]
    assert "THỦ KHO" in last and keeper in last.split("THỦ KHO", 1)[1]


def test_a_destruction_after_the_case_was_dropped_cites_the_qd_dinh_chi(world, clerk):
    """Issue #12: a case dropped at investigation in 2026 has no judgment; the destruction the CQĐT then orders (BLTTHS
    Điều 106.1.a) rests on the QĐ đình chỉ, and its record cites it — number, date, issuer — before the disposal
    decision. A paper printed before it did still reads «khớp»; a case restored since is not «dropped»."""
    from evidence_store.services.printing_data import stamped
    from .lifecycle_builders import milestone
    db, w = world
    a = w.agencies
    got, number = _dropped_case_destruction(db, w, clerk, "TH-3/2026")
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    carry_out(db, clerk, number, "Lò đốt rác thải Nam Sơn, Sóc Sơn")
    with db.session(write=False) as s:
        pc02 = s.get(Agency, a["pc02"]).name
    words = " ".join(pdf_text(read(db, clerk, printing.destruction_pdf, number)).split())
    bases = words.split("Hồi ", 1)[0]
    cited = f"Căn cứ Quyết định đình chỉ vụ án số {got.case_id}/QĐ-ĐC ngày"
    assert cited in bases and pc02 in bases.split(cited, 1)[1].split(";", 1)[0]
    assert bases.index(cited) < bases.index("Căn cứ Quyết định xử lý vật chứng số 9/QĐ-XLVC-PC02")
    record = read(db, clerk, printing.destruction_record, number)
    old = stamped(printing.without_dismissal(record), record.stamp.head_seq, record.stamp.head_hash)
    assert old.basis_documents != record.basis_documents
    check = read(db, clerk, paper_check.check_record_qr, record_qr_payload(record.number, old.stamp))
    assert check.matches, check.name
    # restored (BLTTHS Điều 235: the QĐ đình chỉ cancelled, the investigation resumed): no longer cited as in force
    milestone(db, got.case_id, "resumption", "resumption_decision", f"{got.case_id}/QĐ-PHĐT", a["pc02"])
    assert not any(d.kind == "dismissal_decision"
                   for d in read(db, clerk, printing.destruction_record, number).basis_documents)
