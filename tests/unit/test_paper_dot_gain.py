"""The giấy niêm phong and the disposal candidate list survive a thermal printer too (issue 17): rendered, rasterised
at 203 and 300 dpi, every bar grown by one dot (the label test's dot gain), their barcodes still decode — the seal
paper's footer QR (the record check) and every Code 128 of the candidate list, the one the clerk scans."""

from __future__ import annotations

from datetime import date

import pytest
import zxingcpp

from evidence_store.printing import samples
from evidence_store.printing.candidates import render_candidate_list
from evidence_store.printing.seal_paper import render_seal_paper
from evidence_store.services.disposal_candidates import CandidateList, CandidateRow
from tests.unit import printing_helpers
from tests.unit.test_label_dot_gain import grow


def _decoded(pdf: bytes, dpi: int) -> list[tuple[list[str], list[str]]]:
    """Per page and per image (as printed, then one dot of gain): (Code 128 texts, QR texts)."""
    out = []
    for page in printing_helpers.rasterise(pdf, dpi):
        for image in (page, grow(page, 1)):
            found = zxingcpp.read_barcodes(image)
            out.append((sorted(r.text for r in found if "128" in str(r.format)),
                        sorted(r.text for r in found if "QR" in str(r.format))))
    return out


@pytest.mark.parametrize("dpi", [203, 300])
def test_seal_paper_qr_decodes_after_one_dot_of_gain(dpi):
    paper = samples.seal_paper()
    for bars, qrs in _decoded(render_seal_paper(paper), dpi):
        assert len(qrs) == 1 and qrs[0].startswith("KVC|"), (dpi, qrs)


@pytest.mark.parametrize("dpi", [203, 300])
def test_candidate_list_barcodes_decode_after_one_dot_of_gain(dpi):
    codes = [samples.code(200 + n) for n in range(30)]  # three pages
    rows = tuple(CandidateRow(code, "Điện thoại di động Samsung Galaxy A52", "phone", 1, "chiếc", "in_storage",
                              "127/2026/CSHS", "Trộm cắp tài sản", "VT010000214", "Ô A2-3-01", ("destroyed",))
                 for code in codes)
    pages = _decoded(render_candidate_list(CandidateList("Kho vật chứng", date(2026, 2, 5), rows)), dpi)
    assert len(pages) >= 4
    for printed, grown in zip(pages[::2], pages[1::2]):
        assert printed[0] == grown[0] and printed[0], dpi  # every line's bars read on the grown page too
    assert sorted(code for bars, _q in pages[1::2] for code in bars) == sorted(codes)
