"""The main window: navigation (F1…), the screens, the always-visible scan field, the status bar.

A scan arriving anywhere goes first to the active screen's ``handle_scan``; when the screen does not
use it, the window opens the item (or location) with the right scan outcome and sound.
"""

from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QStackedWidget, QWidget)

from evidence_store.domain.permissions import ROLE_LABELS, Role
from evidence_store.i18n import C_, _, language, set_language

from . import lock, dialogs, qt_translations
from .context import AppContext
from .main_toolbar import MainToolbar
from .models.format import code_text
from .scan_feedback import Outcome, ScanSounds
from .scan_filter import ScanFilter
from .screen_refresh import ScreenRefresh
from .scan_router import Lookup, lookup
from .scan_value import Scan, read_scan
from .screens import registry
from .screen_map import LazyScreens
from .screens.base import Screen
from .session_actions import SessionActions

PREFERRED_SIZE = (1400, 880)

NAV_WIDTH = 210


def database_label(url: str) -> str:
    """The database for the status bar, without any password in the URL."""
    if url.startswith("sqlite"):
        return url.split("///", 1)[-1]
    head, _sep, tail = url.rpartition("@")
    return tail if head else url


def roles_text(roles) -> str:
    return ", ".join(_(ROLE_LABELS[Role(r)]) for r in sorted(roles) if r in Role._value2member_map_)


