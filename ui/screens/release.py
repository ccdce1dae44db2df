"""Xuất kho screen: two modes on tabs — "Xuất kho" (temporary or permanent release of a scanned batch)
and "Nhận lại" (items coming back from a temporary release). Scans go to the open tab."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_, _

from .base import Screen
from .release_panels import ReleasePanel
from .return_panel import ReturnPanel


class ReleaseScreen(Screen):
    nav_title = N_("Xuất kho")
    required_action = "release_items"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        steps = QLabel(_("① Quét từng vật chứng, kiểm tra niêm phong   ② Chọn mục đích, người nhận, lệnh xuất kho   "
                         "③ Lưu (Ctrl+Enter) — rồi ký và in biên bản"))
        steps.setStyleSheet("font-size: 12pt;")
        steps.setWordWrap(True)
        layout.addWidget(steps)
        self.tabs = QTabWidget()
        self.release_panel = ReleasePanel(ctx, self)
        self.tabs.addTab(self.release_panel, _("Xuất kho"))
        self.return_panel = None
        if allowed(ctx.actor.roles, "return_items"):
            self.return_panel = ReturnPanel(ctx, self)
            self.tabs.addTab(self.return_panel, _("Nhận lại sau tạm xuất"))
        layout.addWidget(self.tabs, 1)
        self._keys = []
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.save)
            self._keys.append(shortcut)

    def show_mode(self, mode: str) -> QWidget:
        """"release" or "return": bring that tab forward."""
        panel = self.return_panel if mode == "return" and self.return_panel else self.release_panel
        self.tabs.setCurrentWidget(panel)
        return panel

    @property
    def panel(self):
        return self.tabs.currentWidget()

    def handle_scan(self, scan) -> bool:
        return self.panel.handle_scan(scan)

    def save(self) -> bool:
        return self.panel.save()
