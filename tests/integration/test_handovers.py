"""Signature slots, completion, attachments and the read side of handover records."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text

from evidence_store.domain.errors import DomainError
from evidence_store.services import handovers
from evidence_store.services.commands import FileInput
from evidence_store.services.commands import AttachFile, RefuseSignature, SignOnPaper, SignOnScreen
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import ledger_head, read, run

PNG = b"\x89PNG\r\n\x1a\n" + b"signature-pixels"


def _now():
    from evidence_store.services.persistence import utcnow
    return utcnow()


def _ledger_data(db, kind):
    with db.reader.connect() as c:
        return [r[0] for r in c.execute(text("SELECT data FROM custody_events WHERE kind = :k"), {"k": kind})]


def test_sign_refuse_complete(world, clerk):
    db, w = world
    number = receive(db, clerk, [phone(), phone()]).handover_number
    detail = read(db, clerk, handovers.handover_detail, number)
    assert [s.role for s in detail.signatures] == ["giver", "receiver"]
    assert [ln.item_name for ln in detail.lines] == ["Điện thoại di động Samsung Galaxy A52"] * 2
    giver, receiver = detail.signatures
    before = ledger_head(db)
    with pytest.raises(DomainError) as exc:
        run(db, clerk, handovers.complete_handover, number)
    assert exc.value.code == "unsigned_slots" and ledger_head(db) == before
    run(db, clerk, handovers.sign_on_screen, SignOnScreen(number, receiver.id, PNG))
    run(db, clerk, handovers.refuse_signature, RefuseSignature(number, giver.id, "Không đồng ý số lượng", "Lê Văn Bình"))
    witness = read(db, clerk, handovers.handover_detail, number).signatures[-1]  # Điều 133.2: the witness signs
    assert (witness.role, witness.person_name, witness.status) == ("refusal_witness", "Lê Văn Bình", "pending")
    with pytest.raises(DomainError) as exc:
        run(db, clerk, handovers.complete_handover, number)
    assert exc.value.code == "unsigned_slots"
    run(db, clerk, handovers.sign_on_screen, SignOnScreen(number, witness.id, PNG))
    with pytest.raises(DomainError) as exc:  # Điều 133.1: the real end time, never invented
        run(db, clerk, handovers.complete_handover, number)
    assert exc.value.code == "end_time_required"
    ended = _now()
    run(db, clerk, lambda uow, n: handovers.complete_handover(uow, n, ended), number)
    detail = read(db, clerk, handovers.handover_detail, number)
    assert detail.status == "complete" and detail.ended_at == ended
    assert detail.signatures[1].attachment_sha256 == hashlib.sha256(PNG).hexdigest()
    assert hashlib.sha256(PNG).hexdigest() in _ledger_data(db, "signature")[0]
    assert verify(db).ok


def test_signed_paper_scan_signs_every_pending_slot(world, clerk):
    db, w = world
    number = receive(db, clerk, [phone()]).handover_number
    scan = FileInput("bien-ban.pdf", b"%PDF-1.4 signed", "application/pdf")
    run(db, clerk, handovers.mark_signed_on_paper, SignOnPaper(number, scan))
    assert {s.status for s in read(db, clerk, handovers.handover_detail, number).signatures} == {"signed_paper"}
    run(db, clerk, lambda uow, n: handovers.complete_handover(uow, n, _now()), number)
    assert hashlib.sha256(scan.content).hexdigest() in _ledger_data(db, "signature")[0]


def test_attach_file_to_an_item_and_list_handovers(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone()])
    run(db, clerk, handovers.attach_file, AttachFile(FileInput("anh.jpg", b"jpegdata"), item_code=ch.item_codes[0],
                                             kind="photo"))
    rows = read(db, clerk, handovers.list_handovers, item_code=ch.item_codes[0])
    assert [r.number for r in rows] == [ch.handover_number] and rows[0].item_count == 1
    assert verify(db).ok
