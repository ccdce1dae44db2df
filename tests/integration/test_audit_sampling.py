"""Kiểm kê plans on both engines: a sampled high-risk audit reproducible and sized by the formula, category, case
and location sample plans, and the preview of what a plan will draw."""

from __future__ import annotations

import pytest

from evidence_store.domain import audit as audit_rules
from evidence_store.domain.errors import DomainError
from evidence_store.services import audit_plan
from evidence_store.services import audit_read
from evidence_store.services import audit_reconcile
from evidence_store.services.commands import NewItem
from evidence_store.services.commands import PlanAudit
from evidence_store.services.verify import verify

from .audit_builders import audit_results, audit_scanner, new_audit, plant
from .builders import receive
from .lifecycle_builders import read, run


def test_sampled_high_risk_audit_is_reproducible_and_sized_by_the_formula(world, clerk):
    db, w = world
    L = w.locations
    items = [NewItem("gold", f"Nhẫn vàng {i}", 1, "chiếc", location_code=L["safe"], attributes={"weight_g": "3.75"},
                     sealed=True, seal_state="intact", seal_number=f"NP-G{i}") for i in range(40)]
    items += [NewItem("drugs", f"Gói ma túy {i}", 1, "gói", location_code=L["secure"],
                      attributes={"net_weight_g": "1.0"}, sealed=True, seal_state="intact", seal_number=f"NP-D{i}") for i in range(30)]
    receive(db, clerk, items[:35], case_number="401/2026/MT", order="93/LNK-PC04")
    receive(db, clerk, items[35:], case_number="402/2026/MT", order="94/LNK-PC04")
    receive(db, clerk, [NewItem("phone", "Điện thoại", 1, "chiếc", location_code=L["bin_A111"], sealed=True, seal_state="intact",
                                seal_number="NP-P1")],
            case_number="403/2026/CSHS", order="95/LNK-PC02")
    first = new_audit(db, clerk, kind="sample_items", high_risk_only=True, confidence=0.90, margin=0.1, seed=42)
    second = new_audit(db, clerk, kind="sample_items", high_risk_only=True, confidence=0.90, margin=0.1, seed=42)
    a, b = (read(db, clerk, audit_read.audit_detail, n) for n in (first, second))
    # Cochran with the finite-population correction: z(90 %) = 1.6449, n0 = z²·0.25/0.1² = 67.64,
    # n = n0 / (1 + (n0 − 1)/70) = 34.65 → 35
    assert a.population == 70 and a.sample_size == audit_rules.sample_size(70, 0.90, 0.1) == 35

    def targets(number):
        from sqlalchemy import text
        with db.reader.connect() as c:
            return c.execute(text("SELECT t.item_id FROM audit_targets t JOIN audits a ON a.id = t.audit_id "
                                  "WHERE a.number = :n ORDER BY t.item_id"), {"n": number}).scalars().all()
    assert targets(first) == targets(second) and len(targets(first)) == 35
    third = new_audit(db, clerk, kind="sample_items", high_risk_only=True, confidence=0.90, margin=0.1, seed=43)
    assert targets(third) != targets(first)
    with pytest.raises(DomainError) as exc:
        new_audit(db, clerk, kind="sample_items", confidence=1.2)
    assert exc.value.code == "confidence_out_of_range"
    assert verify(db).ok


def test_category_case_and_location_sample_plans(world, clerk):
    db, w = world
    p = plant(db, w, clerk)
    by_case = read(db, clerk, audit_read.audit_detail, new_audit(db, clerk, kind="case", case_number="202/2026/CSKT"))
    assert by_case.population == 1 and "202/2026/CSKT" in by_case.scope
    by_category = read(db, clerk, audit_read.audit_detail, new_audit(db, clerk, kind="category", category="goods"))
    assert by_category.population == 1
    with pytest.raises(DomainError) as exc:
        new_audit(db, clerk, kind="category")
    assert exc.value.code == "category_required"
    with pytest.raises(DomainError) as exc:
        new_audit(db, clerk, kind="case", case_number="0/2026")
    assert exc.value.code == "case_not_found"
    number = new_audit(db, clerk, kind="sample_locations", confidence=0.95, margin=0.2, seed=5)
    sample = read(db, clerk, audit_read.audit_detail, number)
    # the locations holding items: bin_A111, bin_A112, bin_A121, bin_B111 → n = ceil(n0 / (1 + (n0-1)/4)) = 4
    assert sample.population == 4 and sample.sample_size == audit_rules.sample_size(4, 0.95, 0.2) == 4
    scan, _ = audit_scanner(db, clerk, number)
    assert scan(w.locations["bin_A122"])["outcome"] == "out_of_scope"  # empty now: not in the sample
    assert scan(w.locations["bin_B111"])["outcome"] == "location"
    assert scan(p.unexpected)["outcome"] == "recorded"
    run(db, clerk, lambda uow, n: audit_reconcile.reconcile(uow, n), number)
    lines = audit_results(db, clerk, number)
    assert lines[p.unexpected].result == "found" and lines[p.found].result == "missing"
    assert verify(db).ok


def test_the_plan_preview_shows_what_the_plan_will_draw(world, clerk):
    """#15: the sample size (and the formula's inputs) are known before the audit is opened, and they are
    what opening it then draws, for every kind of plan."""
    db, w = world
    plant(db, w, clerk)
    items = [NewItem("gold", f"Nhẫn vàng {i}", 1, "chiếc", location_code=w.locations["safe"],
                     attributes={"weight_g": "3.75"}, sealed=True, seal_state="intact", seal_number=f"NP-G{i}") for i in range(12)]
    receive(db, clerk, items, case_number="411/2026/MT", order="96/LNK-PC04")
    plans = [dict(kind="sample_items", high_risk_only=True, confidence=0.90, margin=0.1, seed=1),
             dict(kind="sample_items", confidence=0.95, margin=0.2, seed=2),
             dict(kind="sample_locations", confidence=0.95, margin=0.2, seed=5),
             dict(kind="zone", location_code=w.locations["zone_A"]),
             dict(kind="case", case_number="202/2026/CSKT"), dict(kind="category", category="gold"),
             dict(kind="full")]
    for kw in plans:
        preview = read(db, clerk, audit_plan.plan_preview, PlanAudit(**kw))
        opened = read(db, clerk, audit_read.audit_detail, new_audit(db, clerk, **kw))
        assert (preview.population, preview.sample_size) == (opened.population, opened.sample_size), kw
        if kw["kind"].startswith("sample"):
            assert preview.sample_size == audit_rules.sample_size(preview.population, kw["confidence"], kw["margin"])
            assert abs(preview.z - audit_rules.z_score(kw["confidence"])) < 1e-9
            assert abs(preview.n0 - preview.z ** 2 * 0.25 / kw["margin"] ** 2) < 1e-9
    assert read(db, clerk, audit_plan.plan_preview, PlanAudit("sample_items", high_risk_only=True, confidence=0.9,
                                                     margin=0.1)).population == 12
    with pytest.raises(DomainError) as exc:
        read(db, clerk, audit_plan.plan_preview, PlanAudit("sample_items", confidence=1.5))
    assert exc.value.code == "confidence_out_of_range"
