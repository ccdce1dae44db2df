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
