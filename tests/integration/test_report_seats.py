"""Reports per seat (issue 16 × issue 13): an agency's user sees the figures of the cases in his scope — the same
rule as the lists — on the Reports screen's data, in the PDF and in the XLSX; warehouse-wide readers see every
case. Case X went CQĐT → VKS → TA; case Y stays with another investigator (tests/integration/test_scopes.py)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from evidence_store.domain.errors import PermissionDenied
from evidence_store.services import report_files, reports
from evidence_store.services.context import UnitOfWork

from .test_scopes import two_cases  # noqa: F401 (the fixture)
from evidence_store.domain import chronology

# held items seen: X has two (one out for trial), Y one
HELD = {"thukho": 3, "lanhdao": 3, "kiemsat": 3, "kiemsatvien": 2, "thuky": 2, "thamphan": 2, "canbo": 2,
        "thutruong": 2, "chaphanh": 0, "thukhothads": 0}


def _year():
    today = chronology.today()
    return reports.ReportFilter(date(today.year, 1, 1), date(today.year, 12, 31))


@pytest.mark.parametrize("username", sorted(HELD))
def test_each_seat_sees_the_figures_of_its_scope_on_screen_in_the_pdf_and_the_xlsx(world, two_cases,  # noqa: F811
                                                                                   username, tmp_path):
    db, w = world
    actor = w.actor(db, username)
    with UnitOfWork(db, actor, write=False) as uow:
        report = reports.build_report(uow, "summary", _year())
        report_files.write_report(uow, "summary", _year(), tmp_path / "r.pdf", report=report)
        report_files.write_report(uow, "summary", _year(), tmp_path / "r.xlsx", report=report)
    assert report.held_total == HELD[username] and report.intake_total == HELD[username]
    assert sum(r.count for r in report.categories) == HELD[username]
    overdue_or_out = sum(r.count for r in report.states if r.key == "out_temporary")
    assert overdue_or_out == (1 if HELD[username] >= 2 else 0)  # X's item out for trial
    wide = username in ("thukho", "lanhdao", "kiemsat")
    assert bool(report.occupancy) == wide  # the warehouse's fill counts every agency's items
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(tmp_path / "r.pdf").pages)
    assert f"tiếp nhận {HELD[username]} vật chứng" in text
    assert ("tính các vụ án thuộc phạm vi của tài khoản" in text) != wide
    book = load_workbook(tmp_path / "r.xlsx")
    categories = book["Theo loại"]
    counts = [r[1] for r in categories.iter_rows(min_row=5, values_only=True) if isinstance(r[1], int)]
    assert sum(counts[:-1] if len(counts) > 1 else counts) in (HELD[username], 0)
    title = " ".join(str(c.value) for row in categories.iter_rows(max_row=3) for c in row if c.value)
    assert ("tính các vụ án thuộc phạm vi của tài khoản" in title) != wide


def test_the_administrator_sees_everything_and_an_unscoped_seat_nothing(world, two_cases):  # noqa: F811
    db, w = world
    with UnitOfWork(db, w.actor(db, "quantri"), write=False) as uow:
        assert reports.build_report(uow, "summary", _year()).held_total == 3
    from evidence_store.services.context import Actor
    lost = Actor(None, "khach", frozenset({"procurator"}), person_id=None)  # a seat with no person and no agency
    with UnitOfWork(db, lost, write=False) as uow:
        assert reports.build_report(uow, "summary", _year()).held_total == 0
    nobody = Actor(None, "khach", frozenset(), person_id=None)
    with UnitOfWork(db, nobody, write=False) as uow, pytest.raises(PermissionDenied):
        reports.build_report(uow, "summary", _year())


@pytest.mark.parametrize("username", ["kiemsatvien", "thamphan", "thukho"])
def test_the_report_is_headed_by_the_agency_whose_officer_prints_it(world, two_cases, username):  # noqa: F811
    """A procurator's or a judge's statistics print under his own agency's name, not the warehouse's police unit
    (ND 30/2020 Art 8; HANDS-ON 43); the warehouse's own staff keep the warehouse's heading."""
    from sqlalchemy import text
    db, w = world
    actor = w.actor(db, username)
    with UnitOfWork(db, actor, write=False) as uow:
        data = report_files.report_pdf(uow, "summary", _year())
        agency = uow.session.execute(text("SELECT name, kind FROM agencies WHERE id = :i"),
                                     {"i": actor.agency_id}).one()
    first = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    police = "PHÒNG CẢNH SÁT BẢO VỆ" in first.upper()
    if username == "thukho":
        assert police
    else:
        assert agency.kind != "police" and " ".join(agency.name.split()).upper() in first.upper() and not police
