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


# How each kind of document is numbered on paper — «Số: 12/QĐ-…», the number, the kind's abbreviation and the
# issuing unit's (NĐ 30/2020/NĐ-CP Phụ lục I, Phụ lục III), a court judgment «12/2026/HS-ST» (court numbering,
# above). A form shows the example of the kind chosen, not of another (issue 17).
NUMBER_EXAMPLES = {
    "intake_order": "12/LNK-PC02", "release_order": "15/LXK-PC02", "transfer_decision": "20/QĐ-CSĐT",
    "deposit_decision": "08/QĐ-CSĐT", "entrust_decision": "04/QĐ-CSĐT", "disposal_decision": "31/QĐ-CSĐT",
    "judgment": "12/2026/HS-ST", "appeal_judgment": "45/2026/HS-PT", "enforcement_decision": "125/QĐ-CTHADS",
    "return_decision": "15/QĐ-CTHADS", "council_decision": "07/QĐ-CTHADS", "sale_decision": "03/QĐ-CSĐT",
    "incident_report": "5/BB-SC", "seizure_record": "45/BB-TG", "case_opening": "12/QĐ-KTVA",
    "suspension_decision": "05/QĐ-TĐCVA", "resumption_decision": "03/QĐ-PHVA", "dismissal_decision": "04/QĐ-ĐCVA",
    "investigation_conclusion": "25/KLĐT-CSĐT", "indictment": "18/CT-VKS", "supplementary_investigation": "06/QĐ-VKS",
    "examination_conclusion": "123/KLGĐ-PC09", "authorisation": "01/GUQ", "pilot_decision": "12/QĐ-ADBP",
}
