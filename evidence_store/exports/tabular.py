"""Typed tables to XLSX and CSV (Qt-free; used by every list export and by the reports).

XLSX: a title row, the filters used, the time of export, then a bold header frozen under them with an
autofilter; dates are dates, quantities and amounts numbers (Excel shows them with the separators of the
reader's regional settings: 1.250.000 and 12,35 on a Vietnamese Windows), column widths set. Streamed
with openpyxl's write-only workbook, so a million rows do not sit in memory.

CSV: UTF-8 with a BOM (Excel then reads Vietnamese right) and a chosen separator: ``;`` for Vietnamese
regional settings, where Excel expects ``;`` between fields and a decimal comma."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..formatting import now_in_zone
from ..i18n import _

PROGRESS_EVERY = 1000
SEPARATORS = {";": "semicolon", ",": "comma", "\t": "tab"}
FORMATS = {"int": "#,##0", "number": "#,##0.###", "money": "#,##0", "date": "dd/mm/yyyy", "month": "mm/yyyy",
           "datetime": "dd/mm/yyyy hh:mm", "percent": "0.0%"}


@dataclass(frozen=True)
class Col:
    header: str  # shown as given (translate before)
    kind: str = "text"  # text | int | number | money | date | month | datetime | percent
    width: float = 14  # Excel character units


@dataclass
class Sheet:
    name: str
    title: str
    filters: str
    columns: Sequence[Col]
    rows: Iterable[Sequence[Any]]
    total: int = 0  # for the progress bar


class Cancelled(Exception):
    """Raised inside a writer when the user cancels; the file is removed."""


def _noop(*_args) -> None:
    return None


def write(path: str | Path, sheets: Sequence[Sheet], *, separator: str = ";",
          progress: Callable[[int, int], None] = _noop, cancelled: Callable[[], bool] = lambda: False) -> int:
    """Write ``sheets`` (.xlsx) or the first sheet (.csv) to ``path``; returns the rows written. A cancelled
    or failed export leaves no half-written file."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".xlsx":
            return _write_xlsx(path, sheets, progress, cancelled)
        return _write_csv(path, sheets[0], separator, progress, cancelled)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _tick(done: int, total: int, progress, cancelled) -> None:
    if done % PROGRESS_EVERY == 0:
        progress(done, total)
        if cancelled():
            raise Cancelled


# -- XLSX ----------------------------------------------------------------------------------------------

def _write_xlsx(path: Path, sheets: Sequence[Sheet], progress, cancelled) -> int:
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    done = 0
    grand_total = sum(s.total for s in sheets)
    try:
        for sheet in sheets:
            done = _xlsx_sheet(book, sheet, done, grand_total, progress, cancelled)
    except BaseException:
        for ws in book.worksheets:  # end the streamed sheets' writers before their temporary files go
            _close_quietly(ws)
        raise
    book.save(path)
    progress(done, grand_total)
    return done


def _close_quietly(ws) -> None:
    try:
        ws.close()
    except Exception:  # a sheet already closed, or nothing written yet
        pass


def _xlsx_sheet(book, sheet: Sheet, done: int, total: int, progress, cancelled) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    ws = book.create_sheet(_safe_sheet_name(sheet.name))
    for i, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    head_rows = 4
    ws.freeze_panes = f"A{head_rows + 1}"
    title = WriteOnlyCell(ws, sheet.title)
    title.font = Font(bold=True, size=14)
    ws.append([title])
    filters = WriteOnlyCell(ws, _("Bộ lọc: {filters}", filters=sheet.filters or _("không")))
    filters.font = Font(italic=True)
    ws.append([filters])
    ws.append([WriteOnlyCell(ws, _("Xuất lúc {when}", when=now_in_zone().strftime("%d/%m/%Y %H:%M")))])
    header = []
    fill = PatternFill("solid", fgColor="DDE6F0")
    for col in sheet.columns:
        cell = WriteOnlyCell(ws, col.header)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    ws.append(header)
    kinds = [c.kind for c in sheet.columns]
    rows = 0
    for row in sheet.rows:
        ws.append([_xlsx_cell(ws, WriteOnlyCell, kind, value) for kind, value in zip(kinds, row)])
        rows += 1
        done += 1
        _tick(done, total, progress, cancelled)
    last = get_column_letter(max(len(sheet.columns), 1))
    ws.auto_filter.ref = f"A{head_rows}:{last}{head_rows + max(rows, 1)}"
    return done


def _xlsx_cell(ws, make, kind: str, value):
    if value is None or value == "":
        return None
    if kind == "text":
        return _text(value)
    if kind in ("date", "month", "datetime"):
        if isinstance(value, datetime):
            value = value.replace(tzinfo=None, microsecond=0)
            if kind == "date":
                value = value.date()
    elif kind == "number" and float(value) == int(float(value)):
        value, kind = int(float(value)), "int"
    cell = make(ws, value)
    cell.number_format = FORMATS[kind]
    return cell


def _text(value) -> str:
    text = str(value)
    # a cell starting with = + - @ would be read as a formula by a spreadsheet (CSV/formula injection)
    return "'" + text if text[:1] in ("=", "+", "@") or (text[:1] == "-" and not _numeric(text)) else text


def _numeric(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def _safe_sheet_name(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31] or "Sheet"


# -- CSV -----------------------------------------------------------------------------------------------

def _write_csv(path: Path, sheet: Sheet, separator: str, progress, cancelled) -> int:
    if separator not in SEPARATORS:
        raise ValueError(separator)
    comma = separator != ","  # ";" goes with a decimal comma (Vietnamese regional settings)
    kinds = [c.kind for c in sheet.columns]
    done = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=separator)
        writer.writerow([c.header for c in sheet.columns])
        for row in sheet.rows:
            writer.writerow([csv_text(kind, value, comma) for kind, value in zip(kinds, row)])
            done += 1
            _tick(done, sheet.total, progress, cancelled)
    progress(done, sheet.total)
    return done


def csv_text(kind: str, value, decimal_comma: bool = True) -> str:
    """A typed value as CSV text: dd/mm/yyyy dates, numbers without grouping (readable back by Excel)."""
    if value is None or value == "":
        return ""
    if kind == "date":
        return (value.date() if isinstance(value, datetime) else value).strftime("%d/%m/%Y")
    if kind == "month":
        return value.strftime("%m/%Y")
    if kind == "datetime":
        return value.strftime("%d/%m/%Y %H:%M")
    if kind in ("int", "number", "money", "percent"):
        number = float(value)
        text = str(int(number)) if number == int(number) else repr(number)
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return _text(value)
