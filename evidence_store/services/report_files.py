"""Reports as files: the periodic PDF (ND 30 header, charts and tables) and the same tables in XLSX."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import printing
from ..exports import tabular
from ..exports.report_sheets import report_sheets
from .printing_data import author, load_print_settings
from .reports import RATIO_WARNING, ReportFilter, build_report


def report_pdf(uow, kind: str, flt: ReportFilter, *, report=None) -> bytes:
    report = report or build_report(uow, kind, flt)
    settings = _headed_by_reader(uow, load_print_settings(uow))
    return printing.render_statistics(report, settings, warning=RATIO_WARNING, parties=author(uow))


def _headed_by_reader(uow, settings):
    """A report is the paper of the agency whose officer prints it: a seat outside the police side (VKS, Tòa án,
    THADS) prints under its own agency's name, not the warehouse's police unit (ND 30/2020 Art 8; HANDS-ON 43, as
    for the records those agencies make)."""
    from ..db.models import Agency
    from ..domain.agencies import sector
    agency = uow.session.get(Agency, uow.actor.agency_id) if uow.actor.agency_id else None
    if agency is None or sector(agency.kind) in ("police", None):
        return settings
    parent = uow.session.get(Agency, agency.parent_id) if agency.parent_id else None
    return replace(settings, header=replace(settings.header, parent_agency=parent.name if parent else "",
                                            issuing_unit=agency.name))


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
