"""The main window's screens, in navigation order. A screen whose module is not there yet is
skipped silently (several engineers build screens at once; nothing half-built is shown)."""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    key: str
    module: str
    class_name: str
    title: str  # Vietnamese msgid, translated when shown
    required_action: str | None = None  # overrides the class attribute when set
    in_navigation: bool = True


ENTRIES: tuple[Entry, ...] = (
    Entry("home", "ui.screens.home", "HomeScreen", N_("Trang chủ")),
    Entry("intake", "ui.screens.intake", "IntakeScreen", N_("Nhập kho"), "receive_items"),
    Entry("shelving", "ui.screens.shelving", "ShelvingScreen", N_("Xếp kệ"), "move_items"),
    Entry("release", "ui.screens.release", "ReleaseScreen", N_("Xuất kho"), "release_items"),
    Entry("disposal", "ui.screens.disposal", "DisposalScreen", N_("Xử lý"), "record_disposal"),
    Entry("items", "ui.screens.items", "ItemsScreen", N_("Vật chứng")),
    Entry("cases", "ui.screens.cases", "CasesScreen", N_("Vụ án")),
    Entry("locations", "ui.screens.locations", "LocationsScreen", N_("Kho & vị trí")),
    Entry("audit", "ui.screens.audit", "AuditScreen", N_("Kiểm kê"), "read_all"),
    Entry("search", "ui.screens.search", "SearchScreen", N_("Tìm kiếm")),
    Entry("ledger", "ui.screens.ledger", "LedgerScreen", N_("Sổ theo dõi"), "verify_ledger"),
    Entry("reports", "ui.screens.reports", "ReportsScreen", N_("Báo cáo"), "view_reports"),
    Entry("admin", "ui.screens.admin", "AdminScreen", N_("Quản trị"), "manage_users"),
    # issue 13, after the screens with fixed function keys (F1…F12 keep their meaning, HANDS-ON 62)
    Entry("announced", "ui.screens.announced", "AnnouncedScreen", N_("Chờ nhập kho"), "receive_items"),
    Entry("inbox", "ui.screens.inbox", "InboxScreen", N_("Việc cần làm"), "read_tasks"),
    Entry("requests", "ui.screens.requests", "RequestsScreen", N_("Yêu cầu vật chứng"), "read_tasks"),
    Entry("register", "ui.screens.register", "RegisterScreen", N_("Biên bản"), "verify_ledger"),
    Entry("item_view", "ui.screens.item_view", "ItemViewScreen", N_("Vật chứng"), in_navigation=False),
)


def load(entry: Entry):
    """The screen class, or None while its module does not exist yet."""
    try:
        module = importlib.import_module(entry.module)
    except ModuleNotFoundError as exc:
        if exc.name != entry.module:
            raise  # the module exists but is broken: that must not be hidden
        return None
    cls = getattr(module, entry.class_name, None)
    if cls is None:
        log.info("screen %s.%s not available", entry.module, entry.class_name)
    return cls


def required_action(entry: Entry, cls) -> str | None:
    return entry.required_action or getattr(cls, "required_action", None)


def available(roles) -> list[tuple[Entry, type]]:
    """The screens this user may open, in order (permission-hidden ones left out)."""
    out = []
    for entry in ENTRIES:
        cls = load(entry)
        if cls is None:
            continue
        action = required_action(entry, cls)
        if action is None or allowed(roles, action):
            out.append((entry, cls))
    return out
