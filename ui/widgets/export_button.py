"""«Xuất danh sách ▾» for every list screen: Excel (.xlsx, typed cells, the filters in a title row), or CSV
UTF-8 with a BOM separated by ``;`` (Vietnamese regional settings) or ``,``. The file is written off the
UI thread with a progress bar and Cancel (ui/models/export.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from PySide6.QtWidgets import QMenu, QWidget

from evidence_store.i18n import N_, _

from .. import dialogs, operations
from ..models.export import write_rows
from ..models.format import number_text
from ..models.paged import Column
from .menu_button import MenuButton

FORMATS = (("xlsx", ";", N_("Excel (.xlsx)…")), ("csv", ";", N_("CSV, dấu chấm phẩy «;» (Windows tiếng Việt)…")),
           ("csv", ",", N_("CSV, dấu phẩy «,»…")))


@dataclass(frozen=True)
class ExportSource:
    """What a list exports: a title, the filters in words, its columns, and (in the worker, with a reading
    unit of work) its rows in the shown order and their number."""

    title: str
    filters: str
    columns: Sequence[Column]
    rows: Callable[[object], Iterable]
    total: Callable[[object], int]


def pages(fetch: Callable[[int, int], list], chunk: int = 2000):
    """Every row of a paged read (``fetch(offset, limit)``), in order."""
    offset = 0
    while True:
        rows = fetch(offset, chunk)
        yield from rows
        if len(rows) < chunk:
            return
        offset += chunk


class ExportButton(MenuButton):
    def __init__(self, ctx, source: Callable[[], ExportSource], suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Xuất danh sách"), parent)
        self.ctx, self.source, self.suggested = ctx, source, suggested
        self.operation: operations.BackgroundOperation | None = None
        menu = QMenu(self)
        for fmt, separator, label in FORMATS:
            menu.addAction(_(label), lambda f=fmt, s=separator: self.export(f, s))
        self.setMenu(menu)

    def export(self, fmt: str = "xlsx", separator: str = ";") -> operations.BackgroundOperation | None:
        pattern = _("Excel (*.xlsx)") if fmt == "xlsx" else _("CSV UTF-8 (*.csv)")
        path = dialogs.ask_save_path(_("Xuất danh sách"), f"{self.suggested}.{fmt}", pattern, self)
        if not path:
            return None
        if path.lower().endswith((".xlsx", ".csv")):  # a name typed with its own suffix decides the format
            fmt = path.rsplit(".", 1)[1].lower()
        else:
            path += "." + fmt
        src = self.source()

        def job(progress, cancelled):
            with self.ctx.reader() as uow:
                total = src.total(uow)
                return write_rows(path, src.title, src.filters, src.columns, src.rows(uow), total,
                                  separator=separator, progress=progress, cancelled=cancelled)

        self.operation = operations.run_job(self.ctx, job, parent=self.window(), label=_("Đang xuất danh sách…"),
                                            on_done=lambda r: self._done(r, path))
        return self.operation

    def _done(self, result, path: str) -> None:
        if result.ok and result.value:
            dialogs.info(_("Đã xuất {n} dòng ra tệp {path}", n=number_text(result.value), path=path), self)
