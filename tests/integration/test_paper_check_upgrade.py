"""Issue #12: papers printed before an upgrade still read "khớp" at the QR paper check. The check code the two
earlier releases printed is computed here the way THEIR code did (a plain ``asdict`` of the record classes as they
were: 86352f3 without the fields added since; e3bc3e1 with them, hashed even empty; both with the identifying
numbers inside the characteristics), for a record read from the database — and the check, run by today's code,
says "khớp"; a record that changed after printing still reads "KHÔNG KHỚP". Both engines."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, replace

from evidence_store.domain.ledger import short_hash
from evidence_store.services import handovers, paper_check, printing
from evidence_store.services.commands import FileInput, NewItem, SignOnPaper

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import read, run, stored_as_before_papers

DRUG = NewItem("drugs", "Ma túy đá (methamphetamine)", 83.39, "gam", characteristics="Tinh thể trắng, túi nilon",
               sealed=True, seal_state="intact", seal_number="NP-0099", attributes={"net_weight_g": "83.39", "gross_weight_g": "88.56"})


def _merged(record):
    """The record as the earlier releases built it: identifying numbers inside the characteristics, as stored."""
    def line(ln):
        extra = "; ".join(f"{label}: {value}" if label else value for _k, label, value in ln.identifiers)
        return replace(ln, characteristics="; ".join(p for p in (ln.characteristics, extra) if p), identifiers=())
    return replace(record, items=tuple(line(ln) for ln in record.items))


def _old_code(record, first_print: bool) -> str:
    """record_hash of 86352f3 (first_print) or e3bc3e1: sha256 of asdict, stamp left out — of the classes as
    they were (no identifiers on an item line, no letter date; at the first print, no card issue date, template or
    due date)."""
    gone = {"identifiers", "letter_on"} | (
        {"id_issued_on", "id_issued_by", "template", "due_on"} if first_print else set())

    def strip(obj):
        if isinstance(obj, dict):
            return {k: strip(v) for k, v in obj.items() if k not in gone}
        if isinstance(obj, (list, tuple)):
            return [strip(v) for v in obj]
        return obj
    data = strip(asdict(_merged(record)))
    data.pop("stamp", None)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_papers_printed_by_the_two_earlier_releases_still_match(world, clerk):
    db, w = world
    number = receive(db, clerk, [phone(), DRUG]).handover_number
    stored_as_before_papers(db, number)  # an intake those releases made: no seizure record, no letter date (R19)
    record = read(db, clerk, printing.handover_record, number)
    assert any(ln.identifiers for ln in record.items)  # the IMEI and the weight, apart from the characteristics
    seq, head = record.stamp.head_seq, short_hash(record.stamp.head_hash)
    for first_print in (True, False):
        code = short_hash(_old_code(record, first_print))
        assert (code == short_hash(record.stamp.record_hash)) == first_print  # e3bc3e1 hashed the empty fields
        paper = f"KVC|{number}|{code}|{seq}|{head}"
        check = read(db, clerk, paper_check.check_record_qr, paper)
        assert check.matches, (first_print, check.differences)
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert "Khối lượng tịnh (gam): 83,39" in words and "83.39" not in words  # Vietnamese number format
    # the record moved on after printing (signed and completed): every earlier paper reads "KHÔNG KHỚP"
    run(db, clerk, handovers.mark_signed_on_paper, SignOnPaper(number, FileInput("bb.pdf", b"%PDF-1.4 x")))
    from evidence_store.services.persistence import utcnow
    run(db, clerk, lambda uow, n: handovers.complete_handover(uow, n, utcnow()), number)
    for first_print in (True, False):
        paper = f"KVC|{number}|{short_hash(_old_code(record, first_print))}|{seq}|{head}"
        check = read(db, clerk, paper_check.check_record_qr, paper)
        assert not check.matches and "mã kiểm tra" in check.differences[0]
