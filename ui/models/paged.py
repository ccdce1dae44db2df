"""A windowed table model (Anki's browser table): it knows the row count and fetches rows in
pages through a callable, keeping the most recently used pages. Jumping to row 900,000 of a
million costs one page query (STACK-CHECK §2.8 8f), never a scan through the rows before it."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from evidence_store.i18n import _

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter

ROW_ROLE = Qt.ItemDataRole.UserRole  # the plain row (DTO) behind a table row
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # its id


@dataclass(frozen=True)
class Column:
    """One column: its Vietnamese header (msgid, translated when shown), how to get the display
    text from a row, its alignment, an optional background colour and a width hint in pixels; for
    exports, the kind of cell (evidence_store.exports.tabular: text, int, number, date, datetime…)
    and the typed value (``cell``; the display text when absent); ``foreground``: an optional text colour."""

    header: str
    value: Callable[[Any], str]
    align: Qt.AlignmentFlag = LEFT
    width: int = 120
    background: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str] | None = None
    kind: str = "text"
    cell: Callable[[Any], Any] | None = None
    foreground: Callable[[Any], Any] | None = None


CountFn = Callable[[], int]
FetchFn = Callable[[int, int], Sequence[Any]]


class PagedTableModel(QAbstractTableModel):
    """Rows come from ``fetch(offset, limit)``; the number of rows from ``count()``."""

    def __init__(self, columns: Sequence[Column], count: CountFn | None = None, fetch: FetchFn | None = None, *,
                 page_size: int = 256, cache_pages: int = 32, parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.page_size = page_size
        self.cache_pages = cache_pages
        self._count_fn: CountFn = count or (lambda: 0)
        self._fetch_fn: FetchFn = fetch or (lambda offset, limit: [])
        self._pages: OrderedDict[int, list] = OrderedDict()
        self._count = 0
        self.pages_fetched = 0  # for tests and benchmarks
        if count is not None:
            self._count = self._count_fn()

    # -- the source -------------------------------------------------------------------------
    def set_source(self, count: CountFn, fetch: FetchFn) -> None:
        self._count_fn, self._fetch_fn = count, fetch
        self.reload()

    def show_rows(self, rows: Sequence[Any]) -> None:
        """A short list already in memory (a screen's latest 500 records): the same table, no page queries. A
        QTableWidget kept a C++ item and its Python wrapper per cell (~0.6 KB each: 5,000 cells of the
        register ≈ 3 MB resident, issue #19's memory target); the model keeps only the rows."""
        rows = list(rows)
        self.set_source(lambda: len(rows), lambda offset, limit: rows[offset:offset + limit])

    def reload(self) -> None:
        """Count again and forget every cached page (after a filter change or a mutation)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self._count_fn()
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, self.page_size)
        page = self._pages.get(number)
        if page is None:
            page = self._load(number)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def id_at(self, row: int) -> int | None:
        r = self.row_at(row)
        return getattr(r, "id", None) if r is not None else None

    def row_of_id(self, row_id: int) -> int:
        """The row showing ``row_id`` among the cached pages, or -1."""
        for number, page in self._pages.items():
            for offset, r in enumerate(page):
                if getattr(r, "id", None) == row_id:
                    return number * self.page_size + offset
        return -1

    def _load(self, number: int) -> list:
        page = list(self._fetch_fn(number * self.page_size, self.page_size))
        self.pages_fetched += 1
        self._pages[number] = page
        while len(self._pages) > self.cache_pages:
            self._pages.popitem(last=False)
        return page

    def iter_rows(self, chunk: int = 2000):
        """Every row in the current order, fetched in chunks (exports; call off the UI thread)."""
        offset = 0
        while True:
            rows = list(self._fetch_fn(offset, chunk))
            yield from rows
            if len(rows) < chunk:
                return
            offset += chunk

    # -- Qt ---------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(self.columns[section].header)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(self.columns[section].align)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.value(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(row) if col.tooltip else col.value(row)
        if role == Qt.ItemDataRole.BackgroundRole and col.background:
            return col.background(row)
        if role == Qt.ItemDataRole.ForegroundRole and col.foreground:
            return col.foreground(row)
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return getattr(row, "id", None)
        return None

    def export_headers(self) -> list[str]:
        return [_(c.header) for c in self.columns]

    def export_cells(self, row) -> list[str]:
        return [c.value(row) for c in self.columns]
