"""Kho & vị trí: the location tree with occupancy bars, the items at the selected location, and
location labels (100×50 mm or A4 sheets) for a location or a whole branch."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QStyledItemDelegate,
                               QTreeView, QVBoxLayout, QWidget)

from evidence_store.describe import location_kind_label
from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_, _
from evidence_store.services import browse, queries
from evidence_store.services.queries import ItemQuery

from .. import operations
from ..models.format import code_text, number_text
from ..models.items import ItemsModel

ITEM_NAME, ITEM_KIND, ITEM_PLACE = 1, 2, 6  # ui.models.items.ITEM_COLUMNS
from ..scan_value import Scan, receives_scan
from ..models.paged import Column
from ..models.locations import CODE, COUNT, FILL, FILL_ROLE, KIND, NODE_ROLE, LocationTreeModel
from .base import Screen
from .listing import ItemTable, open_in_window
from ..widgets.export_button import ExportButton, ExportSource

LOCATION_EXPORT_COLUMNS = (  # rows: (node, depth, branch occupancy, branch capacity)
    Column(N_("Mã vị trí"), lambda r: code_text(r[0].code), width=120),
    Column(N_("Tên vị trí"), lambda r: "   " * r[1] + r[0].name, width=220),
    Column(N_("Loại vị trí"), lambda r: location_kind_label(r[0].kind), width=120),
    Column(N_("Sức chứa"), lambda r: number_text(r[3]), width=80, kind="int", cell=lambda r: r[3]),
    Column(N_("Đang chứa"), lambda r: number_text(r[2]), width=80, kind="int", cell=lambda r: r[2]),
    Column(N_("Mức sử dụng"), lambda r: "", width=80, kind="percent",
           cell=lambda r: r[2] / r[3] if r[3] else None),
)


class OccupancyDelegate(QStyledItemDelegate):
    """A bar for the share of the capacity in use: green, amber from 80 %, red when full."""

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        fill = index.data(FILL_ROLE)
        if fill is None:
            return super().paint(painter, option, index)
        painter.save()
        rect = QRectF(option.rect).adjusted(4, 5, -4, -5)
        painter.setPen(QColor("#9e9e9e"))
        painter.setBrush(QColor("#f5f5f5"))
        painter.drawRect(rect)
        colour = "#c62828" if fill >= 1 else "#f9a825" if fill >= 0.8 else "#43a047"
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRect(QRectF(rect.x() + 1, rect.y() + 1, max(0.0, (rect.width() - 1) * min(fill, 1.0)),
                                rect.height() - 1))
        painter.setPen(QColor("#212121"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, index.data())
        painter.restore()

    def sizeHint(self, option, index: QModelIndex):  # noqa: N802 (Qt)
        size = super().sizeHint(option, index)
        size.setHeight(max(size.height(), 24))
        return size


class LocationsScreen(Screen):
    nav_title = N_("Kho & vị trí")
    item_requested = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.item_requested.connect(lambda code: open_in_window(self, code))
        self.model = LocationTreeModel(ctx, parent=self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 4px 0; }")
        self.tree.setItemDelegateForColumn(FILL, OccupancyDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # at 1366 px the names («Kho vật chứng Công an thành phố Hà Nội», «Phòng bảo quản ma túy, chất cấm») were cut
        # to leave room for the kind, which the names already say: the kind goes to the name's tooltip, the code and
        # the count take their text's width, the tree pane the width its names need (issue 17)
        self.tree.setColumnHidden(KIND, True)
        for col in (CODE, COUNT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(FILL, 90)
        self.tree.expandToDepth(1)
        self.tree.selectionModel().currentChanged.connect(lambda cur, _prev: self._select(cur))
        self.items_model = ItemsModel(ctx, ItemQuery(location_id=-1), parent=self)
        self.items_table = ItemTable(self.items_model)
        self.items_table.activated_row.connect(self._open_item)
        self.items_table.setColumnHidden(ITEM_PLACE, True)  # every row is at the place selected
        self.title = QLabel(_("Chọn một vị trí để xem vật chứng đang để tại đó"))
        self.title.setStyleSheet("font-weight: bold")
        self.title.setWordWrap(True)
        self._build()

    def _build(self) -> None:
        buttons = QHBoxLayout()
        roles = self.ctx.actor.roles if self.ctx.actor else ()
        self.print_one = QPushButton(_("In nhãn vị trí"))
        self.print_branch = QPushButton(_("In nhãn cả nhánh"))
        self.print_one.clicked.connect(lambda: self.print_labels(branch=False))
        self.print_branch.clicked.connect(lambda: self.print_labels(branch=True))
        can_print = allowed(roles, "print_location_labels")
        for b in (self.print_one, self.print_branch):
            b.setVisible(can_print)
            b.setEnabled(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.export_button = ExportButton(self.ctx, self.export_source, "vi-tri", self)
        buttons.addWidget(self.export_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.items_table, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.tree_width(), 520])
        self.splitter = splitter
        QVBoxLayout(self).addWidget(splitter)

    def tree_width(self) -> int:
        """The width at which every name shown, its code, count and bar fit without cutting."""
        names = self.tree.sizeHintForColumn(0)
        others = sum(self.tree.sizeHintForColumn(c) if c != FILL else self.tree.columnWidth(FILL)
                     for c in (CODE, COUNT, FILL))
        return names + others + self.tree.verticalScrollBar().sizeHint().width() + 2 * self.tree.frameWidth() + 8

    def export_source(self) -> ExportSource:
        """Every location, parents first, with the totals of its branch as the tree shows them."""
        model = self.model
        rows = [(n, depth, *model.totals(n.id)) for n, depth in model.walk()]
        return ExportSource(_("Danh sách vị trí kho"), _("tất cả vị trí đang dùng"), LOCATION_EXPORT_COLUMNS,
                            lambda _uow: iter(rows), lambda _uow: len(rows))

    # -- selection --------------------------------------------------------------------------
    def _select(self, index: QModelIndex) -> None:
        node = index.data(NODE_ROLE) if index.isValid() else None
        for b in (self.print_one, self.print_branch):
            b.setEnabled(node is not None)
        if node is None:
            return
        self.current = node
        self.items_model.set_query(ItemQuery(location_id=node.id))
        self._fit_item_columns()
        occupancy, capacity = self.model.totals(node.id)
        here = self.items_model.rowCount()
        self.title.setText(_("{name} ({code}) — {here} vật chứng tại vị trí này; cả nhánh: {total}{cap}",
                             name=node.name, code=code_text(node.code), here=number_text(here),
                             total=number_text(occupancy),
                             cap=(" / " + number_text(capacity)) if capacity else ""))

    def _fit_item_columns(self) -> None:
        """The items' names whole ("Ô tô Hyundai HD72 (ô tô tải) BKS 29B-711.94"), the kind at its text's width."""
        table = self.items_table
        for col, least, most in ((ITEM_NAME, 260, 420), (ITEM_KIND, 60, 160)):
            width = table.sizeHintForColumn(col)
            table.setColumnWidth(col, max(least, min(most, width + 8)) if width > 0 else least)

    def show_location(self, code: str) -> bool:
        result = operations.query(self.ctx, queries.location_by_code, code, parent=self)
        if not result.ok:
            return False
        index = self.model.index_of(result.value.id)
        self.tree.scrollTo(index)
        self.tree.setCurrentIndex(index)
        return True

    def _open_item(self, row: int) -> None:
        item = self.items_model.row_at(row)
        if item is not None:
            self.item_requested.emit(item.code)

    @receives_scan
    def handle_scan(self, scan: Scan) -> bool:
        if scan.is_location:
            self.show_location(str(scan))
            return True
        return False

    def refresh(self, changes=None) -> None:
        current = getattr(self, "current", None)
        self.model.reload()
        self.tree.expandToDepth(1)
        if current is not None:
            self.tree.setCurrentIndex(self.model.index_of(current.id))

    # -- labels -----------------------------------------------------------------------------
    def label_codes(self, branch: bool) -> list[str]:
        with self.ctx.reader() as uow:
            if branch:
                return [r.code for r in browse.locations_under(uow, self.current.id)]
        return [self.current.code]

    def print_labels(self, branch: bool) -> None:
        """Render the labels (the service checks the permission) and save the PDF for printing."""
        if getattr(self, "current", None) is None:
            return
        from evidence_store.services.printing import location_labels_pdf  # reportlab: loaded when needed
        result = operations.query(self.ctx, location_labels_pdf, self.label_codes(branch), parent=self)
        if not result.ok:
            return
        from ..widgets.print_preview import PrintPreviewDialog
        PrintPreviewDialog(result.value, _("Nhãn vị trí"), f"nhan-vi-tri-{self.current.code}.pdf", self).exec()
