"""Báo cáo as a commander meets it: reachable from the sidebar, the figures of the period at a glance with
their charts, the ratio warning, and the report saved as PDF and Excel off the UI thread."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from PySide6.QtGui import QColor

from ui.screens.reports import ReportsScreen
from ui.widgets.chart import ChartWidget

from .lists_data import lists_db, lists_template, make_ctx  # noqa: F401 (fixtures)


def test_the_commander_opens_reports_from_the_sidebar(main_window):
    window = main_window("lanhdao")
    assert "Báo cáo" in window.nav_titles
    window.nav.setCurrentRow(window.nav_titles.index("Báo cáo"))
    screen = window.current_screen()
    assert isinstance(screen, ReportsScreen)
    assert screen.kpi["intake"][0].text() == "0" and screen.charts


def test_figures_charts_and_the_ratio_warning(qtbot, make_ctx, recorder):  # noqa: F811
    ctx = make_ctx("lanhdao")
    screen = ReportsScreen(ctx)
    qtbot.addWidget(screen)
    screen.period_box.setCurrentIndex(screen.period_box.findData("year"))
    screen.load()
    assert screen.kpi["intake"][0].text() == "6"  # six items received this year (lists_data)
    assert screen.kpi["held"][0].text() == "6"
    assert screen.kpi["ratio"][0].text() == "0,00"
    assert screen.report.ratio_warning and not screen.warning.isHidden() and "dưới 0,75" in screen.warning.text()
    assert len(screen.charts) == 7 and all(isinstance(c, ChartWidget) for c in screen.charts)
    flow = screen.charts[0].grab().toImage()  # this year's six intakes drawn as blue columns
    blue = QColor("#1565c0").rgb()  # below the legend's blue square
    assert any(flow.pixel(x, y) == blue for x in range(0, flow.width(), 2) for y in range(50, flow.height(), 2))
    screen.category_box.setCurrentIndex(screen.category_box.findData("weapon"))
    screen.load()
    assert screen.kpi["held"][0].text() == "1"
    assert recorder.messages == []


def test_the_report_is_saved_as_pdf_and_excel(qtbot, make_ctx, recorder, tmp_path):  # noqa: F811
    screen = ReportsScreen(make_ctx("lanhdao"))
    qtbot.addWidget(screen)
    for kind in ("pdf", "xlsx"):
        recorder.save_path = str(tmp_path / f"bao-cao.{kind}")
        screen.export(kind)
        qtbot.waitUntil(lambda: screen.last_export.result is not None, timeout=20000)
        assert screen.last_export.result.ok
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
    assert load_workbook(tmp_path / "bao-cao.xlsx").sheetnames[0] == "Nhập - xử lý"
    assert [t for k, _t, t in recorder.messages if k == "info"][-1].startswith("Đã lưu báo cáo")


def test_an_officer_sees_only_the_figures_of_own_cases(qtbot, make_ctx, recorder, lists_db):  # noqa: F811
    from sqlalchemy import delete, select, update
    from evidence_store.db.models import Case, CaseResponsibility
    db, w = lists_db
    with db.session() as s:  # the second case was never his: another officer's from the start
        s.execute(update(Case).where(Case.number == "87/2026/CSKT").values(officer_id=w.persons["lanhdao"]))
        case_id = s.scalar(select(Case.id).where(Case.number == "87/2026/CSKT"))
        s.execute(delete(CaseResponsibility).where(CaseResponsibility.case_id == case_id,
                                                   CaseResponsibility.person_id == w.persons["canbo"]))
        s.commit()
    screen = ReportsScreen(make_ctx("canbo"))
    qtbot.addWidget(screen)
    screen.period_box.setCurrentIndex(screen.period_box.findData("year"))
    screen.load()
    assert screen.report.held_total == screen.report.intake_total == 4
    # the screen says whose figures these are; the warehouse's fill is not among them (issue 16)
    assert screen.scope_label.isVisibleTo(screen)
    assert screen.scope_label.text().startswith("Chỉ tính các vụ án thuộc phạm vi của tài khoản canbo")
    assert not screen.report.occupancy and "occupancy" not in {s for s, _d in _charts_of(screen.report)}


def _charts_of(report):
    from evidence_store.printing.charts import report_charts
    return report_charts(report, 0.75)


def test_the_commanders_figures_carry_no_scope_line(qtbot, make_ctx, recorder):  # noqa: F811
    screen = ReportsScreen(make_ctx("lanhdao"))
    qtbot.addWidget(screen)
    screen.load()
    assert not screen.scope_label.isVisibleTo(screen) and screen.report.occupancy
    assert "occupancy" in {s for s, _d in _charts_of(screen.report)}
