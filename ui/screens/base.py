"""The contract between the main window and its screens."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..context import AppContext


class Screen(QWidget):
    """A page of the main window's navigation.

    - ``nav_title``: the navigation label (Vietnamese source, translated with ``_()`` when shown);
    - ``required_action``: a permission action (evidence_store.domain.permissions) needed to see it, or None;
    - ``handle_scan(code)`` returns True when the screen used the scan, else the main window opens
      the item / location / handover whose code was scanned;
    - ``refresh(changes)`` is called from AppSignals.changes_applied while the screen exists.
    """

    nav_title = ""
    required_action: str | None = None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def handle_scan(self, code: str) -> bool:
        return False

    def refresh(self, changes=None) -> None:
        pass

    def activated(self) -> None:
        """Called when the user navigates to this screen."""
