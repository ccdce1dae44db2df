"""Agency pickers of the lifecycle forms: the agencies loaded once per form, a combo box of them by kind, and the
data of its selected entry."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from evidence_store.services import browse

from .. import operations
from ..context import AppContext


def load_agencies(ctx: AppContext) -> list:
    result = operations.query(ctx, browse.agencies)
    return result.value if result.ok else []


def agency_combo(agencies, placeholder: str, kinds=None) -> QComboBox:
    box = QComboBox()
    fill_agencies(box, agencies, placeholder, kinds)
    return box


def fill_agencies(box: QComboBox, agencies, placeholder: str, kinds=None) -> None:
    current = box.currentData()
    box.clear()
    box.addItem(placeholder, None)
    for a in agencies:
        if kinds is None or a.kind in kinds:
            box.addItem(a.name, a.id)
    index = box.findData(current)
    box.setCurrentIndex(index if index >= 0 else 0)


def select_data(box: QComboBox, value) -> None:
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)
