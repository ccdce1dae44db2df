"""Export a list as it is shown (same columns, same order) to CSV or XLSX. Runs off the UI
thread through ui.operations.run_in_background; reports progress and stops when cancelled."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable, Iterable, Sequence

from evidence_store.i18n import _
from evidence_store.services import browse, queries
from evidence_store.services.queries import ItemQuery

from .paged import Column

PROGRESS_EVERY = 1000


def write_rows(path: Path, columns: Sequence[Column], rows: Iterable, total: int, *,
               progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
    """Write the rows; CSV is UTF-8 with a BOM so Excel shows Vietnamese right. A cancelled export
    leaves no half-written file behind."""
    path = Path(path)
    headers = [_(c.header) for c in columns]
    cells = [c.value for c in columns]
    done = 0
    try:
        with _writer(path) as append:
            append(headers)
            for row in rows:
                append([value(row) for value in cells])
                done += 1
                if done % PROGRESS_EVERY == 0:
                    progress(done, total)
                    if cancelled():
                        raise _Cancelled
    except _Cancelled:
        path.unlink(missing_ok=True)
        return 0
    progress(done, total)
    return done


class _Cancelled(Exception):
    pass


class _writer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.xlsx = path.suffix.lower() == ".xlsx"

    def __enter__(self):
        if self.xlsx:
            from openpyxl import Workbook
            self.book = Workbook(write_only=True)
            sheet = self.book.create_sheet(_("Vật chứng"))
            return sheet.append
        self.file = open(self.path, "w", encoding="utf-8-sig", newline="")
        writer = csv.writer(self.file)
        return writer.writerow

    def __exit__(self, exc_type, *exc) -> None:
        if self.xlsx:
            if exc_type is None:
                self.book.save(self.path)
        else:
            self.file.close()


def export_items(uow, query: ItemQuery, path: str, columns: Sequence[Column], *,
                 progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
    """``fn(uow, ...)`` for run_in_background: the items of ``query`` to ``path`` (.csv or .xlsx)."""
    total = queries.count_items(uow, query)
    progress(0, total)
    return write_rows(Path(path), columns, browse.iter_items(uow, query), total, progress=progress,
                      cancelled=cancelled)
