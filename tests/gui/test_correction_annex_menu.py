"""R13 (BLTTHS Điều 133.2): a correction of what a signed record states is offered in the item's print menu as the
record's «Phụ lục đính chính», which prints for its signers to sign again; a correction of a record nobody signed
yet offers none (the record itself is still to be signed as it now reads)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from evidence_store.services import handovers, queries
from evidence_store.services.commands import FileInput, RecordCorrection, SignOnPaper
from evidence_store.services.corrections import record_correction
from tests.integration.builders import phone, receive
from tests.integration.lifecycle_builders import read, run

from .test_item_view_slips import _records_menu


def _correct(db, actor, code, reason):
    first = read(db, actor, queries.item_by_code, code).events[0]
    return run(db, actor, record_correction,
               RecordCorrection(first.seq, {"condition": "Vỡ màn hình"}, reason)).ledger_seq


def test_the_item_view_prints_the_annex_of_a_correction_of_a_signed_record(main_window, shell_world, recorder):
    from ui.widgets.print_preview import PrintPreviewDialog
    db, w = shell_world
    clerk = w.actor(db, "thukho")
    signed, unsigned = (receive(db, clerk, [phone()], case_number=n) for n in ("201/2026/CSHS", "202/2026/CSHS"))
    run(db, clerk, handovers.mark_signed_on_paper,
        SignOnPaper(signed.handover_number, FileInput("bb.pdf", b"%PDF-1.4")))
    seq = _correct(db, clerk, signed.item_codes[0], "Ghi thiếu tình trạng màn hình")
    _correct(db, clerk, unsigned.item_codes[0], "Ghi thiếu tình trạng màn hình")
    window = main_window("thukho")
    view, entries = _records_menu(window, signed.item_codes[0])
    label = f"Phụ lục đính chính biên bản {signed.handover_number} (đính chính #{seq})"
    assert label in entries, entries
    preview = entries[label].trigger() or view.findChild(PrintPreviewDialog)
    assert preview is not None and recorder.messages == [], recorder.messages
    words = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages).split())
    assert "PHỤ LỤC ĐÍNH CHÍNH" in words and signed.handover_number in words and "Vỡ màn hình" in words
    assert "Ghi thiếu tình trạng màn hình" in words
    preview.close()
    _view, entries = _records_menu(window, unsigned.item_codes[0])
    assert not any(t.startswith("Phụ lục đính chính") for t in entries), entries
