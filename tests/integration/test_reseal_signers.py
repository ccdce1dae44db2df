"""Issue #12: at a return with a seal opened and sealed again, the person who opened and sealed again and the
witnesses are named in the text and each signs in a place of their own (ND 127/2017 Điều 6, 8; BLTTHS Điều 133:
every participant signs): a signature slot each, a column each on the paper, and the record is not complete until
they signed. A witness who already signs as a side of the handover signs once. Both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from evidence_store.domain.errors import DomainError
from evidence_store.services import printing
from evidence_store.services.commands import Reseal, ReturnItems, SignOnPaper, FileInput
from evidence_store.services.handovers import complete_handover, handover_detail, mark_signed_on_paper
from evidence_store.services.persistence import utcnow
from evidence_store.services.release import return_items

from ..unit.printing_helpers import page_texts
from .lifecycle_builders import examiner, read, run
from .test_record_content import _keep, _released


def _slots(db, number):
    with db.reader.connect() as c:
        return [(r[0], r[1]) for r in c.execute(text(
            "SELECT s.role, s.person_name FROM signatures s JOIN handovers h ON h.id = s.handover_id "
            "WHERE h.number = :n ORDER BY s.id"), {"n": number})]


def test_the_resealer_and_the_witnesses_sign_the_return_record_that_names_them(world, clerk):
    db, w = world
    code, _release = _released(db, w, clerk)
    back = run(db, clerk, return_items, ReturnItems(
        (code,), w.locations["bin_A111"], examiner(w.agencies["ca"]), seal_intact=False,
        reseal=Reseal("000902/NP-GĐ", reason="mở để giám định", sealed_by=("Vũ Văn Niêm, Giám định viên",),
                      witnesses=("Trần Đức Hùng, Điều tra viên", "Lê Văn Tâm, Bảo vệ",
                                 "Nguyễn Thị Lan, Thủ kho"))))  # the clerk receiving: she signs once, as Bên nhận
    number = back.handover_number
    slots = _slots(db, number)
    assert ("resealer", "Vũ Văn Niêm") in slots
    assert ("reseal_witness", "Trần Đức Hùng") in slots and ("reseal_witness", "Lê Văn Tâm") in slots
    assert [name for _role, name in slots].count("Nguyễn Thị Lan") == 1
    roles = [s.role for s in read(db, clerk, handover_detail, number).signatures]
    assert roles.count("resealer") == 1 and roles.count("reseal_witness") == 2
    pdf = _keep("reseal-signers.pdf", read(db, clerk, printing.handover_pdf, number))
    pages = page_texts(pdf)
    words = " ".join(" ".join(pages).split())
    # named once, in their part, in the reseal sentence — not again in the list of parties
    assert "Người niêm phong lại: Vũ Văn Niêm, Giám định viên" in words
    assert words.count("Vũ Văn Niêm") == 2  # the sentence and the signature column
    signing = " ".join(pages[-1].split("ký tên dưới đây", 1)[-1].split())
    assert "NGƯỜI NIÊM PHONG LẠI" in signing and "Vũ Văn Niêm" in signing.split("NGƯỜI NIÊM PHONG LẠI")[1]
    after = signing.split("NGƯỜI CHỨNG KIẾN VIỆC NIÊM PHONG LẠI", 1)[1]
    assert "Trần Đức Hùng" in after and "Lê Văn Tâm" in after
    # every participant signs before the record is complete: the paper scan stands for all slots, the end is real
    with pytest.raises(DomainError) as exc:
        run(db, clerk, lambda uow, n: complete_handover(uow, n, utcnow()), number)
    assert exc.value.code == "unsigned_slots", exc.value.params  # named by person and part, not by code
    assert "Người niêm phong lại Vũ Văn Niêm" in exc.value.params["roles"] and "reseal" not in exc.value.params["roles"]
    run(db, clerk, mark_signed_on_paper, SignOnPaper(number, FileInput("bb.pdf", b"%PDF-1.4 x")))
    run(db, clerk, lambda uow, n: complete_handover(uow, n, utcnow()), number)
