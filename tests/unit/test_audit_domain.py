"""Kiểm kê rules without a database: sample size, seeded weighted samples, seals, measures, the record."""

from __future__ import annotations

import io
import math
from statistics import NormalDist

import pytest
from pypdf import PdfReader

from evidence_store.domain import audit as audit_rules
from evidence_store.domain.errors import ValidationError


def cochran(n_pop: int, confidence: float, margin: float) -> int:
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    n0 = z * z * 0.25 / (margin * margin)
    return min(n_pop, math.ceil(n0 / (1 + (n0 - 1) / n_pop)))


@pytest.mark.parametrize("population, confidence, margin, expected", [
    (1_000_000, 0.95, 0.03, 1066),  # n0 = 1067.07: the familiar "1,067" of the CALEA table
    (10_000, 0.95, 0.03, 965),
    (500, 0.95, 0.03, 341),
    (70, 0.90, 0.10, 35),
    (30, 0.99, 0.01, 30),  # never more than the population
    (0, 0.95, 0.03, 0),
])
def test_sample_size_is_cochran_with_finite_population_correction(population, confidence, margin, expected):
    assert audit_rules.sample_size(population, confidence, margin) == expected == cochran(population, confidence, margin) \
        if population else audit_rules.sample_size(population, confidence, margin) == 0


def test_sample_size_refuses_nonsense():
    for kw in ({"confidence": 1.0}, {"confidence": 0.3}, {"margin": 0}, {"margin": 0.6}):
        with pytest.raises(ValidationError):
            audit_rules.sample_size(100, **{"confidence": 0.95, "margin": 0.03, **kw})


def test_weighted_sample_is_seeded_and_over_weights_high_risk():
    ids = list(range(1, 2001))
    cats = ["drugs" if i % 10 == 0 else "phone" for i in ids]  # 10 % high-risk
    weights = [audit_rules.weight_of(c, 5.0) for c in cats]
    first = audit_rules.weighted_sample(ids, weights, 200, seed=11)
    assert first == audit_rules.weighted_sample(ids, weights, 200, seed=11) and len(set(first)) == 200
    assert first != audit_rules.weighted_sample(ids, weights, 200, seed=12)
    share = sum(1 for i in first if i % 10 == 0) / 200
    assert share > 0.25  # ~36 % expected at weight 5, 10 % without weighting
    assert audit_rules.weighted_sample(ids[:5], weights[:5], 10, seed=1) == ids[:5]


def test_classification():
    exp = audit_rules.Expected(1, 10, "in_storage")
    scope = {10, 11}.__contains__
    assert audit_rules.classify_seen(10, exp, "in_storage", 10, scope) is audit_rules.Result.FOUND
    assert audit_rules.classify_seen(11, exp, "in_storage", 10, scope) is audit_rules.Result.WRONG_PLACE
    assert audit_rules.classify_seen(11, None, "in_storage", 99, scope) is audit_rules.Result.UNEXPECTED
    assert audit_rules.classify_seen(11, None, "out_temporary", None, scope) is audit_rules.Result.UNEXPECTED
    assert audit_rules.classify_unseen(exp, "in_storage") is audit_rules.Result.MISSING
    assert audit_rules.classify_unseen(audit_rules.Expected(2, None, "deposited"), "deposited") is audit_rules.Result.ABSENT_EXPECTED


def test_seals_and_measures():
    assert audit_rules.seal_differs(True, "NP-0001", "np 0001", True) is False
    assert audit_rules.seal_differs(True, "NP-0001", "NP-0002", True) is True
    assert audit_rules.seal_differs(True, "NP-0001", None, False) is True
    assert audit_rules.parse_denominations("500.000x20; 200000 × 5") == {500000: 20, 200000: 5}
    with pytest.raises(ValidationError):
        audit_rules.parse_denominations("năm trăm nghìn")
    attrs = {"denominations": "500000x20; 200000x5", "net_weight_g": "52.4"}
    assert audit_rules.quantity_differs("cash_vnd", 25, attrs, {"denominations": "200000x5;500000x20"}) == []
    assert audit_rules.quantity_differs("cash_vnd", 25, attrs, {"denominations": "500000x19;200000x5"}) == ["denominations"]
    assert audit_rules.quantity_differs("drugs", 1, attrs, {"net_weight_g": "53.0"}) == []  # within 2 %
    assert audit_rules.quantity_differs("drugs", 1, attrs, {"net_weight_g": "50.0"}) == ["net_weight_g"]
    assert audit_rules.quantity_differs("goods", 10, {}, {"quantity": "8"}) == ["quantity"]


