"""Export a list as it is shown (same columns, same order, same filters) to a typed XLSX or a CSV
(evidence_store.exports.tabular). Runs off the UI thread through ui.operations.run_in_background;
reports progress and stops when cancelled, leaving no half-written file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Sequence

from evidence_store.exports import tabular
from evidence_store.exports.tabular import Col, Sheet
from evidence_store.i18n import _
from evidence_store.services import browse, queries
from evidence_store.services.queries import ItemQuery

from .format import local
from .paged import Column


def export_columns(columns: Sequence[Column]) -> list[Col]:
    return [Col(_(c.header), c.kind, max(8.0, round(c.width / 7, 1))) for c in columns]


def typed_cells(columns: Sequence[Column], row) -> list:
    out = []
    for c in columns:
        value = c.cell(row) if c.cell is not None else c.value(row)
        if isinstance(value, datetime) and value.tzinfo is None and c.kind in ("date", "datetime"):
            value = local(value).replace(tzinfo=None)  # stored UTC → the warehouse's wall time
        out.append(value)
    return out


def write_rows(path: str | Path, title: str, filters: str, columns: Sequence[Column], rows: Iterable, total: int, *,
               separator: str = ";", progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
    """Rows (the list's plain row objects) to ``path``; 0 when cancelled (the file is removed)."""
    sheet = Sheet(title[:31], title, filters, export_columns(columns), (typed_cells(columns, r) for r in rows), total)
    progress(0, total)
    try:
        return tabular.write(path, [sheet], separator=separator, progress=progress, cancelled=cancelled)
    except tabular.Cancelled:
        return 0


def export_items(uow, query: ItemQuery, path: str, columns: Sequence[Column], *, title: str = "", filters: str = "",
                 separator: str = ";", progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
    """``fn(uow, ...)`` for run_in_background: the items of ``query`` to ``path`` (.xlsx or .csv), streamed."""
    total = queries.count_items(uow, query)
    return write_rows(path, title or _("Danh sách vật chứng"), filters, columns, browse.iter_items(uow, query), total,
                      separator=separator, progress=progress, cancelled=cancelled)
