"""Báo cáo: the warehouse's figures at a glance — intake against disposal and their ratio, stock by age,
backlog ≥ 1 year by agency and stage, stock by category and location, deadlines kept or missed, overdue
releases — filtered by period, warehouse, agency and category; and the same report as PDF or XLSX.

The charts are the PDF's charts (same figures, titles and colours: evidence_store.printing.chart_data) drawn by
QPainter (ui/widgets/chart.py), without reportlab (issue #19)."""

from __future__ import annotations


from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from evidence_store.describe import category_label
from evidence_store.domain import chronology, periods
from evidence_store.domain.categories import CATEGORIES
from evidence_store.i18n import N_, _
from evidence_store.printing import chart_data
from evidence_store.services import browse, reports

from .. import dialogs, operations
from ..models.format import code_text, date_text, number_text
from ..models.paged import Column
from ..widgets.chart import ChartWidget
from ..widgets.row_table import RowTable
from ..widgets.flow import FlowLayout
from ..widgets.form import date_edit
from .base import Screen

CUSTOM = "custom"
RATIO_OK, RATIO_BAD = "#2e7d32", "#c62828"


def _ratio_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


OVERDUE_COLUMNS = (
    Column(N_("Mã vật chứng"), lambda r: code_text(r.code)), Column(N_("Tên vật chứng"), lambda r: r.name),
    Column(N_("Vụ án"), lambda r: r.case_number), Column(N_("Người giữ"), lambda r: r.holder),
    Column(N_("Cơ quan thụ lý"), lambda r: r.agency), Column(N_("Hạn trả"), lambda r: date_text(r.due_on)),
    Column(N_("Số ngày quá hạn"), lambda r: number_text(r.days_overdue)))


def _kpi(title: str, colour: str) -> tuple[QFrame, QLabel, QLabel]:
    frame = QFrame()
    frame.setObjectName("kpi")
    frame.setStyleSheet(f"QFrame#kpi {{ border: 1px solid #d0d0d0; border-left: 5px solid {colour};"
                        " border-radius: 4px; background: palette(base); }")
    box = QVBoxLayout(frame)
    box.setContentsMargins(10, 6, 10, 6)
    number = QLabel("0")
    number.setStyleSheet(f"font-size: 18pt; font-weight: bold; color: {colour}; border: none;")
    caption = QLabel(title)
    caption.setWordWrap(True)
    caption.setStyleSheet("border: none;")
    box.addWidget(number)
    box.addWidget(caption)
    return frame, number, caption


