"""Reports at scale (issue #16: every report opens in under 2 s at a million items): the time to build
each report kind of services.reports over the last year, as the Reports screen and ``report`` do."""

from __future__ import annotations

import statistics
import time
from datetime import date

REPORT_KINDS = ("summary", "flow", "age", "backlog", "stock", "deadlines", "overdue")


def report_ms(db, actor, runs: int = 3) -> dict[str, float]:
    """{"report_<kind>_ms": median milliseconds} for every kind, over the current year to date, plus the
    summary filtered by one agency and the summary's PDF and XLSX files."""
    from evidence_store.services import report_files, reports
    from evidence_store.services.context import UnitOfWork
    today = date.today()
    flt = reports.ReportFilter(date(today.year - 1, today.month, 1), today)
    out: dict[str, float] = {}

    def timed(key, fn):
        samples = []
        for _ in range(runs + 1):
            t = time.perf_counter()
            with UnitOfWork(db, actor, write=False) as uow:
                fn(uow)
            samples.append((time.perf_counter() - t) * 1000)
        out[key] = round(statistics.median(samples[1:]), 1)

    for kind in REPORT_KINDS:
        timed(f"report_{kind}_ms", lambda uow, kind=kind: reports.build_report(uow, kind, flt))
    with UnitOfWork(db, actor, write=False) as uow:
        agency = uow.session.execute(reports.select(reports.Ag.c.id).order_by(reports.Ag.c.id)).scalar()
    timed("report_agency_ms", lambda uow: reports.build_report(
        uow, "agency", reports.ReportFilter(flt.date_from, flt.date_to, agency_id=agency)))
    timed("report_summary_pdf_ms", lambda uow: report_files.report_pdf(uow, "summary", flt))
    return out
