"""Item codes: IME-safe alphabet, check character, compact and display forms."""

import itertools

import pytest
from hypothesis import given, strategies as st

from evidence_store.domain import codes
from evidence_store.domain.errors import InvalidCode

prefixes = st.text(alphabet=codes.LETTERS, min_size=2, max_size=2)
sequences = st.integers(min_value=1, max_value=999_999)
years = st.integers(min_value=0, max_value=99)


@given(prefixes, years, sequences)
def test_roundtrip_compact_and_display(prefix, year, seq):
    code = codes.make_code(prefix, year, seq)
    assert len(code.compact) == 11
    assert codes.parse_code(code.compact) == code
    assert codes.parse_code(code.display) == code
    assert codes.parse_code(code.display.lower()) == code


@given(prefixes, years, sequences)
def test_alphabet_is_ime_safe(prefix, year, seq):
    code = codes.make_code(prefix, year, seq).compact
    assert set(code) <= set(codes.ALPHABET)
    assert not set(code) & set("AEIOUYDW")


@given(prefixes, years, sequences, st.data())
def test_every_single_substitution_is_rejected(prefix, year, seq, data):
    code = codes.make_code(prefix, year, seq).compact
    i = data.draw(st.integers(min_value=0, max_value=len(code) - 1))
    pool = codes.LETTERS if i < 2 else (codes.ALPHABET if i == len(code) - 1 else "0123456789")
    replacement = data.draw(st.sampled_from([c for c in pool if c != code[i]]))
    with pytest.raises(InvalidCode):
        codes.parse_code(code[:i] + replacement + code[i + 1:])


@given(prefixes, years, sequences, st.data())
def test_adjacent_transpositions_are_rejected(prefix, year, seq, data):
    code = codes.make_code(prefix, year, seq).compact
    i = data.draw(st.integers(min_value=2, max_value=len(code) - 3))
    if code[i] == code[i + 1]:
        return
    swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
    with pytest.raises(InvalidCode):
        codes.parse_code(swapped)


def test_design_example_fits_label_budget():
    code = codes.make_code("VC", 26, 123)
    assert code.compact.startswith("VC26000123") and len(code.compact) == 11
    assert code.display == f"VC-26-000123-{code.compact[-1]}"


@pytest.mark.parametrize("raw", ["", "VC26", "AC26000123K", "VC2600012", "VC26-000123-KK", "ĐC26000123K"])
def test_malformed_codes(raw):
    with pytest.raises(InvalidCode):
        codes.parse_code(raw)


@pytest.mark.parametrize("prefix", ["VD", "WC", "AB", "V", "VCC", "v1"])
def test_unsafe_prefixes_refused(prefix):
    with pytest.raises(InvalidCode):
        codes.make_code(prefix, 26, 1)
