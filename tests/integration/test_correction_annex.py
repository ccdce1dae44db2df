"""A correction (đính chính) of what a signed record states prints as an annex of that record, with a signature place
for each of its original signers and for the one who made the correction (BLTTHS Điều 133.2: every correction is
confirmed by the signatures of those who signed; LEGAL-RULES R13). The annex says what the ledger holds."""

from __future__ import annotations

import json

from sqlalchemy import text

from evidence_store.domain.codes import parse_code
from evidence_store.error_texts import message
from evidence_store.services import correction_annex as annexes
from evidence_store.services import handovers, queries
from evidence_store.services.commands import FileInput, RecordCorrection, SignOnPaper
from evidence_store.services.corrections import record_correction

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import read, run


def _corrected(db, actor, seq):
    return run(db, actor, record_correction, RecordCorrection(
        seq, {"characteristics": "Màu xanh, màn hình nứt góc phải", "attributes": {"imei": "356789012345672"}},
        "Ghi nhầm màu và số IMEI khi nhập kho")).ledger_seq


def test_a_correction_of_a_signed_intake_prints_an_annex_its_signers_sign_again(world, clerk):
    db, w = world
    got = receive(db, clerk, [phone()])
    [code] = got.item_codes
    run(db, clerk, handovers.mark_signed_on_paper, SignOnPaper(got.handover_number, FileInput("bb.pdf", b"%PDF-1.4 x")))
    first = read(db, clerk, queries.item_by_code, code).events[0]
    seq = _corrected(db, w.actor(db, "lanhdao"), first.seq)  # recorded by another than the signers
    annex = read(db, clerk, annexes.correction_annex, seq)
    with db.reader.connect() as c:
        event = c.execute(text("SELECT data, occurred_at FROM custody_events WHERE seq = :s"), {"s": seq}).one()
        signers = sorted(r[0] for r in c.execute(text(
            "SELECT s.person_name FROM signatures s JOIN handovers h ON h.id = s.handover_id WHERE h.number = :n "
            "AND s.status = 'signed_paper'"), {"n": got.handover_number}))
    data = json.loads(event[0])
    assert annex.record_number == got.handover_number and annex.item.code == code
    assert annex.changes == (("Đặc điểm", data["previous"]["characteristics"], "Màu xanh, màn hình nứt góc phải"),
                             ("IMEI", "356789012345678", "356789012345672"))
    assert sorted(p.person.full_name for p in annex.parties if p.role != "corrector") == signers
    assert [p.person.full_name for p in annex.parties if p.role == "corrector"] == ["Phạm Quang Dũng"]
    words = " ".join(pdf_text(read(db, clerk, annexes.correction_annex_pdf, seq)).split())
    assert "PHỤ LỤC ĐÍNH CHÍNH" in words and f"Biên bản số {got.handover_number}" in words
    assert f"(mã {parse_code(code).display})" in words
    assert "Màu đen, màn hình nứt góc trái" in words and "Màu xanh, màn hình nứt góc phải" in words
    assert "356789012345672" in words and "Lý do đính chính: Ghi nhầm màu và số IMEI khi nhập kho." in words
    assert "xác nhận bằng chữ ký" in words and "NGƯỜI ĐÍNH CHÍNH" in words
    assert f"(sự kiện #{seq} của sổ cái)" in words and "Mã kiểm tra" not in words  # no QR the paper check would fail
    for name in signers + ["Phạm Quang Dũng"]:
        assert name in words, name


def test_a_correction_of_an_unsigned_record_has_no_annex(world, clerk):
    db, w = world
    got = receive(db, clerk, [phone()])
    first = read(db, clerk, queries.item_by_code, got.item_codes[0]).events[0]
    seq = _corrected(db, clerk, first.seq)
    import pytest
    from evidence_store.domain.errors import ValidationError
    with pytest.raises(ValidationError) as err:
        read(db, clerk, annexes.correction_annex, seq)
    assert message(err.value) == (f"Đính chính #{seq} không sửa nội dung của biên bản đã ký nào: không có phụ lục "
                                  "đính chính để ký lại")
    with pytest.raises(ValidationError) as err:
        read(db, clerk, annexes.correction_annex, first.seq)
    assert err.value.code == "not_a_correction"