class MainWindow(SessionActions, QMainWindow):
    logged_out = Signal()
    language_changed = Signal(str)
    database_replaced = Signal()  # a backup was restored: ui/app.py reopens the database before the login

    def __init__(self, ctx: AppContext, *, scan_filter: ScanFilter | None = None, sounds: ScanSounds | None = None,
                 idle_minutes: float | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.sounds = sounds
        self.screens: LazyScreens = LazyScreens()  # built on first navigation
        self.entries: list[registry.Entry] = []
        self.last_lookup: Lookup | None = None
        self.history: list[Screen] = []  # screens shown before the current one (Back)
        self.screen_refresh = ScreenRefresh(self._ledger_head)  # hidden screens reload when shown, if changed
        self._scan_opening = False
        self.locked = False
        self._own_filter = scan_filter is None
        self.scan_filter = scan_filter or ScanFilter(self).install()
        self._closed = False
        self._confirmed = False  # the user already agreed to lose unsaved work (logout)
        self.scan_filter.scanned.connect(self.on_scan)
        self.scan_filter.unreadable.connect(self.on_unreadable_scan)
        ctx.signals.changes_applied.connect(self._on_changes)
        self.idle = lock.IdleLock(lock.idle_minutes(ctx) if idle_minutes is None else idle_minutes, self)
        self.idle.expired.connect(self.lock_screen)
        self._language = language()
        self._fit_to_screen()
        self._build()

    def _fit_to_screen(self) -> None:
        """1400×880 where the screen allows it, never larger than the screen's free area (a 1366×768 or
        1280×720 office screen showed the right edge of the toolbar and tables cut off), centred on it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        free = screen.availableGeometry() if screen is not None else None
        if free is None or free.isEmpty():
            self.resize(1400, 880)
            return
        self.resize(min(PREFERRED_SIZE[0], free.width()), min(PREFERRED_SIZE[1], free.height()))
        self.move(free.x() + (free.width() - self.width()) // 2, free.y() + (free.height() - self.height()) // 2)

    # -- building (again after a language switch) ------------------------------------------
    def _build(self) -> None:
        # the application's display name ("Kho Vật Chứng") is added by Qt: the title names the warehouse only
        self.setWindowTitle(self.ctx.warehouse_name or _("Kho Vật Chứng"))
        self.toolbar = MainToolbar(self.ctx.actor.full_name or self.ctx.actor.username, self, sounds=self.sounds)
        self.addToolBar(self.toolbar)
        self.toolbar.code_entered.connect(self.on_scan)
        self.toolbar.language_chosen.connect(self.switch_language)
        self._fill_user_menu()
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav = self._navigation()
        self.stack = QStackedWidget()
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self._add_screens()
        self._status_bar()
        self._shortcuts()
        self.nav.setCurrentRow(0)

    def _navigation(self) -> QListWidget:
        nav = QListWidget()
        nav.setObjectName("navigation")
        nav.setFixedWidth(NAV_WIDTH)
        nav.setStyleSheet("QListWidget { font-size: 11pt; border: none; background: palette(alternate-base); }"
                          "QListWidget::item { padding: 9px 10px; }"
                          "QListWidget::item:selected { background: #1565c0; color: white; }")
        nav.currentRowChanged.connect(self._show_row)
        return nav

    def _add_screens(self) -> None:
        for entry, cls in registry.available(self.ctx.actor.roles):
            self.screens.add(entry.key, lambda cls=cls: self._make_screen(cls))
            if entry.in_navigation:
                self.entries.append(entry)
                place = [e.key for e in registry.ENTRIES if e.in_navigation].index(entry.key) + 1
                key_hint = f"F{place}" if place <= 12 else ""
                item = QListWidgetItem(C_("nav", entry.title))  # "Cases", not "Case" (HANDS-ON 68)
                item.setData(Qt.ItemDataRole.UserRole, entry.key)
                item.setToolTip(key_hint)
                self.nav.addItem(item)

    def _make_screen(self, cls) -> Screen:
        screen = cls(self.ctx, self.stack)
        if hasattr(screen, "item_requested"):  # lists ask the window to open an item
            screen.item_requested.connect(self.open_code)
        self.stack.addWidget(screen)
        return screen

    def _status_bar(self) -> None:
        bar = self.statusBar()
        actor = self.ctx.actor
        who = _("Người dùng: {name} ({roles})", name=actor.full_name or actor.username, roles=roles_text(actor.roles))
        self.status_labels = []  # only ours: QStatusBar keeps internal labels of its own
        for text in (who, _("Kho: {name}", name=self.ctx.warehouse_name),
                     _("CSDL: {db}", db=database_label(self.ctx.db.url))):
            label = QLabel(text)
            label.setStyleSheet("padding: 0 10px;")
            bar.addPermanentWidget(label)
            self.status_labels.append(label)

    def _shortcuts(self) -> None:
        """F1… always mean the same screen (its place in the full navigation), whatever the role;
        a key whose screen this user does not have does nothing (HANDS-ON 62)."""
        self._keys = []
        mine = {e.key for e in self.entries}
        for i, entry in enumerate([e for e in registry.ENTRIES if e.in_navigation][:12]):
            if entry.key in mine:
                self._keys.append(self._shortcut(f"F{i + 1}", lambda key=entry.key: self.navigate_by_key(key)))
        self._keys.append(self._shortcut("Alt+Left", self.go_back))
        self._keys.append(self._shortcut("Ctrl+F", self.open_search))
        self._keys.append(self._shortcut("Ctrl+L", self.focus_scan_field))

    def _shortcut(self, keys: str, slot) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def _teardown(self) -> None:
        for shortcut in self._keys:
            shortcut.setParent(None)
            shortcut.deleteLater()
        self.removeToolBar(self.toolbar)
        self.toolbar.deleteLater()
        for label in self.status_labels:
            self.statusBar().removeWidget(label)
            label.deleteLater()
        old = self.takeCentralWidget()
        old.deleteLater()
        self.history.clear()
        self.screen_refresh.clear()
        self.screens.clear()
        self.entries.clear()

    # -- navigation ----------------------------------------------------------------------
    @property
    def nav_titles(self) -> list[str]:
        return [self.nav.item(i).text() for i in range(self.nav.count())]

    @property
    def current_key(self) -> str:
        return next((k for k, s in self.screens.items() if s is self.stack.currentWidget()), "")

    def current_screen(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def navigate(self, key: str) -> Screen | None:
        keys = [e.key for e in self.entries]
        if key in keys:
            if self.nav.currentRow() == keys.index(key):
                self._show_row(keys.index(key))  # clicking the highlighted entry again still shows it
            else:
                self.nav.setCurrentRow(keys.index(key))
        elif key in self.screens:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(-1)  # no entry stays highlighted over the item view
            self.nav.blockSignals(False)
            self._activate(self.screens[key])
        return self.screens.get(key)

    def navigate_by_key(self, key: str) -> Screen | None:
        """F1…: the screen, with the keyboard in its first field — the focus stayed in the scan field, so what the
        user typed next went there (three Tabs to reach the screen; issue 17). A screen that placed it keeps it."""
        screen = self.navigate(key)
        if screen is None or screen.isAncestorOf(QApplication.focusWidget() or self):
            return screen
        widget = screen.nextInFocusChain()
        while widget is not None and widget is not screen:
            if screen.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() and \
                    widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                break
            widget = widget.nextInFocusChain()
        return screen

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self._activate(self.screens[self.entries[row].key])
            if not self._scan_opening:  # the last scan's message belongs to the screen it was made on
                self.toolbar.indicator.calm_and_clear()

    def _activate(self, screen: Screen) -> None:
        current = self.current_screen()
        if current is not None and current is not screen:
            self.history.append(current)
            del self.history[:-20]
        self.stack.setCurrentWidget(screen)
        self._catch_up(screen)
        screen.activated()

    def go_back(self) -> None:
        """Alt+Left and the item view's «Quay lại»: the screen shown before this one."""
        while self.history:
            screen = self.history.pop()
            key = next((k for k, s in self.screens.items() if s is screen), "")
            if key:
                keys = [e.key for e in self.entries]
                if key in keys:
                    self.nav.blockSignals(True)
                    self.nav.setCurrentRow(keys.index(key))
                    self.nav.blockSignals(False)
                self.stack.setCurrentWidget(screen)
                self._catch_up(screen)
                screen.activated()
                return

    def open_search(self) -> None:
        screen = self.navigate("search")
        if screen is None:
            self.focus_scan_field()

    def focus_scan_field(self) -> None:
        self.toolbar.scan_field.setFocus()
        self.toolbar.scan_field.selectAll()

    def _on_changes(self, changes) -> None:
        """The screen in view refreshes now if it shows what changed; a hidden one when it is shown again, once,
        and only if something it shows changed meanwhile (ui.screen_refresh)."""
        self.screen_refresh.changed(changes, list(self.screens.values()), self.current_screen())

    def _catch_up(self, screen: Screen) -> None:
        self.screen_refresh.shown(screen)

    def _ledger_head(self) -> int:
        from evidence_store.services import queries
        with self.ctx.reader() as uow:
            return queries.ledger_head_seq(uow)

    # -- scanning ------------------------------------------------------------------------
    def on_scan(self, scan: Scan | str) -> None:
        """The scan filter's ``Scan`` (read once there; a text from a caller is read here) to the screen in view,
        which decides what it means; else the item, location or record it names opens."""
        if self.locked or QApplication.activeModalWidget() is not None:
            return
        scan = read_scan(scan)  # a Scan is returned as is
        screen = self.current_screen()
        if screen is not None and screen.handle_scan(scan):
            # the screen tells this scan in its own banner: the top bar's message was about an earlier one
            # («Không đọc trọn mã quét …» stayed after the rescan succeeded, issue #12)
            self.toolbar.indicator.calm_and_clear()
            return
        self.open_code(scan)

    def on_unreadable_scan(self, text: str) -> None:
        """A scanner burst without its Enter: dropped by the filter; say so instead of typing it."""
        if self._closed:
            return
        self.toolbar.indicator.show_outcome(Outcome.UNKNOWN, code=text)
        self.toolbar.indicator.setText(_("Không đọc trọn mã quét «{code}»: hãy quét lại", code=text))

    def open_code(self, code: str) -> Lookup:
        found = lookup(self.ctx, read_scan(code))
        self.last_lookup = found
        if found.outcome is Outcome.FOUND:
            self._scan_opening = True
            try:
                self._open_found(found)
            finally:
                self._scan_opening = False
        self.show_outcome(found)
        return found

    def show_outcome(self, found: Lookup) -> None:
        indicator = self.toolbar.indicator
        if found.outcome is Outcome.FOUND and found.found is not None:
            indicator.show_outcome(Outcome.FOUND)
            indicator.setText(f"{_('Đã tìm thấy')}: {code_text(found.code)} — {found.found.name}")
        elif found.outcome is Outcome.REFUSED:
            indicator.show_outcome(found.outcome, reason=f"{code_text(found.code)} — {found.reason}")
        else:
            indicator.show_outcome(found.outcome, code=code_text(found.code))

    def _open_found(self, found: Lookup) -> None:
        if found.kind == "record":  # a record's QR: open it, with the paper compared (issue 13)
            from .screens.result_bar import open_handover
            self.last_record_dialog = open_handover(self.ctx, found.found.handover_number, self)
            self.last_record_dialog.show_paper_check(found.found)
        elif found.kind == "item" and "item_view" in self.screens:
            view = self.navigate("item_view")
            if found.found is not None and hasattr(view, "show_detail"):
                view.show_detail(found.found)  # the scan's lookup read the item and its history (issue #19)
            else:
                view.show_item(found.code)
        elif found.kind == "location" and hasattr(self.screens.get("locations"), "show_location"):
            self.navigate("locations").show_location(found.code)

    def switch_language(self, lang: str) -> None:
        """Rebuild in the other language. Screens that can carry their work over (``work_state`` /
        ``restore_work``) keep it; others with unsaved data make the switch ask first."""
        losing = [s for s in self.unsaved_screens() if not hasattr(s, "work_state")]
        if losing and not dialogs.confirm(_("Đổi ngôn ngữ sẽ bỏ phiếu đang lập dở. Vẫn đổi?"), self,
                                           yes=_("Đổi ngôn ngữ"), no=_("Tiếp tục lập")):
            self.toolbar.language.setCurrentIndex(max(0, self.toolbar.language.findData(self._language)))
            return
        key = self.current_key
        kept = {k: s.work_state() for k, s in self.screens.items() if hasattr(s, "work_state")}
        set_language(lang)
        qt_translations.install(lang)
        self._language = lang
        self._teardown()
        self._build()
        for k, state in kept.items():
            if state and k in self.screens:
                self.screens[k].restore_work(state)
        if key:
            self.navigate(key)
        self.language_changed.emit(lang)

    def closeEvent(self, event) -> None:
        if not self._closed and not self._confirmed and not self.confirm_losing_work():
            event.ignore()
            return
        if not self._closed:
            self._closed = True
            self.idle.stop()
            self.scan_filter.scanned.disconnect(self.on_scan)
            self.scan_filter.unreadable.disconnect(self.on_unreadable_scan)
            if self._own_filter:
                self.scan_filter.uninstall()
            self.ctx.signals.changes_applied.disconnect(self._on_changes)
        super().closeEvent(event)
