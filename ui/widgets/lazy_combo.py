"""A combo box whose long list of choices is read when the user first reaches for it — the popup opened, the box
focused (arrow keys and typed letters walk the list), the wheel turned over it — or when code looks a choice up.

Issue #19 (resident memory with the main lists open ≤ 150 MB at a million items): the items screen's filter by
location offers every location of the warehouse (14,412 at 1M); reading that tree when the screen was built cost
~7 MB of the clerk's window (the tree's peak in Python is not given back to the system), for a filter most
sessions never open. Until then the box holds its first choices only ("Mọi vị trí")."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from ..models.choices import ChoiceModel

Loader = Callable[[], Iterable[tuple[str, Any]]]


class LazyChoiceBox(QComboBox):
    """``first``: the choices shown at once; ``load()``: the rest, as (label, data), read once."""

    def __init__(self, first: Iterable[tuple[str, Any]], load: Loader, parent=None) -> None:
        super().__init__(parent)
        self.setModel(ChoiceModel(list(first), self))
        self._load: Loader | None = load

    @property
    def loaded(self) -> bool:
        return self._load is None

    def ensure_loaded(self) -> None:
        if self._load is None:
            return
        load, self._load = self._load, None
        self.model().extend(load())

    # -- every way a user reaches the list -----------------------------------------------------
    def showPopup(self) -> None:  # noqa: N802 (Qt)
        self.ensure_loaded()
        super().showPopup()

    def focusInEvent(self, event) -> None:  # noqa: N802
        self.ensure_loaded()
        super().focusInEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        self.ensure_loaded()
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        self.ensure_loaded()
        super().keyPressEvent(event)

    # -- and code looking a choice up -----------------------------------------------------------
    def findData(self, data, role: int = Qt.ItemDataRole.UserRole, flags=Qt.MatchFlag.MatchExactly  # noqa: N802
                 | Qt.MatchFlag.MatchCaseSensitive) -> int:
        self.ensure_loaded()
        return super().findData(data, role, flags)
