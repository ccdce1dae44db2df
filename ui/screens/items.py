"""Vật chứng: every item the user may see, filtered and sorted, in a windowed list that stays
instant at a million rows; export of the current list to CSV or Excel."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from evidence_store.describe import category_label, location_kind_label, state_label
from evidence_store.domain.categories import CATEGORIES
from evidence_store.domain.permissions import allowed
from evidence_store.domain.states import State
from evidence_store.i18n import N_, _
from evidence_store.services import browse, queries
from evidence_store.services.queries import ItemQuery

from .. import operations, print_actions
from ..models.format import number_text, vn_sorted
from ..models.items import ITEM_EXPORT_COLUMNS, ITEM_SORT_KEYS, ItemsModel
from ..scan_value import Scan, receives_scan
from ..widgets.export_button import ExportButton, ExportSource
from ..widgets.lazy_combo import LazyChoiceBox
from .base import Screen
from .listing import ItemTable, open_in_window
from evidence_store.domain import chronology

AGES = (  # label, received_after (days ago), received_before (days ago)
    (N_("Mọi thời gian"), None, None),
    (N_("Nhập trong 30 ngày"), 30, None),
    (N_("Nhập trong 1 năm"), 365, None),
    (N_("Tồn từ 1 năm trở lên"), None, 365),
    (N_("Tồn từ 3 năm trở lên"), None, 3 * 365),
)
ORDERS = (("newest", N_("Mới nhập trước")), ("oldest", N_("Nhập trước trước")), ("name", N_("Tên (A–Z)")),
          ("code", N_("Mã vật chứng")))


def _combo(entries, tooltip: str, box: QComboBox | None = None) -> QComboBox:
    box = box if box is not None else QComboBox()
    box.setToolTip(tooltip)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    for label, data in entries:
        box.addItem(label, data)
    return box


class ItemsScreen(Screen):
    nav_title = N_("Vật chứng")
    item_requested = Signal(str)  # an item code to open (main window → ItemViewScreen.show_item)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.item_requested.connect(lambda code: open_in_window(self, code))
        self.model = ItemsModel(ctx, parent=self)
        self.header_order: str | None = None  # set by a click on a column header; the order box resets it
        self.table = ItemTable(self.model)
        self.table.activated_row.connect(self._open_row)
        header = self.table.horizontalHeader()  # sorting by a click on a column header (HANDS-ON 25)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # no arrow until a header is clicked
        header.sortIndicatorChanged.connect(self._sort_by_header)
        self.count_label = QLabel()
        self._build_filters()
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._show_count()

    def _build_filters(self) -> None:
        self.state_box = _combo([(_("Mọi trạng thái"), None)] + [(state_label(s), s.value) for s in State],
                                _("Trạng thái"))
        cats = vn_sorted(CATEGORIES, key=category_label)
        self.category_box = _combo([(_("Mọi loại"), None)] + [(category_label(c), c) for c in cats], _("Loại"))
        self.agency_box = _combo([(_("Mọi cơ quan thụ lý"), None)], _("Cơ quan thụ lý"))
        # every location of the warehouse (14,412 at 1M), read when the user first opens the box (issue #19)
        self.location_box = _combo([], _("Vị trí"), LazyChoiceBox([(_("Mọi vị trí"), None)], self._location_choices))
        self.age_box = _combo([(_(label), (a, b)) for label, a, b in AGES], _("Thời gian lưu kho"))
        self.order_box = _combo([(_(label), key) for key, label in ORDERS], _("Sắp xếp"))
        self.order_box.activated.connect(self._order_chosen)
        self.case_edit = QComboBox()
        self.case_edit.setEditable(True)
        self.case_edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.case_edit.lineEdit().setPlaceholderText(_("Vụ án: số, tên hoặc tội danh"))
        self.case_edit.setToolTip(_("Gõ số vụ án hoặc vài chữ của tên vụ án, có dấu hay không dấu, rồi Enter"))
        self.case_edit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.case_edit.setMinimumContentsLength(14)
        self.case_edit.view().setMinimumWidth(420)
        self.case_edit.lineEdit().returnPressed.connect(self.apply_filters)
        self.case_edit.activated.connect(lambda _i: self.apply_filters())
        self.export_button = ExportButton(self.ctx, self.export_source, "vat-chung", self)
        self.import_button = QPushButton(_("Nhập từ sổ cũ…"))
        self.import_button.setToolTip(_("Nhập vật chứng, vụ án, người từ sổ theo dõi cũ hoặc tệp Excel / CSV"))
        self.import_button.clicked.connect(self.open_import)
        self.import_button.setVisible(allowed(self.ctx.actor.roles, "import_registers")
                                      and allowed(self.ctx.actor.roles, "receive_items"))
        self.book_button = QPushButton(_("In sổ theo dõi…"))  # was CLI-only (HANDS-ON 28)
        self.book_button.clicked.connect(lambda: print_actions.ask_and_print_ledger_book(self.ctx, self))
        self.filters = QGridLayout()  # two rows: the row of eight controls did not fit 1280 px (HANDS-ON 95)
        self.filters.setContentsMargins(0, 0, 0, 0)
        self.location_box.view().setMinimumWidth(360)
        placed = ((self.state_box, 0, 0), (self.category_box, 0, 1), (self.case_edit, 0, 2), (self.location_box, 0, 3),
                  (self.agency_box, 1, 0), (self.age_box, 1, 1), (self.order_box, 1, 2))
        for w, row, col in placed:
            self.filters.addWidget(w, row, col)
            if w is not self.case_edit:
                w.currentIndexChanged.connect(self.apply_filters)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        self.filters.addLayout(buttons, 1, 3)
        for col in range(4):
            self.filters.setColumnStretch(col, 1)
        self._fill_choices()

    def _fill_choices(self) -> None:
        with self.ctx.reader() as uow:
            agencies = browse.agencies(uow)
            cases = browse.case_choices(uow)
        for a in vn_sorted(agencies, key=lambda a: a.short_name or a.name):
            self.agency_box.addItem(a.short_name or a.name, a.id)
        for case_id, number, title in cases:
            self.case_edit.addItem(f"{number} — {title}" if title else number, case_id)
        self.case_edit.setCurrentIndex(-1)
        self.case_edit.setEditText("")

    def _location_choices(self) -> list[tuple[str, int]]:
        with self.ctx.reader() as uow:
            tree = queries.location_tree(uow)
        return [("   " * depth + f"{node.name} ({location_kind_label(node.kind)})", node.id)
                for node, depth in _walk(tree)]

    # -- filters ----------------------------------------------------------------------------
    def current_query(self) -> ItemQuery:
        after, before = self.age_box.currentData() or (None, None)
        today = chronology.today()
        return ItemQuery(state=self.state_box.currentData(), category=self.category_box.currentData(),
                         case_ids=self._case_ids(), location_id=self.location_box.currentData(),
                         agency_id=self.agency_box.currentData(),
                         received_after=today - timedelta(days=after) if after else None,
                         received_before=today - timedelta(days=before) if before else None,
                         order=self.header_order or self.order_box.currentData() or "newest")

    def _case_ids(self) -> tuple[int, ...] | None:
        """The cases the Vụ án field names: a picked entry, an exact number, or every case whose
        number, title or offence holds the typed words, accents ignored; () when none does."""
        text = self.case_edit.currentText().strip()
        if not text:
            return None
        picked = self.case_edit.currentData()
        if picked is not None and self.case_edit.itemText(self.case_edit.currentIndex()) == text:
            return (picked,)
        with self.ctx.reader() as uow:
            return browse.case_ids_matching(uow, text.split(" — ")[0] if " — " in text else text)

    def _sort_by_header(self, column: int, order) -> None:
        if column < 0:
            return
        key = ITEM_SORT_KEYS[column] if column < len(ITEM_SORT_KEYS) else "newest"
        descending = order == Qt.SortOrder.DescendingOrder
        if key == "oldest":
            self.header_order = "newest" if descending else "oldest"
        else:
            self.header_order = f"{key}-desc" if descending else key
        self.apply_filters()

    def _order_chosen(self, _index: int) -> None:
        self.header_order = None
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.apply_filters()

    def apply_filters(self) -> None:
        self.model.set_query(self.current_query())
        self._show_count()

    def show_filtered(self, state: str | None = None, held_years: int | None = None) -> None:
        """From a home card: the list with only that state / items held that long (HANDS-ON 7)."""
        for box in (self.category_box, self.location_box, self.agency_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.case_edit.setEditText("")
        self.state_box.blockSignals(True)
        self.state_box.setCurrentIndex(max(0, self.state_box.findData(state)) if state else 0)
        self.state_box.blockSignals(False)
        self.age_box.blockSignals(True)
        self.age_box.setCurrentIndex(next((i for i in range(self.age_box.count())
                                           if (self.age_box.itemData(i) or (None, None))[1] == 365 * held_years), 0)
                                     if held_years else 0)
        self.age_box.blockSignals(False)
        self.apply_filters()

    def set_location(self, location_id: int) -> None:
        i = self.location_box.findData(location_id)
        if i >= 0:
            self.location_box.setCurrentIndex(i)

    def _show_count(self) -> None:
        self.count_label.setText(_("{n} vật chứng", n=number_text(self.model.rowCount())))

    # -- opening, scanning, refreshing ------------------------------------------------------
    def _open_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is not None:
            self.item_requested.emit(item.code)

    @receives_scan
    def handle_scan(self, scan: Scan) -> bool:
        """A location code filters the list to that location; an item code is left to the main
        window, which opens the item with the scan's sound."""
        if scan.is_location:
            result = operations.query(self.ctx, queries.location_by_code, str(scan), parent=self)
            if result.ok:
                self.set_location(result.value.id)
            return True
        return False

    def refresh(self, changes=None) -> None:
        self.model.reload()
        self._show_count()

    # -- export -----------------------------------------------------------------------------
    def filters_text(self) -> str:
        """The filters chosen, in words (the title row of the exported file)."""
        parts = [box.currentText() for box in (self.state_box, self.category_box, self.location_box, self.agency_box,
                                                self.age_box) if box.currentData() not in (None, (None, None))]
        if self.case_edit.currentText().strip():
            parts.append(_("Vụ án: {number}", number=self.case_edit.currentText().strip()))
        return "; ".join(p.strip() for p in parts) or _("tất cả vật chứng")

    def export_source(self) -> ExportSource:
        query = self.current_query()
        return ExportSource(_("Danh sách vật chứng"), self.filters_text(), ITEM_EXPORT_COLUMNS,
                            lambda uow: browse.iter_items(uow, query), lambda uow: queries.count_items(uow, query))

    def open_import(self):
        from .import_wizard import ImportWizard
        self.wizard = ImportWizard(self.ctx, self)
        self.wizard.open()
        return self.wizard

    def export(self, fmt: str = "xlsx", separator: str = ";"):
        """Export the list as shown (the button's menu chooses the format)."""
        self.last_export = self.export_button.export(fmt, separator)
        return self.last_export


def _walk(nodes, depth: int = 0):
    for n in nodes:
        yield n, depth
        yield from _walk(n.children, depth + 1)
