"""The warehouse's location tree (kho → khu → dãy/kệ → tầng → ô) with occupancy and capacity.
A warehouse holds hundreds or thousands of locations, not millions: the tree is loaded whole — into flat lists
indexed by the location's place in them (issue #19: a LocationNode, its children list and its totals per location
were ~7 MB of the window at 14,412 locations; the same tree in flat lists and packed strings ~2 MB). A node is made when asked for."""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from evidence_store.describe import location_kind_label
from evidence_store.i18n import N_, _
from evidence_store.services import browse
from evidence_store.services.dto import LocationNode

from ..context import AppContext
from .format import code_text, number_text
from .paged import CENTER, LEFT, RIGHT

NODE_ROLE = Qt.ItemDataRole.UserRole  # the LocationNode
FILL_ROLE = Qt.ItemDataRole.UserRole + 2  # occupancy / capacity as a fraction, or None without capacity

HEADERS = (N_("Vị trí"), N_("Mã vị trí"), N_("Loại"), N_("Đang chứa"), N_("Mức sử dụng"))
ALIGN = (LEFT, LEFT, LEFT, RIGHT, CENTER)
NAME, CODE, KIND, COUNT, FILL = range(5)
NONE = -1  # no capacity / no parent in the flat arrays
LEAF: tuple[int, ...] = ()  # the children of a location without any (shared: most locations are bins)


class PackedStrings:
    """Many short strings as one string and their ends: ``packed[i]`` is a slice made when asked for. 14,412 codes
    and names as str objects were ~2 MB (50–100 bytes each); packed, ~0.4 MB."""

    __slots__ = ("_text", "_ends")

    def __init__(self, strings: list[str]) -> None:
        self._text = "".join(strings)
        self._ends = array("q")
        end = 0
        for s in strings:
            end += len(s)
            self._ends.append(end)

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, i: int) -> str:
        return self._text[self._ends[i - 1] if i else 0:self._ends[i]]


