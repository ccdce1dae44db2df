"""Issue #12, item 4: every record kind rendered from the database states nothing that did not happen. Each test
renders a record and compares what it says with the rows. Both engines."""

from __future__ import annotations

from evidence_store.services import printing

from ..unit.printing_helpers import text as pdf_text
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
