"""How a court document is named on paper: a record cites "Bản án hình sự sơ thẩm số 12/2026/HS-ST", never the
form label "Bản án / Quyết định của Tòa án" (HANDS-ON 43). Court numbering (Nghị quyết 01/2017/NQ-HĐTP, mẫu bản án
hình sự): a judgment's number ends in HS-ST / HS-PT, a decision's carries "QĐ"."""

from __future__ import annotations

import re

from ..i18n import N_, _

COURT_KINDS = ("judgment", "appeal_judgment")
WORDS = {
    ("decision", ""): N_("Quyết định của Tòa án"), ("decision", "ST"): N_("Quyết định sơ thẩm của Tòa án"),
    ("decision", "PT"): N_("Quyết định phúc thẩm của Tòa án"), ("judgment", ""): N_("Bản án"),
    ("judgment", "ST"): N_("Bản án hình sự sơ thẩm"), ("judgment", "PT"): N_("Bản án hình sự phúc thẩm"),
}


def court_document_words(kind: str, number: str) -> str | None:
    """The document type a court document's number shows, or None for any other kind."""
    if kind not in COURT_KINDS:
        return None
    upper = (number or "").upper()
    form = "decision" if re.search(r"Q[ĐD]", upper) else "judgment"
    level = "PT" if kind == "appeal_judgment" or re.search(r"PT\b|-PT", upper) else (
        "ST" if re.search(r"ST\b|-ST", upper) else "")
    return _(WORDS[(form, level)])
