"""Issue #12: each kind of record its own "ký hiệu" after its number (ND 30/2020 Art 8.2: số, ký hiệu) — BB-GN for a
giao nhận, BB-NP niêm phong, BB-MNP mở niêm phong, BB-KT kiểm tra, BB-SC sự cố niêm phong; the slips and the
destruction record keep theirs (PXK, PNK, BB-TH). A record numbered "…/BB-GN" before the symbols existed keeps its
number, prints it, and its paper still reads "khớp" at the QR check. Both engines."""

from __future__ import annotations

from evidence_store.domain import records as record_rules
from evidence_store.printing.docbase import record_qr_payload
from evidence_store.services import paper_check, printing

from ..unit.printing_helpers import text as pdf_text
from .lifecycle_builders import seals_checked
from .lifecycle_builders import read
from .test_record_kinds_against_db import _records

EXPECTED = {"intake": "BB-GN", "release": "BB-GN", "return": "BB-GN", "deposit": "BB-GN", "transfer": "BB-GN",
            "disposal_draft": "BB-GN", "disposal_void": "BB-GN", "disposal_open": "BB-GN", "seal": "BB-NP",
            "unseal": "BB-MNP", "check": "BB-KT", "incident": "BB-SC"}


def test_each_kind_of_record_is_numbered_with_its_own_symbol(world, clerk):
    db, w = world
    numbers = _records(db, w, clerk)
    assert set(numbers) == set(EXPECTED)
    seqs = []
    for key, number in numbers.items():
        seq, year, symbol = number.split("/")
        assert symbol == EXPECTED[key], (key, number)
        seqs.append((year, int(seq)))
        words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
        assert f"Số: {number}" in words, (key, words[:300])
        check = read(db, clerk, paper_check.check_record_qr,
                     record_qr_payload(number, read(db, clerk, printing.handover_record, number).stamp))
        assert check.matches, (key, check.differences)
    assert len(set(seqs)) == len(seqs)  # one sequence for every kind: no number given twice
    # a scanner typing through an input method drops the dash: "…/BBMNP" is still found
    unseal = numbers["unseal"]
    payload = record_qr_payload(unseal, read(db, clerk, printing.handover_record, unseal).stamp)
    check = read(db, clerk, paper_check.check_record_qr, payload.replace("/BB-MNP", "/BBMNP"))
    assert check.matches and check.handover_number == unseal


def test_records_numbered_before_the_symbols_keep_their_number_and_their_papers_match(world, clerk, monkeypatch):
    db, w = world
    with monkeypatch.context() as m:  # the release before issue #12: "…/BB-GN" for every kind
        m.setattr(record_rules, "RECORD_SYMBOLS", {})
        numbers = _records(db, w, clerk)
        papers = {key: (read(db, clerk, printing.handover_pdf, n),
                        record_qr_payload(n, read(db, clerk, printing.handover_record, n).stamp))
                  for key, n in numbers.items() if EXPECTED[key] != "BB-GN"}
    assert papers and all(numbers[key].endswith("/BB-GN") for key in papers)
    for key, (pdf, payload) in papers.items():
        number = numbers[key]
        assert pdf_text(read(db, clerk, printing.handover_pdf, number)).count(number) >= 1
        check = read(db, clerk, paper_check.check_record_qr, payload)
        assert check.matches and check.handover_number == number, (key, check.differences)


def test_a_damage_incident_opened_at_a_return_is_numbered_bb_sc_and_its_paper_matches(world, clerk):
    """The incident record of damage found at a return: "…/BB-SC", and its QR cites the ledger event its own events
    reached — it cited event #0 (never found by the paper check) before."""
    from datetime import timedelta
    from evidence_store.services.commands import ReleaseItems, ReturnItems
    from evidence_store.services.release import return_items
    from .builders import phone, receive
    from .lifecycle_builders import TODAY, approved_release, doc, examiner, run
    db, w = world
    a = w.agencies
    code = receive(db, clerk, [phone()]).item_codes[0]
    run(db, clerk, approved_release, ReleaseItems((code,), doc("release_order", "15/LXK-PC02", a["pc02"]),
                                                  "examination", examiner(a["ca"]), TODAY + timedelta(days=5),
                                                  receiver_agency_id=a["ca"], seal_states=seals_checked((code,))))
    back = run(db, clerk, return_items, ReturnItems((code,), w.locations["bin_A121"], examiner(a["ca"]),
                                                    seal_intact=True, damage="Màn hình vỡ sau giám định"))
    number = back.extra["damage_incident"]
    assert number.endswith("/BB-SC")
    stamp = read(db, clerk, printing.handover_record, number).stamp
    assert stamp.head_seq > 0
    check = read(db, clerk, paper_check.check_record_qr, record_qr_payload(number, stamp))
    assert check.matches, check.differences
    # an incident record made before, with no ledger position stored: its papers cite #0 and still read "khớp" on
    # their content; another content still reads "KHÔNG KHỚP"
    from sqlalchemy import text
    with db.writer.begin() as c:
        c.execute(text("UPDATE handovers SET ledger_seq = NULL, ledger_hash = NULL WHERE number = :n"), {"n": number})
    old = read(db, clerk, printing.handover_record, number).stamp
    assert old.head_seq == 0
    check = read(db, clerk, paper_check.check_record_qr, record_qr_payload(number, old))
    assert check.matches, check.differences
    forged = record_qr_payload(number, old).split("|")
    forged[2] = "0" * 12
    assert not read(db, clerk, paper_check.check_record_qr, "|".join(forged)).matches