class LocationTreeModel(QAbstractItemModel):
    """An index's internalId is the location's place ``i`` in the flat lists (code order)."""

    def __init__(self, ctx: AppContext, warehouse_id: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.warehouse_id = warehouse_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        ids, own_cap, own_occ, parent_ids = array("q"), array("q"), array("q"), array("q")
        codes: list[str] = []
        names: list[str] = []
        kinds: list[str] = []
        with self.ctx.reader() as uow:
            for id_, code, name, kind, capacity, occupancy, parent_id in browse.location_rows(uow, self.warehouse_id):
                ids.append(id_)
                codes.append(code)
                names.append(name)
                kinds.append(sys.intern(kind))  # the kind once per kind, not once per row
                own_cap.append(NONE if capacity is None else capacity)
                own_occ.append(occupancy or 0)
                parent_ids.append(NONE if parent_id is None else parent_id)
        place = {id_: i for i, id_ in enumerate(ids)}
        n = len(ids)
        self._parent = array("q", (place.get(p, NONE) for p in parent_ids))  # a root's parent may lie outside it
        del place, parent_ids
        kids: list = [LEAF] * n
        roots: list[int] = []
        for i in range(n):
            p = self._parent[i]
            if p == NONE:
                roots.append(i)
            elif kids[p] is LEAF:
                kids[p] = [i]
            else:
                kids[p].append(i)
        self._row = array("q", bytes(8 * n))
        for siblings in [roots] + [k for k in kids if k is not LEAF]:
            for r, i in enumerate(siblings):
                self._row[i] = r
        self._ids, self._codes, self._names, self._kinds = ids, PackedStrings(codes), PackedStrings(names), kinds
        del codes, names
        self._own_capacity, self._own_occ = own_cap, own_occ
        order = sorted(range(n), key=ids.__getitem__)  # id → place by bisection, not a dict of 14,412 entries
        self._sorted_ids, self._places = array("q", (ids[i] for i in order)), array("q", order)
        self._kids = [k if k is LEAF else array("q", k) for k in kids]  # no int object per child
        self._roots = array("q", roots)
        self._occupancy, self._capacity = array("q", own_occ), array("q", own_cap)
        for i in reversed(self._preorder()):  # children before their parent: the branch's totals
            p = self._parent[i]
            if p != NONE:
                self._occupancy[p] += self._occupancy[i]
                if self._own_capacity[p] == NONE and self._capacity[i] > 0:  # a rack holds what its bins hold
                    self._capacity[p] = max(self._capacity[p], 0) + self._capacity[i]
        self.endResetModel()

    def _preorder(self) -> list[int]:
        out: list[int] = []
        pending = list(reversed(self._roots))
        while pending:
            i = pending.pop()
            out.append(i)
            pending.extend(reversed(self._kids[i]))
        return out

    def __len__(self) -> int:
        return len(self._ids)

    # -- lookups ----------------------------------------------------------------------------
    def _node_at(self, i: int) -> LocationNode:
        parent = self._parent[i]
        return LocationNode(self._ids[i], self._codes[i], self._names[i], self._kinds[i],
                            None if self._own_capacity[i] == NONE else self._own_capacity[i], self._own_occ[i],
                            None if parent == NONE else self._ids[parent])

    def _place_of(self, node_id: int) -> int:
        k = bisect_left(self._sorted_ids, node_id)
        if k == len(self._sorted_ids) or self._sorted_ids[k] != node_id:
            raise KeyError(node_id)
        return self._places[k]

    def _totals_at(self, i: int) -> tuple[int, int | None]:
        return self._occupancy[i], (None if self._capacity[i] == NONE else self._capacity[i])

    def node(self, index: QModelIndex) -> LocationNode | None:
        return self._node_at(index.internalId()) if index.isValid() else None

    def totals(self, node_id: int) -> tuple[int, int | None]:
        return self._totals_at(self._place_of(node_id))

    def index_of(self, node_id: int, column: int = 0) -> QModelIndex:
        try:
            i = self._place_of(node_id)
        except KeyError:
            return QModelIndex()
        return self.createIndex(self._row[i], column, i)

    def walk(self):
        """(node, depth) of every location, parents first, siblings in code order (the screen's export)."""
        depth = {NONE: -1}
        for i in self._preorder():
            depth[i] = depth[self._parent[i]] + 1
            yield self._node_at(i), depth[i]

    # -- Qt ---------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        siblings = self._roots if not parent.isValid() else self._kids[parent.internalId()]
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        p = self._parent[index.internalId()]
        if p == NONE:
            return QModelIndex()
        return self.createIndex(self._row[p], 0, p)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._roots)
        if parent.column() != 0:
            return 0
        return len(self._kids[parent.internalId()])

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
        if not index.isValid():
            return None
        i, col = index.internalId(), index.column()
        if not 0 <= i < len(self._ids):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(i, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(ALIGN[col])
        if role == Qt.ItemDataRole.ToolTipRole and col == NAME:  # the kind, where its column is hidden
            return f"{self._names[i]} — {location_kind_label(self._kinds[i])} ({code_text(self._codes[i])})"
        if role == Qt.ItemDataRole.ToolTipRole and col in (COUNT, FILL):
            return _("{count} vật chứng trong kho tại vị trí này và các vị trí con",
                     count=number_text(self._occupancy[i]))
        if role == NODE_ROLE:
            return self._node_at(i)
        if role == FILL_ROLE:
            occupancy, capacity = self._totals_at(i)
            return min(occupancy / capacity, 9.99) if capacity else None
        return None

    def _text(self, i: int, col: int) -> str:
        if col == NAME:
            return self._names[i]
        if col == CODE:
            return code_text(self._codes[i])
        if col == KIND:
            return location_kind_label(self._kinds[i])
        occupancy, capacity = self._totals_at(i)
        if col == COUNT:
            return f"{number_text(occupancy)} / {number_text(capacity)}" if capacity else number_text(occupancy)
        if col == FILL:
            return f"{round(100 * occupancy / capacity)}%" if capacity else ""
        return ""
