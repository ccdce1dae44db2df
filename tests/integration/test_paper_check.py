"""Scanning a record's QR (issue 13): the paper is compared with the database — "khớp", or what differs."""

from __future__ import annotations

from evidence_store.domain.ledger import short_hash
from evidence_store.printing.docbase import record_qr_payload
from evidence_store.services import handovers, paper_check, printing
from evidence_store.services.commands import SignOnPaper
from evidence_store.services.commands import FileInput

from .builders import phone, receive
from .lifecycle_builders import read, run


def _payload(db, actor, number):
    record = read(db, actor, printing.handover_record, number)
    return record_qr_payload(number, record.stamp)


def test_record_qr_matches_then_tells_what_differs(world, clerk):
    db, w = world
    number = receive(db, clerk, [phone()]).handover_number
    paper = _payload(db, clerk, number)
    check = read(db, clerk, paper_check.check_record_qr, paper)
    assert check.matches and "khớp" in check.name and check.handover_number == number
    # completed after printing (its end time now printed): the database moved on from the paper
    run(db, clerk, handovers.mark_signed_on_paper, SignOnPaper(number, FileInput("bb.pdf", b"%PDF-1.4 x")))
    from evidence_store.services.persistence import utcnow
    run(db, clerk, lambda uow, n: handovers.complete_handover(uow, n, utcnow()), number)
    check = read(db, clerk, paper_check.check_record_qr, paper)
    assert not check.matches and "KHÔNG KHỚP" in check.name and "mã kiểm tra" in check.differences[0]
    forged = paper.rsplit("|", 1)[0] + "|" + "0" * 12
    check = read(db, clerk, paper_check.check_record_qr, forged)
    assert any("sổ theo dõi" in d for d in check.differences)
    assert paper_check.parse_label_qr("VC26000001Q:" + short_hash("ab" * 32)) == "VC26000001Q"
