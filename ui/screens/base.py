"""The contract between the main window and its screens."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..context import AppContext


class Screen(QWidget):
    """A page of the main window's navigation.

    - ``nav_title``: the navigation label (Vietnamese source, translated with ``_()`` when shown);
    - ``required_action``: a permission action (evidence_store.domain.permissions) needed to see it, or None;
    - ``handle_scan(scan)`` receives the scan as read once (``ui.scan_value.Scan``: its kind decided) and
      returns True when the screen used it, else the main window opens the item / location / record scanned;
    - ``shows(changes)``: whether a change concerns what the screen shows (default: any change does);
    - ``refresh(changes)``: reload; called at once for the screen in view, and for a hidden screen when it is
      shown again, once, only if something it shows changed meanwhile (``ui.screen_refresh``): ``changes`` is
      None when the change came from elsewhere (the ledger head moved) — reload everything.
    - ``follows_ledger``: False for screens that show nothing the custody ledger records (no reload when only
      the ledger head moved).
    """

    nav_title = ""
    required_action: str | None = None
    follows_ledger = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def handle_scan(self, scan) -> bool:
        return False

    def shows(self, changes) -> bool:
        return True

    def refresh(self, changes=None) -> None:
        pass

    def activated(self) -> None:
        """Called when the user navigates to this screen."""
