"""The item list (1M rows), the search results and the case list as windowed models."""

from __future__ import annotations

import weakref
from dataclasses import replace

from evidence_store.describe import category_label, state_label
from evidence_store.i18n import N_
from evidence_store.services import browse, queries
from evidence_store.services.browse import CaseQuery
from evidence_store.services.queries import ItemQuery

from ..context import AppContext, AppSignals
from .format import code_text, date_text, number_text, quantity_text, stage_label
from .paged import CENTER, RIGHT, Column, PagedTableModel

ITEM_COLUMNS = (
    Column(N_("Mã vật chứng"), lambda r: code_text(r.code), width=130),
    Column(N_("Tên vật chứng"), lambda r: r.name, width=280),
    Column(N_("Loại"), lambda r: category_label(r.category), width=190),
    Column(N_("Số lượng"), lambda r: quantity_text(r.quantity, r.unit), RIGHT, width=115),
    Column(N_("Trạng thái"), lambda r: state_label(r.state), width=120),
    Column(N_("Vụ án"), lambda r: r.case_number, width=130),
    Column(N_("Vị trí"), lambda r: code_text(r.location_code) if r.location_code else "", width=120),
    Column(N_("Số niêm phong"), lambda r: r.seal_number if r.sealed else "", width=100),
    Column(N_("Ngày nhập"), lambda r: date_text(r.received_at), CENTER, width=90),
    Column(N_("Cơ quan thụ lý"), lambda r: r.responsible_agency, width=130),
)

CASE_COLUMNS = (
    Column(N_("Số vụ án"), lambda r: r.number, width=150),
    Column(N_("Tội danh"), lambda r: r.offence or r.title, width=300),
    Column(N_("Cơ quan thụ lý"), lambda r: r.handling_agency, width=140),
    Column(N_("Giai đoạn"), lambda r: stage_label(r.stage), width=90),
    Column(N_("Cán bộ thụ lý"), lambda r: r.officer, width=150),
    Column(N_("Số vật chứng"), lambda r: number_text(r.item_count), RIGHT, width=90),
    Column(N_("Ngày khởi tố"), lambda r: date_text(r.opened_on), CENTER, width=95),
)


_COUNTS: "weakref.WeakKeyDictionary[AppSignals, dict]" = weakref.WeakKeyDictionary()


def _count_cache(ctx: AppContext) -> dict:
    """Item counts per (user, filter), shared by the item lists of one app and forgotten on every change:
    counting a million rows on each screen opening or filter toggle is the slow part of a list at 1M."""
    cache = _COUNTS.get(ctx.signals)
    if cache is None:
        cache = _COUNTS[ctx.signals] = {}
        ctx.signals.changes_applied.connect(lambda *_: cache.clear())
        ctx.signals.session_changed.connect(cache.clear)
    return cache


class ItemsModel(PagedTableModel):
    """Items matching an ItemQuery (filters and order), read page by page."""

    def __init__(self, ctx: AppContext, query: ItemQuery = ItemQuery(), parent=None) -> None:
        self.ctx = ctx
        self.query = query
        super().__init__(ITEM_COLUMNS, self._count_items, self._fetch_items, parent=parent)

    def set_query(self, query: ItemQuery) -> None:
        self.query = query
        self.reload()

    def _count_items(self) -> int:
        cache = _count_cache(self.ctx)
        actor = self.ctx.actor
        key = (getattr(actor, "username", None), replace(self.query, order="newest"))
        count = cache.get(key)
        if count is None:
            with self.ctx.reader() as uow:
                count = cache[key] = queries.count_items(uow, self.query)
        return count

    def _fetch_items(self, offset: int, limit: int):
        with self.ctx.reader() as uow:
            return browse.item_page(uow, self.query, offset, limit)


class SearchResultsModel(PagedTableModel):
    """Ids of a diacritics-insensitive search, newest first; rows loaded lazily by id."""

    LIMIT = 500

    def __init__(self, ctx: AppContext, parent=None) -> None:
        self.ctx = ctx
        self.text = ""
        self.ids: list[int] = []
        super().__init__(ITEM_COLUMNS, lambda: len(self.ids), self._fetch_rows, page_size=100, parent=parent)

    def set_text(self, text: str) -> None:
        self.text = text
        if text.strip():
            with self.ctx.reader() as uow:
                self.ids = queries.search_ids(uow, text, limit=self.LIMIT)
        else:
            self.ids = []
        self.reload()

    def _fetch_rows(self, offset: int, limit: int):
        with self.ctx.reader() as uow:
            return queries.item_rows_by_ids(uow, self.ids[offset:offset + limit])


class CasesModel(PagedTableModel):
    def __init__(self, ctx: AppContext, query: CaseQuery = CaseQuery(), parent=None) -> None:
        self.ctx = ctx
        self.query = query
        super().__init__(CASE_COLUMNS, self._count_cases, self._fetch_cases, parent=parent)

    def set_query(self, query: CaseQuery) -> None:
        self.query = query
        self.reload()

    def _count_cases(self) -> int:
        with self.ctx.reader() as uow:
            return browse.count_cases(uow, self.query)

    def _fetch_cases(self, offset: int, limit: int):
        with self.ctx.reader() as uow:
            return browse.case_page(uow, self.query, offset, limit)