class ReportsScreen(Screen):
    nav_title = N_("Báo cáo")
    required_action = "view_reports"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.report: reports.Report | None = None
        self.charts: list[ChartWidget] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(self._filters())
        layout.addLayout(self._kpis())
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {RATIO_BAD}; font-weight: bold;")
        self.warning.hide()
        layout.addWidget(self.warning)
        self.scope_label = QLabel()  # a seat sees the figures of its own cases: said above the figures (issue 16)
        self.scope_label.setWordWrap(True)
        self.scope_label.setStyleSheet("color: #37474f; font-style: italic;")
        self.scope_label.hide()
        layout.addWidget(self.scope_label)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setHorizontalSpacing(18)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)
        self._set_period("month")
        self.load()

    # -- filters ----------------------------------------------------------------------------
    def _filters(self) -> FlowLayout:
        row = FlowLayout()  # wraps onto a second line at 1280 px (HANDS-ON 95)
        self.period_box = QComboBox()
        for kind in periods.PeriodKind:
            self.period_box.addItem(_(periods.PERIOD_LABELS[kind]), kind.value)
        self.period_box.addItem(_("Tùy chọn"), CUSTOM)
        self.period_box.setToolTip(_("Kỳ báo cáo"))
        self.period_box.currentIndexChanged.connect(lambda _i: self._set_period(self.period_box.currentData()))
        self.date_from, self.date_to = date_edit(), date_edit()
        self.warehouse_box = QComboBox()
        self.agency_box = QComboBox()
        self.category_box = QComboBox()
        self._fill_choices()
        self.show_button = QPushButton(_("Xem báo cáo"))
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.load)
        self.pdf_button = QPushButton(_("Xuất PDF…"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(_("Xuất Excel…"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        for w in (QLabel(_("Kỳ:")), self.period_box, self.date_from, QLabel("–"), self.date_to, self.warehouse_box,
                  self.agency_box, self.category_box, self.show_button):
            row.addWidget(w)
        row.addWidget(self.pdf_button)
        row.addWidget(self.xlsx_button)
        return row

    def _fill_choices(self) -> None:
        with self.ctx.reader() as uow:
            warehouses = browse.warehouses(uow)
            agencies = browse.agencies(uow)
        self.warehouse_box.addItem(_("Mọi kho"), None)
        for w in warehouses:
            self.warehouse_box.addItem(w.name, w.id)
        self.agency_box.addItem(_("Mọi cơ quan thụ lý"), None)
        for a in agencies:
            self.agency_box.addItem(a.short_name or a.name, a.id)
        self.category_box.addItem(_("Mọi loại"), None)
        for code in sorted(CATEGORIES, key=category_label):
            self.category_box.addItem(category_label(code), code)
        for box in (self.warehouse_box, self.agency_box, self.category_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(10)

    def _set_period(self, kind: str) -> None:
        custom = kind == CUSTOM
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if custom:
            return
        period = periods.period_containing(kind, chronology.today())
        self.date_from.setDate(QDate(period.first.year, period.first.month, period.first.day))
        self.date_to.setDate(QDate(period.last.year, period.last.month, period.last.day))

    def current_filter(self) -> reports.ReportFilter:
        return reports.ReportFilter(self.date_from.date().toPython(), self.date_to.date().toPython(),
                                    self.warehouse_box.currentData(), self.agency_box.currentData(),
                                    self.category_box.currentData())

    # -- figures ----------------------------------------------------------------------------
    def _kpis(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.kpi: dict[str, tuple[QLabel, QLabel]] = {}
        for key, title, colour in (("intake", _("Nhập kho trong kỳ"), "#1565c0"),
                                   ("out", _("Xử lý, chuyển kho trong kỳ"), "#ef6c00"),
                                   ("ratio", _("Tỷ lệ xử lý / nhập (≥ 0,75)"), RATIO_OK),
                                   ("held", _("Đang quản lý"), "#455a64"),
                                   ("backlog", _("Tồn đọng từ 1 năm trở lên"), "#6a1b9a"),
                                   ("overdue", _("Tạm xuất quá hạn"), "#c62828")):
            frame, number, caption = _kpi(title, colour)
            self.kpi[key] = (number, caption)
            row.addWidget(frame)
        return row

    def load(self) -> None:
        # the chart's fullest locations only, not all 14,412 of a million-item warehouse (issue #19)
        result = operations.query(self.ctx, reports.build_report, "summary", self.current_filter(), parent=self,
                                  occupancy_rows=chart_data.OCCUPANCY_TOP)
        if result.ok:
            self.show_report(result.value)

    def show_report(self, report: reports.Report) -> None:
        self.report = report
        values = {"intake": number_text(report.intake_total), "out": number_text(report.out_total),
                  "ratio": _ratio_text(report.ratio), "held": number_text(report.held_total),
                  "backlog": number_text(sum(r.count for r in report.backlog)),
                  "overdue": number_text(report.overdue_total)}
        for key, text in values.items():
            self.kpi[key][0].setText(text)
        colour = RATIO_BAD if report.ratio_warning else RATIO_OK
        self.kpi["ratio"][0].setStyleSheet(f"font-size: 18pt; font-weight: bold; color: {colour}; border: none;")
        self.warning.setVisible(report.ratio_warning)
        scope = report.extra.get("scope", "")
        self.scope_label.setText(scope)
        self.scope_label.setVisible(bool(scope))
        if report.ratio_warning:
            self.warning.setText(_("Cảnh báo: tỷ lệ xử lý / nhập kho {ratio} dưới {w} — kho sẽ quá tải nếu "
                                   "không đẩy nhanh việc xử lý vật chứng.", ratio=_ratio_text(report.ratio),
                                   w=_ratio_text(reports.RATIO_WARNING)))
        self._show_charts(report)

    def _show_charts(self, report) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.charts = [ChartWidget(c) for c in chart_data.report_charts(report, reports.RATIO_WARNING)]
        for n, chart in enumerate(self.charts):
            self.grid.addWidget(chart, n // 2, n % 2, Qt.AlignmentFlag.AlignTop)
        heading = QLabel(_("Vật chứng tạm xuất quá hạn trả ({n})", n=number_text(report.overdue_total)))
        heading.setStyleSheet("font-size: 11pt; font-weight: bold; margin-top: 8px;")
        rows = (len(self.charts) + 1) // 2
        self.grid.addWidget(heading, rows, 0, 1, 2)
        self.overdue_table = self._overdue_table(report)
        self.grid.addWidget(self.overdue_table, rows + 1, 0, 1, 2)

    def _overdue_table(self, report) -> RowTable:
        table = RowTable(OVERDUE_COLUMNS)
        table.show_rows(report.overdue)
        table.setMinimumHeight(220)
        table.resizeColumnsToContents()
        return table

    # -- files ------------------------------------------------------------------------------
    def export(self, kind: str) -> None:
        flt = self.current_filter()
        suggested = f"bao-cao-{flt.date_from:%Y%m%d}-{flt.date_to:%Y%m%d}.{kind}"
        filters = _("PDF (*.pdf)") if kind == "pdf" else _("Excel (*.xlsx)")
        path = dialogs.ask_save_path(_("Xuất báo cáo"), suggested, filters, self)
        if not path:
            return
        if not path.lower().endswith("." + kind):
            path += "." + kind
        from evidence_store.services.report_files import write_report
        report_kind = "agency" if flt.agency_id else "summary"
        self.last_export = operations.run_in_background(
            self.ctx, write_report, report_kind, flt, path, parent=self, write=False,
            label=_("Đang lập báo cáo…"), on_done=lambda r: self._exported(r, path))

    def _exported(self, result, path: str) -> None:
        if result.ok:
            dialogs.info(_("Đã lưu báo cáo vào tệp {path}", path=path), self)
