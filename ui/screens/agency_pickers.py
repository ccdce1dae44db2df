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


AGENCY_CHARS = 22  # an agency combo's width in characters: long names elide in the field, whole in the list


def agency_combo(agencies, placeholder: str, kinds=None) -> QComboBox:
    """Agencies by name. The field is sized for AGENCY_CHARS characters, not for the longest name ("Cơ quan Cảnh
    sát điều tra Công an thành phố Hà Nội"), so a form beside a scan table leaves the table its room at 1366 px;
    the open list is as wide as its longest name, and the field's tooltip gives the chosen name whole."""
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(AGENCY_CHARS)
    box.currentIndexChanged.connect(lambda _i: box.setToolTip(box.currentText() if box.currentData() else ""))
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
    metrics = box.fontMetrics()
    widest = max((metrics.horizontalAdvance(box.itemText(i)) for i in range(box.count())), default=0)
    box.view().setMinimumWidth(widest + 32)


def select_data(box: QComboBox, value) -> None:
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)
