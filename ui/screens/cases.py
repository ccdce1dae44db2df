"""Vụ án: the cases the user may see (officers: their own), and the selected case's items and
deadlines."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from evidence_store.i18n import N_, _
from evidence_store.domain.permissions import allowed
from evidence_store.services import browse, queries, responsibility
from evidence_store.services.browse import CaseQuery
from evidence_store.services.queries import ItemQuery

from .. import operations
from ..models.format import STAGE_LABELS, date_text, datetime_text, number_text, stage_label
from ..models.items import CASE_COLUMNS, CasesModel, ItemsModel
from ..widgets.export_button import ExportButton, ExportSource, pages
from .base import Screen
from .item_history import DeadlinesTable
from .listing import ItemTable, open_in_window


class CasesScreen(Screen):
    nav_title = N_("Vụ án")
    item_requested = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.item_requested.connect(lambda code: open_in_window(self, code))
        self.model = CasesModel(ctx, parent=self)
        self.table = ItemTable(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_case_at(cur.row()))
        self.items_model = ItemsModel(ctx, ItemQuery(case_id=-1), parent=self)
        self.items_table = ItemTable(self.items_model)
        self.items_table.activated_row.connect(self._open_item)
        self.deadlines = DeadlinesTable()
        self.case_label = QLabel(_("Chọn một vụ án để xem vật chứng và thời hạn"))
        self.case_label.setWordWrap(True)
        self.case_label.setTextFormat(Qt.TextFormat.RichText)
        self.count_label = QLabel()
        self._build()
        self._show_count()

    def _build(self) -> None:
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("Số vụ án, tên vụ án hoặc tội danh"))
        self.text.setClearButtonEnabled(True)
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.apply_filters)
        self.text.textChanged.connect(lambda _t: self.timer.start())
        self.stage_box = QComboBox()
        self.stage_box.addItem(_("Mọi giai đoạn"), None)
        for key, label in STAGE_LABELS.items():
            self.stage_box.addItem(_(label), key)
        self.agency_box = QComboBox()
        self.agency_box.addItem(_("Mọi cơ quan thụ lý"), None)
        with self.ctx.reader() as uow:
            for a in browse.agencies(uow):
                self.agency_box.addItem(a.short_name or a.name, a.id)
        self.order_box = QComboBox()
        self.order_box.addItem(_("Mới nhất trước"), "newest")
        self.order_box.addItem(_("Theo số vụ án"), "number")
        for box in (self.stage_box, self.agency_box, self.order_box):
            box.currentIndexChanged.connect(self.apply_filters)
        filters = QHBoxLayout()
        filters.addWidget(self.text, 2)
        for box in (self.stage_box, self.agency_box, self.order_box):
            filters.addWidget(box)
        self.export_button = ExportButton(self.ctx, self.export_source, "vu-an", self)
        filters.addWidget(self.export_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.count_label)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.items_table, _("Vật chứng"))
        self.tabs.addTab(self.deadlines, _("Thời hạn"))
        # who handled the case, stage by stage (issue 13), and the leader's assignment of its officer
        self.periods = QTableWidget(0, 5)
        self.periods.setHorizontalHeaderLabels([_("Cơ quan thụ lý"), _("Người thụ lý"), _("Từ"), _("Đến"),
                                                _("Biên bản chuyển giao")])
        self.periods.verticalHeader().hide()
        self.periods.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.periods.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.periods.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.periods, _("Thụ lý qua các giai đoạn"))
        self.assign_button = QPushButton(_("Phân công người thụ lý…"))
        self.assign_button.clicked.connect(lambda: self.assign_officer())
        self.assign_button.setVisible(allowed(self.ctx.actor.roles, "assign_officer"))
        self.assign_button.setEnabled(False)
        from .case_milestones import MilestonesPanel
        self.milestones = MilestonesPanel(self.ctx)
        self.milestones.changed.connect(self._milestone_added)
        self.tabs.addTab(self.milestones, _("Mốc tố tụng"))
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.case_label, 1)
        head.addWidget(self.assign_button)
        bottom_layout.addLayout(head)
        bottom_layout.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([300, 400])
        QVBoxLayout(self).addWidget(splitter)

    def export_source(self) -> ExportSource:
        q = self.model.query
        parts = [p for p in (q.text.strip(), self.stage_box.currentText() if q.stage else "",
                             self.agency_box.currentText() if q.agency_id else "") if p]
        return ExportSource(_("Danh sách vụ án"), "; ".join(parts) or _("tất cả vụ án"), CASE_COLUMNS,
                            lambda uow: pages(lambda o, n: browse.case_page(uow, q, o, n)),
                            lambda uow: browse.count_cases(uow, q))

    def apply_filters(self) -> None:
        self.model.set_query(CaseQuery(self.text.text(), self.agency_box.currentData(), self.stage_box.currentData(),
                                       self.order_box.currentData() or "newest"))
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(_("{n} vụ án", n=number_text(self.model.rowCount())))

    def show_case_at(self, row: int) -> None:
        case = self.model.row_at(row)
        if case is not None:
            self.show_case(case.id)

    def show_case(self, case_id: int) -> None:
        result = operations.query(self.ctx, browse.case_row, case_id, parent=self)
        if not result.ok:
            return
        case = result.value
        self.current_case = case
        self.case_label.setText(
            "<b>{number}</b> — {named}<br>{agency_label}: {agency} · {officer_label}: {officer} · "
            "{stage_label}: {stage} · {opened_label}: {opened}".format(
                # the case's name first, then its offence (HANDS-ON 14: the name was never shown)
                number=case.number, named=escape(" — ".join(t for t in (case.title, case.offence) if t)),
                agency_label=_("Cơ quan thụ lý"),
                agency=case.handling_agency, officer_label=_("Cán bộ thụ lý"), officer=case.officer or "—",
                stage_label=_("Giai đoạn"), stage=stage_label(case.stage), opened_label=_("Ngày khởi tố"),
                opened=date_text(case.opened_on) or "—"))
        waiting = operations.query(self.ctx, queries.case_awaiting_disposals, case_id, parent=self)
        if waiting.ok and waiting.value:  # approved, not carried out: the items are still in the warehouse
            self.case_label.setText(self.case_label.text() + "<br><span style='color:#8a4b00'>" + "; ".join(
                _("Đã duyệt xử lý, chờ thực hiện: biên bản {number} ({n} vật chứng)", number=number, n=n)
                for number, n in waiting.value) + "</span>")
        self.items_model.set_query(ItemQuery(case_id=case_id))
        deadlines = operations.query(self.ctx, queries.deadlines, case_id=case_id, parent=self)
        self.deadlines.show_deadlines(deadlines.value if deadlines.ok else [])
        history = operations.query(self.ctx, responsibility.history, case_id, parent=self)
        rows = history.value if history.ok else []
        self.periods.setRowCount(len(rows))
        for i, p in enumerate(rows):
            for col, text in enumerate((p.agency, p.officer or "—", datetime_text(p.started_at),
                                        datetime_text(p.ended_at) if p.ended_at else _("nay"), p.handover_number)):
                self.periods.setItem(i, col, QTableWidgetItem(text))
        self.assign_button.setEnabled(True)
        self.tabs.setTabText(0, _("Vật chứng ({n})", n=number_text(self.items_model.rowCount())))
        self.tabs.setTabText(1, _("Thời hạn ({n})", n=self.deadlines.rowCount()))
        self.milestones.show_case(case_id)
        # by the tab's widget: index 2 is «Thụ lý qua các giai đoạn», whose label it overwrote (issue 17)
        self.tabs.setTabText(self.tabs.indexOf(self.milestones),
                             _("Mốc tố tụng ({n})", n=self.milestones.table.rowCount()))

    def _milestone_added(self) -> None:
        """A milestone moves the stage: the list and the case line show it."""
        self.model.reload()
        if getattr(self, "current_case", None) is not None:
            self.show_case(self.current_case.id)

    def assign_officer(self, person_id=None) -> bool:
        """The agency's leader names the case's responsible officer among the agency's seats."""
        case = getattr(self, "current_case", None)
        if case is None:
            return False
        if person_id is None:
            from PySide6.QtWidgets import QInputDialog
            result = operations.query(self.ctx, responsibility.officers_of, self.ctx.actor.agency_id, parent=self)
            choices = result.value if result.ok else []
            if not choices:
                return False
            label, ok = QInputDialog.getItem(self, _("Phân công người thụ lý"), _("Người thụ lý vụ án {number}:",
                                             number=case.number), [c[1] for c in choices], 0, False)
            if not ok:
                return False
            person_id = next(c[0] for c in choices if c[1] == label)
        done = operations.perform(self.ctx, responsibility.assign_officer, case.id, person_id, parent=self)
        if done.ok:
            self.show_case(case.id)
        return done.ok

    def _open_item(self, row: int) -> None:
        item = self.items_model.row_at(row)
        if item is not None:
            self.item_requested.emit(item.code)

    def refresh(self, changes=None) -> None:
        self.model.reload()
        self.items_model.reload()
        self._show_count()
