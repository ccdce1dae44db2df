"""The main window's screens, in navigation order (plain imports: a missing or broken screen fails at once)."""

from __future__ import annotations

from dataclasses import dataclass

from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_

from .admin import AdminScreen
from .audit import AuditScreen
from .cases import CasesScreen
from .disposal import DisposalScreen
from .home import HomeScreen
from .intake import IntakeScreen
from .item_view import ItemViewScreen
from .items import ItemsScreen
from .ledger import LedgerScreen
from .locations import LocationsScreen
from .release import ReleaseScreen
from .reports import ReportsScreen
from .search import SearchScreen
from .shelving import ShelvingScreen


@dataclass(frozen=True)
class Entry:
    key: str
    screen: type
    title: str  # Vietnamese msgid, translated when shown
    required_action: str | None = None  # overrides the class attribute when set
    in_navigation: bool = True


ENTRIES: tuple[Entry, ...] = (
    Entry("home", HomeScreen, N_("Trang chủ")),
    Entry("intake", IntakeScreen, N_("Nhập kho"), "receive_items"),
    Entry("shelving", ShelvingScreen, N_("Xếp kệ"), "move_items"),
    Entry("release", ReleaseScreen, N_("Xuất kho"), "release_items"),
    Entry("disposal", DisposalScreen, N_("Xử lý"), "record_disposal"),
    Entry("items", ItemsScreen, N_("Vật chứng")),
    Entry("cases", CasesScreen, N_("Vụ án")),
    Entry("locations", LocationsScreen, N_("Kho & vị trí")),
    Entry("audit", AuditScreen, N_("Kiểm kê"), "read_all"),
    Entry("search", SearchScreen, N_("Tìm kiếm")),
    Entry("ledger", LedgerScreen, N_("Sổ theo dõi"), "verify_ledger"),
    Entry("reports", ReportsScreen, N_("Báo cáo"), "view_reports"),
    Entry("admin", AdminScreen, N_("Quản trị"), "manage_users"),
    Entry("item_view", ItemViewScreen, N_("Vật chứng"), in_navigation=False),
)


def load(entry: Entry):
    """The screen class."""
    return entry.screen


def required_action(entry: Entry, cls) -> str | None:
    return entry.required_action or getattr(cls, "required_action", None)


def available(roles) -> list[tuple[Entry, type]]:
    """The screens this user may open, in order (permission-hidden ones left out)."""
    out = []
    for entry in ENTRIES:
        cls = load(entry)
        action = required_action(entry, cls)
        if action is None or allowed(roles, action):
            out.append((entry, cls))
    return out
