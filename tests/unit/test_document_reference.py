"""A document is named in one place (evidence_store.describe.document_reference, issue #18): kind, number, date and
issuer, each only when known — a giấy ủy quyền has no issuer and read «1/GUQ ()» in the commander's detail."""

from __future__ import annotations

from datetime import date

from evidence_store.describe import document_reference
from evidence_store.printing.blocks import document_phrase
from evidence_store.printing.records import BasisDocument

DAY = date(2026, 2, 5)


def test_every_part_known():
    assert document_reference("release_order", "12/LXK-PC02", DAY, "Công an quận Hoàn Kiếm") == \
        "Lệnh xuất kho số 12/LXK-PC02 ngày 05/02/2026, Công an quận Hoàn Kiếm"


def test_missing_parts_leave_no_words_or_brackets():
    assert document_reference("authorisation", "1/GUQ", DAY) == "Giấy ủy quyền số 1/GUQ ngày 05/02/2026"
    assert document_reference("authorisation", "1/GUQ") == "Giấy ủy quyền số 1/GUQ"
    assert document_reference("release_order", "12/LXK", None, "PC02") == "Lệnh xuất kho số 12/LXK, PC02"
    assert document_reference("", "7/GXN") == "7/GXN"  # a kind nobody named: the number alone
    for text in (document_reference("authorisation", "1/GUQ", None, ""), document_reference("", "", None, "")):
        assert "()" not in text and not text.endswith((" ", ",", "ngày"))


def test_the_paper_names_a_document_the_same_way():
    assert document_phrase(BasisDocument("release_order", "12/LXK-PC02", DAY)) == \
        "Lệnh xuất kho số 12/LXK-PC02 ngày 05/02/2026"
    assert document_phrase(BasisDocument("authorisation", "1/GUQ", None)) == "Giấy ủy quyền số 1/GUQ"  # not «ngày »


def test_a_refusal_names_a_stored_day_as_the_screens_write_it():
    """«Ngày văn bản không được ở tương lai (2026-12-08)» showed the day as stored, under a field that reads 08/12/2026."""
    from evidence_store.domain.errors import ValidationError
    from evidence_store.error_texts import message
    error = ValidationError("document_date_future", field="document_date", date="2026-12-08")
    assert message(error) == "Ngày văn bản không được ở tương lai (08/12/2026)"
    assert "20/11/2026" in message(ValidationError("act_in_future", field="occurred_at", date="20/11/2026"))
