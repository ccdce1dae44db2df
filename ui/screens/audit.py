"""Kiểm kê: the audits and the zone schedule; blind counting by scanning (scan a location, then everything
found there — only what was scanned is shown, with the app's colour and sound per scan; every scan is saved
as it happens, so counting resumes after a restart); reconciliation, resolution of each discrepancy by a
recorded act, the signed record (biên bản kiểm kê) and the XLSX export."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from evidence_store.domain import audit as audit_rules
from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_, _
from evidence_store.services import audit_export
from evidence_store.services import audit_read
from evidence_store.services import audit_resolution

from .. import dialogs, operations
from ..models.format import code_text, date_text, datetime_text, number_text
from .base import Screen
from .audit_tables import RESULT_COLOURS, SHOWN_LINES, fill_table, new_table, push_button, schedule_table, show_schedule
from .audit_counting import AuditCounting


class AuditScreen(AuditCounting, Screen):
    nav_title = N_("Kiểm kê")
    required_action = "read_all"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.number: str | None = None
        self.audits: list = []
        self.lines: list = []
        self.zones: list = []
        self.stack = QStackedWidget()
        self.list_page, self.count_page, self.result_page = self._list_page(), self._count_page(), self._result_page()
        for page in (self.list_page, self.count_page, self.result_page):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.stack)
        self.refresh()

    def can(self, action: str) -> bool:
        return allowed(self.ctx.actor.roles, action)

    # -- the list of audits and the schedule ---------------------------------------------------------
    def _list_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Kiểm kê kho: các đợt kiểm kê"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        col.addWidget(title)
        self.audit_table = new_table((N_("Số"), N_("Hình thức"), N_("Phạm vi"), N_("Trạng thái"), N_("Cần kiểm"),
                                      N_("Lượt quét"), N_("Chưa xử lý"), N_("Mở lúc")), 2)
        self.audit_table.doubleClicked.connect(lambda _i: self.open_selected())
        col.addWidget(self.audit_table, 3)
        row = QHBoxLayout()
        self.plan_button = push_button(_("Mở đợt kiểm kê mới…"), self.plan, bold=True)
        self.open_button = push_button(_("Kiểm đếm / xem kết quả"), self.open_selected)
        self.print_button = push_button(_("In biên bản"), lambda: self.print_record(self._selected_number()))
        self.export_button = push_button(_("Xuất Excel"), lambda: self.export(self._selected_number()))
        self.plan_button.setVisible(self.can("plan_audit"))
        row.addWidget(self.plan_button)
        row.addStretch(1)
        for b in (self.open_button, self.print_button, self.export_button):
            row.addWidget(b)
        col.addLayout(row)
        heading = QLabel(_("Lịch kiểm kê định kỳ theo khu"))
        heading.setStyleSheet("font-size: 12pt; font-weight: bold; margin-top: 8px;")
        col.addWidget(heading)
        self.schedule_table = schedule_table()
        col.addWidget(self.schedule_table, 2)
        row = QHBoxLayout()
        self.schedule_button = push_button(_("Đặt chu kỳ…"), self.set_schedule)
        self.schedule_button.setVisible(self.can("plan_audit"))
        row.addStretch(1)
        row.addWidget(self.schedule_button)
        col.addLayout(row)
        return page

    def refresh(self, changes=None) -> None:
        result = operations.query(self.ctx, audit_read.list_audits, parent=self)
        if result.ok:
            self.audits = result.value
            fill_table(self.audit_table, [(a.number, _(audit_rules.AUDIT_KIND_LABELS[audit_rules.AuditKind(a.kind)]), a.scope,
                                           _(audit_rules.AUDIT_STATUS_LABELS[audit_rules.AuditStatus(a.status)]), number_text(a.sample_size),
                                           number_text(a.scans), number_text(a.unresolved), datetime_text(a.created_at))
                                          for a in self.audits])
        result = operations.query(self.ctx, audit_read.schedule, parent=self)
        if result.ok:
            self.zones = result.value
            show_schedule(self.schedule_table, self.zones)
        if self.number and self.stack.currentWidget() is self.result_page:
            self.show_results()

    def _selected_number(self) -> str | None:
        rows = self.audit_table.selectionModel().selectedRows()
        if not rows:
            return self.number
        return self.audits[rows[0].row()].number

    def plan(self) -> None:
        from .audit_dialogs import PlanDialog
        dialog = PlanDialog(self.ctx, self)
        if dialog.exec() and dialog.result_changes is not None:
            x = dialog.result_changes.extra
            dialogs.info(_("Đã mở đợt kiểm kê {number}: tổng thể {population}, cần kiểm {n}.",
                            number=x["audit_number"], population=x["population"], n=x["sample_size"]), self)
            self.refresh()
            self.open(x["audit_number"])

    def set_schedule(self) -> None:
        from .audit_dialogs import ScheduleDialog
        if self.zones and ScheduleDialog(self.ctx, self.zones, self).exec():
            self.refresh()

    def open_selected(self) -> None:
        number = self._selected_number()
        if number:
            self.open(number)

    def open(self, number: str) -> None:
        """Counting while the audit counts (the scans of this auditor, resumed), else its results."""
        self.number = number
        status = next((a.status for a in self.audits if a.number == number), None)
        if status is None:
            result = operations.query(self.ctx, audit_read.audit_detail, number, parent=self)
            status = result.value.status if result.ok else None
        if status == audit_rules.AuditStatus.COUNTING and self.can("count_audit"):
            self.start_counting()
        else:
            self.show_results()

    def back(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.refresh()

    # -- reconciliation and resolution ----------------------------------------------------------------
    def _result_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        self.result_title = QLabel()
        self.result_title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.result_title.setWordWrap(True)
        col.addWidget(self.result_title)
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.totals_label.setTextFormat(Qt.TextFormat.RichText)
        col.addWidget(self.totals_label)
        self.only_discrepancies = QCheckBox(_("Chỉ hiện chênh lệch"))
        self.only_discrepancies.setChecked(True)
        self.only_discrepancies.toggled.connect(lambda _c: self.show_results())
        col.addWidget(self.only_discrepancies)
        self.line_table = new_table((N_("Dòng"), N_("Mã"), N_("Vật chứng"), N_("Kết quả"), N_("Theo sổ sách"),
                                     N_("Thực tế"), N_("Chi tiết"), N_("Xử lý")), 2)
        self.line_table.doubleClicked.connect(lambda _i: self.resolve_selected())
        col.addWidget(self.line_table, 1)
        row = QHBoxLayout()
        self.resolve_button = push_button(_("Xử lý chênh lệch…"), self.resolve_selected, bold=True)
        self.recount_button = push_button(_("Yêu cầu đếm lại"), self.recount_selected)
        self.close_button = push_button(_("Kết thúc, ký biên bản…"), self.close_audit, bold=True)
        self.resolve_button.setVisible(self.can("resolve_audit"))
        self.recount_button.setVisible(self.can("plan_audit"))
        self.close_button.setVisible(self.can("close_audit"))
        for b in (self.resolve_button, self.recount_button):
            row.addWidget(b)
        row.addStretch(1)
        for b in (push_button(_("Về danh sách"), self.back), push_button(_("In biên bản"), lambda: self.print_record(self.number)),
                  push_button(_("Xuất Excel"), lambda: self.export(self.number)), self.close_button):
            row.addWidget(b)
        col.addLayout(row)
        return page

    def show_results(self) -> None:
        self.stack.setCurrentWidget(self.result_page)
        result = operations.query(self.ctx, audit_read.audit_detail, self.number, parent=self)
        if not result.ok:
            return
        d = self.detail = result.value
        self.result_title.setText(_("{number} — {scope} — {status}", number=d.number, scope=d.scope,
                                    status=_(audit_rules.AUDIT_STATUS_LABELS[audit_rules.AuditStatus(d.status)])))
        self.totals_label.setText(" · ".join(
            f'<span style="background:{RESULT_COLOURS[r.value]}">&nbsp;{_(audit_rules.RESULT_LABELS[r])}: '
            f'<b>{number_text(d.totals.get(r.value, 0))}</b>&nbsp;</span>' for r in audit_rules.RESULT_ORDER))
        only = self.only_discrepancies.isChecked()
        lines = operations.query(self.ctx, audit_read.audit_lines, self.number, discrepancies_only=only,
                                 limit=None if only else SHOWN_LINES, parent=self)
        if not lines.ok:
            return
        self.lines = lines.value
        if not only and sum(d.totals.values()) > len(self.lines):
            self.totals_label.setText(self.totals_label.text() + "<br/>" + _(
                "Đang hiện {n} dòng đầu; xuất Excel để xem đủ {total} dòng.", n=number_text(len(self.lines)),
                total=number_text(sum(d.totals.values()))))
        fill_table(self.line_table, [(l.line_no, code_text(l.code), l.name or _("(mã không có trong hệ thống)"),
                                      _(audit_rules.RESULT_LABELS[audit_rules.Result(l.result)]), self._place(l.expected_code, l.expected_name),
                                      self._place(l.found_code, l.found_name), audit_export._detail_text(l), self._resolution(l))
                                     for l in self.lines],
                   background=lambda r: RESULT_COLOURS.get(self.lines[r].result))
        counting = d.status == audit_rules.AuditStatus.COUNTING
        self.resolve_button.setEnabled(d.status == audit_rules.AuditStatus.RECONCILED)
        self.close_button.setEnabled(d.status == audit_rules.AuditStatus.RECONCILED)
        self.recount_button.setEnabled(d.status != audit_rules.AuditStatus.CLOSED and not counting)

    @staticmethod
    def _place(code: str, name: str) -> str:
        return f"{name} ({code_text(code)})" if code else ""

    @staticmethod
    def _resolution(l) -> str:
        if l.recount_requested:
            return _("chờ đếm lại")
        if not l.resolution:
            return _("chưa xử lý") if audit_rules.Result(l.result) in audit_rules.DISCREPANCIES else ""
        text = _(audit_rules.RESOLUTION_LABELS[audit_rules.Resolution(l.resolution)])
        return f"{text} ({l.resolution_ref})" if l.resolution_ref else text

    def _selected_line(self):
        rows = self.line_table.selectionModel().selectedRows()
        if not rows:
            dialogs.info(_("Chọn một dòng trong bảng kết quả."), self)
            return None
        return self.lines[rows[0].row()]

    def resolve_selected(self, line=None):
        from .audit_dialogs import ResolveDialog
        line = line or self._selected_line()
        if line is None:
            return None
        if audit_rules.Result(line.result) not in audit_rules.DISCREPANCIES or line.resolution:
            dialogs.info(_("Dòng {line} không có chênh lệch cần xử lý.", line=line.line_no), self)
            return None
        dialog = ResolveDialog(self.ctx, self.number, line, self)
        self.last_dialog = dialog
        if dialog.exec():
            self.show_results()
        return dialog

    def recount_selected(self) -> None:
        line = self._selected_line()
        if line is None:
            return
        if not dialogs.confirm(_("Yêu cầu đếm lại dòng {line} ({code})? Đợt kiểm kê trở lại kiểm đếm cho dòng này.",
                                  line=line.line_no, code=line.code), self):
            return
        result = operations.perform(self.ctx, lambda uow, n: audit_resolution.request_recount(uow, n, line.line_no, ""), self.number,
                                    parent=self)
        if result.ok:
            self.refresh()
            self.start_counting()

    def close_audit(self) -> None:
        from .audit_dialogs import CloseDialog
        dialog = CloseDialog(self.ctx, self.detail, self)
        self.last_dialog = dialog
        if dialog.exec():
            self.refresh()
            self.show_results()
            self.print_record(self.number)

    # -- printing and export --------------------------------------------------------------------------
    def record_pdf(self, number: str) -> bytes | None:
        result = operations.query(self.ctx, audit_export.audit_record_pdf, number, parent=self)
        return result.value if result.ok else None

    def print_record(self, number: str | None) -> None:
        if not number:
            return
        pdf = self.record_pdf(number)
        if pdf is None:
            return
        from ..widgets.print_preview import PrintPreviewDialog
        safe = number.replace("/", "-")
        self.last_preview = PrintPreviewDialog(pdf, _("Biên bản kiểm kê {number}", number=number),
                                               f"bien-ban-kiem-ke-{safe}.pdf", self)
        self.last_preview.exec()

    def export(self, number: str | None) -> None:
        if not number:
            return
        path = dialogs.ask_save_path(_("Xuất kết quả kiểm kê"), f"kiem-ke-{number.replace('/', '-')}.xlsx",
                                      _("Tệp Excel (*.xlsx)"), self)
        if not path:
            return
        result = operations.query(self.ctx, audit_export.audit_xlsx, number, parent=self)
        if result.ok:
            from pathlib import Path
            try:
                Path(path).write_bytes(result.value)
            except OSError as exc:
                dialogs.warn(_("Không ghi được tệp {path}: {reason}", path=path, reason=exc.strerror or str(exc)), self)
                return
            dialogs.info(_("Đã xuất {path}", path=path), self)
