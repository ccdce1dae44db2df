"""The warehouse's location tree (kho → khu → dãy/kệ → tầng → ô) with occupancy and capacity.
A warehouse holds hundreds or thousands of locations, not millions: the tree is loaded whole."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from evidence_store.describe import location_kind_label
from evidence_store.i18n import N_, _
from evidence_store.services import queries
from evidence_store.services.dto import LocationNode

from ..context import AppContext
from .format import code_text, number_text
from .paged import CENTER, LEFT, RIGHT

NODE_ROLE = Qt.ItemDataRole.UserRole  # the LocationNode
FILL_ROLE = Qt.ItemDataRole.UserRole + 2  # occupancy / capacity as a fraction, or None without capacity

HEADERS = (N_("Vị trí"), N_("Mã vị trí"), N_("Loại"), N_("Đang chứa"), N_("Mức sử dụng"))
ALIGN = (LEFT, LEFT, LEFT, RIGHT, CENTER)
NAME, CODE, KIND, COUNT, FILL = range(5)


@dataclass(slots=True)
class _Totals:
    occupancy: int
    capacity: int | None
    parent_id: int | None  # the parent in this tree (a root's parent may lie outside it): one dict, not two (#19)


class LocationTreeModel(QAbstractItemModel):
    def __init__(self, ctx: AppContext, warehouse_id: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.warehouse_id = warehouse_id
        self._roots: list[LocationNode] = []
        self._nodes: dict[int, LocationNode] = {}
        self._totals: dict[int, _Totals] = {}
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        with self.ctx.reader() as uow:
            self._roots = queries.location_tree(uow, self.warehouse_id)
        self._nodes.clear()
        self._totals.clear()
        for root in self._roots:
            self._register(root, None)
        self.endResetModel()

    def _register(self, node: LocationNode, parent_id: int | None) -> _Totals:
        self._nodes[node.id] = node
        occupancy, capacity = node.occupancy or 0, node.capacity
        child_capacity = 0
        for child in node.children:
            t = self._register(child, node.id)
            occupancy += t.occupancy
            child_capacity += t.capacity or 0
        if capacity is None and child_capacity:
            capacity = child_capacity  # a rack's capacity is what its bins hold
        totals = self._totals[node.id] = _Totals(occupancy, capacity, parent_id)
        return totals

    # -- lookups ----------------------------------------------------------------------------
    def node(self, index: QModelIndex) -> LocationNode | None:
        return self._nodes.get(index.internalId()) if index.isValid() else None

    def totals(self, node_id: int) -> tuple[int, int | None]:
        t = self._totals[node_id]
        return t.occupancy, t.capacity

    def index_of(self, node_id: int, column: int = 0) -> QModelIndex:
        node = self._nodes.get(node_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(self._row_in_parent(node_id), column, node_id)

    def _siblings(self, parent_id: int | None) -> list[LocationNode]:
        return self._roots if parent_id is None else self._nodes[parent_id].children

    def _row_in_parent(self, node_id: int) -> int:
        siblings = self._siblings(self._totals[node_id].parent_id)
        return next(i for i, n in enumerate(siblings) if n.id == node_id)

    # -- Qt ---------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        siblings = self._roots if not parent.isValid() else self._nodes[parent.internalId()].children
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row].id)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        totals = self._totals.get(index.internalId())
        parent_id = totals.parent_id if totals is not None else None
        if parent_id is None:
            return QModelIndex()
        return self.createIndex(self._row_in_parent(parent_id), 0, parent_id)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._roots)
        if parent.column() != 0:
            return 0
        return len(self._nodes[parent.internalId()].children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(HEADERS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(ALIGN[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        node = self._nodes.get(index.internalId()) if index.isValid() else None
        if node is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(node, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(ALIGN[col])
        if role == Qt.ItemDataRole.ToolTipRole and col == NAME:  # the kind, where its column is hidden
            return f"{node.name} — {location_kind_label(node.kind)} ({code_text(node.code)})"
        if role == Qt.ItemDataRole.ToolTipRole and col in (COUNT, FILL):
            return _("{count} vật chứng trong kho tại vị trí này và các vị trí con",
                     count=number_text(self._totals[node.id].occupancy))
        if role == NODE_ROLE:
            return node
        if role == FILL_ROLE:
            occupancy, capacity = self.totals(node.id)
            return min(occupancy / capacity, 9.99) if capacity else None
        return None

    def _text(self, node: LocationNode, col: int) -> str:
        occupancy, capacity = self.totals(node.id)
        if col == NAME:
            return node.name
        if col == CODE:
            return code_text(node.code)
        if col == KIND:
            return location_kind_label(node.kind)
        if col == COUNT:
            return f"{number_text(occupancy)} / {number_text(capacity)}" if capacity else number_text(occupancy)
        if col == FILL:
            return f"{round(100 * occupancy / capacity)}%" if capacity else ""
        return ""
