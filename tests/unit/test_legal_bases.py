"""Legal bases chosen by the date and the kind of the act (LEGAL-RULES R40, §4; issue #12)."""

from __future__ import annotations

from datetime import date

from evidence_store.domain import legal_bases as legal_base_rules


def _cite(act, day, **kw):
    return " | ".join(legal_base_rules.citations(legal_base_rules.DEFAULT_BASES, act, day, **kw))


def test_custody_records_cite_the_warehouse_decree_in_force_on_the_day():
    before, after = _cite("intake", date(2024, 2, 16)), _cite("intake", date(2025, 1, 1))
    assert "Nghị định số 18/2002/NĐ-CP" in before and "70/2013/NĐ-CP" in before and "142/2024" not in before
    assert "Nghị định số 142/2024/NĐ-CP" in after and "18/2002" not in after
    assert _cite("intake", date(2024, 12, 31)).count("18/2002") == 1  # last day of the old decree
    assert before.startswith("Điều 90, Điều 133 Bộ luật Tố tụng hình sự năm 2015")


def test_a_disposal_cites_article_106_and_the_enforcement_law_of_its_date():
    police = _cite("disposal", date(2025, 3, 1), outcome="returned")
    assert "Điều 106, Điều 133 Bộ luật Tố tụng hình sự" in police and "Thi hành án" not in police
    old = _cite("destruction", date(2026, 6, 30), enforcement=True, outcome="destroyed")
    assert "Điều 125 Luật Thi hành án dân sự năm 2008" in old and "Điều 33 Nghị định số 62/2015/NĐ-CP" in old
    new = _cite("destruction", date(2026, 7, 1), enforcement=True, outcome="destroyed")
    assert "Luật Thi hành án dân sự số 106/2025/QH15" in new and "152/2026/NĐ-CP" in new
    assert "2008" not in new and "62/2015" not in new
    assert "Điều 124" in _cite("disposal", date(2025, 3, 1), enforcement=True, outcome="confiscated")


def test_an_article_entered_by_the_administrator_is_printed():
    rows = legal_base_rules.with_article(legal_base_rules.DEFAULT_BASES, "thads_106_2025", "Điều 140")
    assert "Điều 140 Luật Thi hành án dân sự số 106/2025/QH15" in " ".join(
        legal_base_rules.citations(rows, "destruction", date(2026, 8, 1), enforcement=True, outcome="destroyed"))


def test_every_default_row_has_a_source_and_valid_fields():
    for row in legal_base_rules.DEFAULT_BASES:
        assert legal_base_rules.check_row(row) is None, row.key
        assert legal_base_rules.LegalBasis.from_dict(row.to_dict()) == row
    bad = legal_base_rules.LegalBasis("x", "Văn bản", ("intake",), date(2025, 1, 1), date(2024, 1, 1), source="s")
    assert legal_base_rules.check_row(bad) == "legal_basis_dates_invalid"
    assert legal_base_rules.check_row(legal_base_rules.LegalBasis("x", "Văn bản", ("intake",))) == "legal_basis_source_required"


def test_the_administrator_edits_the_table_and_records_print_it(tmp_path):
    from evidence_store.db.migrate import open_database
    from evidence_store.demo.base import build_base
    from evidence_store.domain.errors import DomainError, PermissionDenied
    from evidence_store.services import legal_bases
    from evidence_store.services.context import UnitOfWork
    import pytest
    db = open_database(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    try:
        world = build_base(db)
        admin, clerk = world.actor(db, "quantri"), world.actor(db, "thukho")
        with UnitOfWork(db, clerk) as uow, pytest.raises(PermissionDenied):
            legal_bases.save_legal_bases(uow, legal_base_rules.DEFAULT_BASES)
        bad = legal_base_rules.DEFAULT_BASES + (legal_base_rules.LegalBasis("x", "Văn bản", ("intake",)),)
        with UnitOfWork(db, admin) as uow, pytest.raises(DomainError) as exc:
            legal_bases.save_legal_bases(uow, bad)
        assert exc.value.code == "legal_basis_source_required"
        with UnitOfWork(db, admin) as uow:
            legal_bases.save_legal_bases(uow, legal_base_rules.with_article(legal_base_rules.DEFAULT_BASES, "thads_106_2025", "Điều 140"))
        with UnitOfWork(db, clerk, write=False) as uow:
            text = legal_bases.sentence_for(uow.session, "destruction", date(2026, 8, 1), enforcement=True, outcome="destroyed")
        assert text.startswith("Căn cứ Điều 106, Điều 133") and "Điều 140 Luật Thi hành án dân sự số 106/2025" in text
    finally:
        db.dispose()
