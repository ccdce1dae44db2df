"""Issue #19 (resident memory with the main lists open): on SQLite the app starts without SQLAlchemy's PostgreSQL
dialect, whose package imports every PostgreSQL driver module (asyncpg, psycopg, pg8000…: ~2 MB resident), and on
PostgreSQL without SQLite's dialect and driver (0.7 + 0.85 MB); on each engine the partial indexes keep their condition."""

import subprocess
import sys

from sqlalchemy.schema import CreateIndex


def test_the_window_on_sqlite_loads_no_postgresql_dialect():
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "import ui.app, ui.main_window\n"
            "from evidence_store.db.engine import make_engine\n"
            "make_engine('sqlite://', writer=False)\n"
            "bad = [m for m in sys.modules if m.startswith('sqlalchemy.dialects.postgresql')]\n"
            "print(bad); sys.exit(1 if bad else 0)")
    _runs_clean(code)


def test_the_window_on_postgresql_loads_no_sqlite():
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "import ui.app, ui.main_window, evidence_store.db.faults, evidence_store.services.verify_parallel\n"
            "from evidence_store.db.engine import make_engine\n"
            "make_engine('postgresql+psycopg://nobody@127.0.0.1:1/none', writer=False)\n"  # never connects
            "bad = [m for m in sys.modules if m.startswith(('sqlalchemy.dialects.sqlite', 'sqlite3', '_sqlite3'))]\n"
            "print(bad); sys.exit(1 if bad else 0)")
    _runs_clean(code)


def test_a_sqlite_engine_gives_the_partial_indexes_their_condition():
    from evidence_store.db.engine import make_engine
    from evidence_store.db.models import CustodyEvent, Signature
    engine = make_engine("sqlite://", writer=False)
    ddl = {i.name: str(CreateIndex(i).compile(dialect=engine.dialect))
           for t in (Signature.__table__, CustodyEvent.__table__) for i in t.indexes}
    assert ddl["ix_signatures_pending"].endswith("WHERE status = 'pending'")
    assert ddl["ix_custody_events_moves"].endswith("WHERE kind IN ('receive', 'dispose', 'transfer_out')")
    engine.dispose()


def test_a_postgresql_engine_gives_the_partial_indexes_their_condition():
    from evidence_store.db.engine import make_engine
    from evidence_store.db.models import CustodyEvent, Signature
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", writer=False)  # never connects
    ddl = {i.name: str(CreateIndex(i).compile(dialect=engine.dialect))
           for t in (Signature.__table__, CustodyEvent.__table__) for i in t.indexes}
    assert ddl["ix_signatures_pending"].endswith("WHERE status = 'pending'")
    assert ddl["ix_custody_events_moves"].endswith("WHERE kind IN ('receive', 'dispose', 'transfer_out')")
    engine.dispose()


def test_the_reports_screen_draws_its_charts_without_reportlab():
    """Issue #19: reportlab and its fonts (~14 MB resident) are loaded when a PDF is made, not for the screen."""
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "import ui.main_window, ui.screens.reports\n"
            "from tests.unit.test_chart_data import sample_report\n"
            "from evidence_store.printing.chart_data import report_charts\n"
            "from ui.widgets.chart import ChartWidget\n"
            "images = [ChartWidget(c).grab().toImage() for c in report_charts(sample_report(), 0.75)]\n"
            "assert len(images) == 7 and all(not i.isNull() for i in images)\n"
            "bad = [m for m in sys.modules if m.startswith(('reportlab', 'PIL'))]\n"
            "print(bad); sys.exit(1 if bad else 0)")
    _runs_clean(code)


def _runs_clean(code: str) -> None:
    """``code`` in a fresh interpreter (nothing imported yet) exits 0; its output is the failure's message."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
