"""A combo box's long list of choices (the items list's filter by location: every location of the warehouse,
14,413 at a million items) as two Python lists behind a QAbstractListModel.

Issue #19 (resident memory with the main lists open ≤ 150 MB): ``QComboBox.addItem`` kept a QStandardItem
per choice, with its roles and a copy of the label; at 14,413 locations that was ~4 MB of the items screen."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt


class ChoiceModel(QAbstractListModel):
    """(label, data) pairs: the label shown, the data answered as ``currentData()`` / found by ``findData``."""

    def __init__(self, choices: Sequence[tuple[str, Any]] = (), parent=None) -> None:
        super().__init__(parent)
        self._labels: list[str] = [label for label, _data in choices]
        self._data: list[Any] = [data for _label, data in choices]

    def extend(self, choices: Sequence[tuple[str, Any]]) -> None:
        choices = list(choices)
        if not choices:
            return
        first = len(self._labels)
        self.beginInsertRows(QModelIndex(), first, first + len(choices) - 1)
        self._labels.extend(label for label, _data in choices)
        self._data.extend(data for _label, data in choices)
        self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._labels)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._labels):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._labels[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return self._data[index.row()]
        return None
