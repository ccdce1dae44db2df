"""Reports as files: the periodic PDF (ND 30 header, charts and tables) and the same tables in XLSX."""

from __future__ import annotations

from pathlib import Path

from .. import printing
from ..exports import tabular
from ..exports.report_sheets import report_sheets
from .printing_data import author, load_print_settings
from .reports import RATIO_WARNING, ReportFilter, build_report


def report_pdf(uow, kind: str, flt: ReportFilter, *, report=None) -> bytes:
    report = report or build_report(uow, kind, flt)
    return printing.render_statistics(report, load_print_settings(uow), warning=RATIO_WARNING, parties=author(uow))


def write_report(uow, kind: str, flt: ReportFilter, path: str | Path, *, report=None, progress=None,
                 cancelled=None) -> int:
    """The report to ``path``: .pdf or .xlsx (another suffix is refused by the caller); ``progress`` and
    ``cancelled`` as ui.operations.run_in_background passes them."""
    report = report or build_report(uow, kind, flt)
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        data = report_pdf(uow, kind, flt, report=report)
        path.write_bytes(data)
        return len(data)
    sheets = report_sheets(report)
    tabular.write(path, sheets, progress=progress or (lambda *_a: None), cancelled=cancelled or (lambda: False))
    return sum(s.total for s in sheets)
