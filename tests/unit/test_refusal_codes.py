"""Issue #18: a refusal names an item by the code printed on its label (VC-24-000018-…), never the compact form
the database stores — the user compares it with the label in hand. A typed string that is no code stays as typed."""

from __future__ import annotations

from evidence_store.domain.codes import make_code
from evidence_store.domain.errors import InvalidCode, TransitionRefused
from evidence_store.error_texts import message


def test_a_refusal_shows_the_printed_form_of_the_items_code():
    code = make_code("VC", 24, 18)
    text = message(TransitionRefused("act_before_receipt", code=code.compact, date="01/02/2024"))
    assert code.display in text and code.compact not in text, text
    assert text.startswith(f"Vật chứng {code.display} được nhập kho ngày 01/02/2024")


def test_what_is_no_code_is_shown_as_typed():
    text = message(InvalidCode("malformed_code", code="abc-12"))
    assert "abc-12" in text