def test_a_count_is_compared_with_the_denominations_as_the_register_writes_them():
    """The intake (and the demo) store "50.000 đ × 27 tờ; 200.000 đ × 11 tờ": the audit read none of it, so every
    count of such money was a discrepancy. Both forms are read alike now (issue 15)."""
    registered = {"denominations": "50.000 đ × 27 tờ; 200.000 đ × 11 tờ"}
    assert audit_rules.parse_denominations(registered["denominations"]) == {50000: 27, 200000: 11}
    assert audit_rules.quantity_differs("cash_vnd", 38, registered, {"denominations": "200000x11; 50000x27"}) == []
    assert audit_rules.quantity_differs("cash_vnd", 38, registered, {"denominations": "200.000 × 11 tờ"}) == [
        "denominations"]
    assert audit_rules.parse_denominations("500.000 x 1, 200.000 x 2") == {500000: 1, 200000: 2}


def test_audit_record_prints_plan_totals_discrepancies_and_signatures():
    from evidence_store.printing.audit import render_audit
    from evidence_store.printing.samples import audit_record as sample_record
    pdf = render_audit(sample_record())
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    for words in ("BIÊN BẢN", "Kiểm kê vật chứng", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "3/2026/BB-KK",
                  "KẾT QUẢ KIỂM KÊ", "Sai vị trí", "5/BB-SC", "TRƯỞNG BAN KIỂM KÊ", "KIỂM SÁT VIÊN", "Lê Thu Hà",
                  "418"):
        assert words in text, words


def test_the_audit_record_never_ends_on_a_page_of_signatures_alone():
    """A record with 187 lines ended on a page holding the closing and the two signatures only: the last rows of
    its last table now come with them, whatever the number of lines (HANDS-ON 79, issue 15)."""
    from dataclasses import replace

    from evidence_store.printing.audit import render_audit
    from evidence_store.printing.samples import audit_record as sample_record
    from tests.unit.printing_helpers import page_texts
    record = sample_record()
    line = record.discrepancies[0]
    for n in range(3, 60, 7):
        lines = tuple(replace(line, line_no=k, code=f"VC2600{k:04d}X", result="absent_expected", detail="Tạm xuất")
                      for k in range(1, n + 1))
        for variant in (replace(record, absent=lines), replace(record, absent=(), discrepancies=lines[:n])):
            last = page_texts(render_audit(variant))[-1]
            assert "TRƯỞNG BAN KIỂM KÊ" in last
            assert f"VC2600{n:04d}X" in last.split("TRƯỞNG BAN")[0], n  # the last line comes with the signatures


def test_an_audit_record_without_its_team_says_so():
    """A draft printed from an audit opened on the command line read "…, chúng tôi gồm:" and then nothing."""
    from dataclasses import replace

    from evidence_store.printing.audit import render_audit
    from evidence_store.printing.samples import audit_record as sample_record
    from tests.unit.printing_helpers import text
    words = text(render_audit(replace(sample_record(), parties=(), status="reconciled")))
    assert "chúng tôi gồm: (Thành phần kiểm kê chưa ghi: ghi khi kết thúc kiểm kê.)" in words


def test_an_audit_not_yet_closed_does_not_say_when_it_ended():
    """A reconciled audit printed «Bản in khi chưa kết thúc kiểm kê» and, two lines below, «Việc kiểm kê kết thúc
    hồi 01 giờ 29 phút» — the counting's end. Until the record is closed the end is dotted, to be written."""
    from dataclasses import replace

    from evidence_store.printing.audit import render_audit
    from evidence_store.printing.samples import audit_record as sample_record
    from tests.unit.printing_helpers import text
    closed = text(render_audit(sample_record()))
    assert "Việc kiểm kê kết thúc hồi 16 giờ 45 phút" in closed and "chưa kết thúc kiểm kê" not in closed
    for status in ("counting", "reconciled"):
        words = text(render_audit(replace(sample_record(), status=status)))
        assert "chưa kết thúc kiểm kê" in words, status
        assert "16 giờ 45" not in words and "Việc kiểm kê kết thúc hồi …… giờ …… phút" in words, status


def test_an_item_carried_back_names_its_place_not_a_basis():
    """The resolution of an item carried back to the register's place printed «căn cứ / sự kiện: VT-01-000005-X»,
    as if the shelf were the basis; it reads «vị trí: …». A move still names its ledger event."""
    from dataclasses import replace

    from evidence_store.printing.audit import render_audit
    from evidence_store.printing.samples import audit_record as sample_record
    from tests.unit.printing_helpers import text
    record = sample_record()
    for ref, said in (("Ô A1-1-01 (VT-01-000005-X)", "vị trí: Ô A1-1-01"),
                      ("#2620", "căn cứ / sự kiện: #2620")):
        line = replace(record.discrepancies[0], resolution="accept_place", resolution_ref=ref)
        words = text(render_audit(replace(record, discrepancies=(line,) + record.discrepancies[1:])))
        assert said in words, ref
    assert "căn cứ / sự kiện: Ô A1-1-01" not in text(render_audit(replace(record, discrepancies=(replace(
        record.discrepancies[0], resolution="accept_place", resolution_ref="Ô A1-1-01 (VT-01-000005-X)"),))))
