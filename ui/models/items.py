"""The item list (1M rows), the search results and the case list as windowed models."""

from __future__ import annotations

from dataclasses import replace

from evidence_store.describe import category_label, state_label
from evidence_store.i18n import N_
from evidence_store.services import browse, item_search, queries
from evidence_store.services.browse import CaseQuery
from evidence_store.services.queries import ItemQuery

from ..context import AppContext
from .format import code_text, date_text, number_text, quantity_text, stage_label
from .paged import CENTER, RIGHT, Column, PagedTableModel

def _place(r) -> str:
    """The location by the name clerks use ("Ô A2-3-01"); the code only when it has no name."""
    return getattr(r, "location_name", "") or (code_text(r.location_code) if r.location_code else "")


ITEM_COLUMNS = (
    Column(N_("Mã vật chứng"), lambda r: code_text(r.code), width=125),
    Column(N_("Tên vật chứng"), lambda r: r.name, width=260),
    Column(N_("Loại"), lambda r: category_label(r.category), width=160, tooltip=lambda r: category_label(r.category)),
    Column(N_("Số lượng"), lambda r: quantity_text(r.quantity, r.unit), RIGHT, width=105),
    Column(N_("Trạng thái"), lambda r: state_label(r.state), width=120, tooltip=lambda r: state_label(r.state)),
    Column(N_("Vụ án"), lambda r: r.case_number, width=115),
    Column(N_("Vị trí"), _place, width=110, tooltip=lambda r: code_text(r.location_code) if r.location_code else ""),
    Column(N_("Số niêm phong"), lambda r: r.seal_number if r.sealed else "", width=125),
    Column(N_("Ngày nhập"), lambda r: date_text(r.received_at), CENTER, width=85, kind="date",
           cell=lambda r: r.received_at),
    Column(N_("Cơ quan thụ lý"), lambda r: r.responsible_agency, width=130),
)
# column → the ItemQuery order a click on its header asks for (services.queries._ORDERS)
ITEM_SORT_KEYS = ("code", "name", "category", "quantity", "state", "case", "location", "seal", "oldest", "agency")

# The export: the list's columns, with the quantity as a number and its unit apart (the file is read back
# by the register import: evidence_store/exports/registers.py)
ITEM_EXPORT_COLUMNS = (
    ITEM_COLUMNS[:3]
    + (Column(N_("Số lượng"), lambda r: number_text(r.quantity), RIGHT, 80, kind="number", cell=lambda r: r.quantity),
       Column(N_("Đơn vị tính"), lambda r: r.unit, width=70))
    + ITEM_COLUMNS[4:6]
    # the file keeps the location's code (what an import reads back); the screen shows its name
    + (Column(N_("Vị trí"), lambda r: code_text(r.location_code) if r.location_code else "", width=120),)
    + ITEM_COLUMNS[7:]
)

CASE_COLUMNS = (
    Column(N_("Số vụ án"), lambda r: r.number, width=150),
    Column(N_("Tội danh"), lambda r: r.offence or r.title, width=300),
    Column(N_("Cơ quan thụ lý"), lambda r: r.handling_agency, width=140),
    Column(N_("Giai đoạn"), lambda r: stage_label(r.stage), width=90),
    Column(N_("Cán bộ thụ lý"), lambda r: r.officer, width=150),
    Column(N_("Số vật chứng"), lambda r: number_text(r.item_count), RIGHT, width=90, kind="int",
           cell=lambda r: r.item_count),
    Column(N_("Ngày khởi tố"), lambda r: date_text(r.opened_on), CENTER, width=95, kind="date",
           cell=lambda r: r.opened_on),
)


_COUNTS: dict = {}  # (database, user, filter, ledger head) → count


def _cached_count(ctx: AppContext, query: ItemQuery) -> int:
    """Item counts per user and filter, valid while the ledger head stays put (every change to an item
    appends an event, whichever workstation made it): counting a million rows at each screen opening or
    filter toggle was the slow part of the list at 1M items."""
    with ctx.reader() as uow:
        head = queries.ledger_head_seq(uow)
        key = (id(ctx.db), getattr(ctx.actor, "username", None), replace(query, order="newest"), head)
        count = _COUNTS.get(key)
        if count is None:
            if len(_COUNTS) > 64:
                _COUNTS.clear()
            count = _COUNTS[key] = queries.count_items(uow, query)
    return count


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
        return _cached_count(self.ctx, self.query)

    def _fetch_items(self, offset: int, limit: int):
        with self.ctx.reader() as uow:
            return queries.item_page(uow, self.query, offset, limit)


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
                self.ids = item_search.search_ids(uow, text, limit=self.LIMIT)
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
