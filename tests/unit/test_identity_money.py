"""Identity numbers, IMEIs, cash denominations and amounts in words (HANDS-ON 13, 77)."""

import pytest

from evidence_store.domain.identity import id_number_problem, imei_check_digit, imei_problem
from evidence_store.domain.money import (DenominationError, amount_in_words, denominations_total, number_in_words,
                                         parse_denominations)


@pytest.mark.parametrize("raw, problem", [
    ("001088012345", None), ("079201000123", None), ("123456789", None), ("B1234567", None), ("", None),
    ("12345", "cccd_length"), ("0010880123", "cccd_length"), ("099088012345", "cccd_province"),
    ("001-088", "not_digits"),
])
def test_id_numbers(raw, problem):
    assert id_number_problem(raw) == problem


def test_imei_luhn():
    assert imei_problem("354824475771049") is None
    assert imei_problem("35-482447-577104-9") is None
    assert imei_problem("354824475771048") == "imei_check"
    assert imei_problem("3548244757") == "imei_length"
    assert imei_check_digit("35678901234567") == "2"


@pytest.mark.parametrize("n, words", [
    (0, "không"), (15, "mười lăm"), (21, "hai mươi mốt"), (24, "hai mươi tư"), (105, "một trăm linh năm"),
    (1005, "một nghìn không trăm linh năm"), (2_500_000, "hai triệu năm trăm nghìn"),
    (15_050_000, "mười lăm triệu không trăm năm mươi nghìn"), (1_000_000_000, "một tỷ"),
    (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
])
def test_number_in_words(n, words):
    assert number_in_words(n) == words


def test_amount_in_words_is_capitalised_with_the_currency():
    assert amount_in_words(23_300_000) == "Hai mươi ba triệu ba trăm nghìn đồng"


def test_denominations():
    pairs = parse_denominations("500.000 x 4; 200000×3\n10.000 đồng x 2 tờ; 500.000 × 1")
    assert pairs == ((500_000, 5), (200_000, 3), (10_000, 2)) and denominations_total(pairs) == 3_120_000
    with pytest.raises(DenominationError) as bad:
        parse_denominations("300.000 x 2")
    assert bad.value.reason == "denomination"
    with pytest.raises(DenominationError):
        parse_denominations("năm trăm nghìn")
    assert parse_denominations("100 x 7", allowed=None) == ((100, 7),)
