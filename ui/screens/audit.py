"""Kiểm kê: the audits and the zone schedule; blind counting by scanning (scan a location, then everything
found there — only what was scanned is shown, with the app's colour and sound per scan; every scan is saved
as it happens, so counting resumes after a restart); reconciliation, resolution of each discrepancy by a
recorded act, the signed record (biên bản kiểm kê) and the XLSX export."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton, QStackedWidget,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from evidence_store.domain import audit as audit_rules
from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_, _
from evidence_store.services import audit_count
from evidence_store.services import audit_export
from evidence_store.services import audit_read
from evidence_store.services import audit_reconcile, audit_resolution
from evidence_store.services.commands import AuditScanInput

from .. import dialogs, operations
from ..models.format import code_text, date_text, datetime_text, number_text
from ..scan_feedback import Outcome, ScanIndicator
from .base import Screen

RESULT_COLOURS = {"found": "#e8f5e9", "wrong_place": "#fff8e1", "missing": "#ffebee", "unexpected": "#fff3e0",
                  "unknown": "#fbe9e7", "absent_expected": "#eceff1", "seal_broken": "#fce4ec",
                  "quantity_differs": "#f3e5f5", "seal_not_checked": "#fce4ec",
                  "measure_not_taken": "#fff3e0"}
SCAN_OUTCOMES = {  # service outcome → (scan feedback, words)
    "location": (Outcome.FOUND, N_("Vị trí: {name} — quét các vật chứng tại đây")),
    "recorded": (Outcome.FOUND, N_("Đã ghi: {code} — {name}")),
    "duplicate": (Outcome.DUPLICATE, N_("Đã quét {code} trong đợt này")),
    "unknown": (Outcome.UNKNOWN, N_("Mã {code} không có trong hệ thống — đã ghi lại")),
    "invalid": (Outcome.INVALID_CHECK, N_("Mã không hợp lệ (sai ký tự kiểm tra): {code}")),
    "no_location": (Outcome.WRONG_PLACE, N_("Hãy quét mã vị trí trước khi quét vật chứng")),
    "out_of_scope": (Outcome.WRONG_PLACE, N_("Vị trí {name} ngoài phạm vi đợt kiểm kê này")),
}
OUTCOME_WORDS = {"location": N_("Vị trí"), "recorded": N_("Đã ghi"), "duplicate": N_("Quét trùng"),
                 "unknown": N_("Mã lạ"), "invalid": N_("Mã sai"), "no_location": N_("Chưa quét vị trí"),
                 "out_of_scope": N_("Ngoài phạm vi")}


def _table(headers, stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels([_(h) for h in headers])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(48)
    table.setProperty("stretch_column", stretch)
    return table


MAX_COLUMN = 230
SHOWN_LINES = 5000  # every line of a 100,000-item audit is in the XLSX export; the screen shows the first ones


def _fill(table: QTableWidget, rows, background=None) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        colour = background(r) if background else None
        for c, text in enumerate(cells):
            item = QTableWidgetItem(str(text))
            item.setToolTip(str(text))
            if colour:
                item.setBackground(QColor(colour))
            table.setItem(r, c, item)
    stretch = table.property("stretch_column")
    for c in range(table.columnCount()):  # to their contents, none wider than MAX_COLUMN (the text is in the tooltip)
        if c != stretch:
            table.resizeColumnToContents(c)
            table.setColumnWidth(c, min(table.columnWidth(c), MAX_COLUMN))
    _leave_room(table, stretch)


def _leave_room(table: QTableWidget, stretch, room: int = 220) -> None:
    """At 1366×768 the places and details took the width and left the item's name 48 px («Tiền …»): the wide
    columns give up width in proportion until the stretching one has ``room`` (issue 17)."""
    width = table.viewport().width() or table.width()
    if stretch is None or width < 600:  # not laid out yet: nothing to share
        return
    others = [c for c in range(table.columnCount()) if c != stretch]
    over = sum(table.columnWidth(c) for c in others) + room - width
    wide = [c for c in others if table.columnWidth(c) > 120]
    spare = sum(table.columnWidth(c) - 120 for c in wide)
    if over <= 0 or not spare:
        return
    for c in wide:
        give = (table.columnWidth(c) - 120) * min(1.0, over / spare)
        table.setColumnWidth(c, int(table.columnWidth(c) - give))


def _button(text: str, slot, bold: bool = False) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    if bold:
        button.setStyleSheet("font-weight: bold; padding: 6px 16px;")
    return button


class AuditScreen(Screen):
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
        self.audit_table = _table((N_("Số"), N_("Hình thức"), N_("Phạm vi"), N_("Trạng thái"), N_("Cần kiểm"),
                                   N_("Lượt quét"), N_("Chưa xử lý"), N_("Mở lúc")), 2)
        self.audit_table.doubleClicked.connect(lambda _i: self.open_selected())
        col.addWidget(self.audit_table, 3)
        row = QHBoxLayout()
        self.plan_button = _button(_("Mở đợt kiểm kê mới…"), self.plan, bold=True)
        self.open_button = _button(_("Kiểm đếm / xem kết quả"), self.open_selected)
        self.print_button = _button(_("In biên bản"), lambda: self.print_record(self._selected_number()))
        self.export_button = _button(_("Xuất Excel"), lambda: self.export(self._selected_number()))
        self.plan_button.setVisible(self.can("plan_audit"))
        row.addWidget(self.plan_button)
        row.addStretch(1)
        for b in (self.open_button, self.print_button, self.export_button):
            row.addWidget(b)
        col.addLayout(row)
        heading = QLabel(_("Lịch kiểm kê định kỳ theo khu"))
        heading.setStyleSheet("font-size: 12pt; font-weight: bold; margin-top: 8px;")
        col.addWidget(heading)
        self.schedule_table = _table((N_("Khu"), N_("Mã"), N_("Chu kỳ"), N_("Lần tới"), N_("Lần gần nhất")), 0)
        col.addWidget(self.schedule_table, 2)
        row = QHBoxLayout()
        self.schedule_button = _button(_("Đặt chu kỳ…"), self.set_schedule)
        self.schedule_button.setVisible(self.can("plan_audit"))
        row.addStretch(1)
        row.addWidget(self.schedule_button)
        col.addLayout(row)
        return page

    def refresh(self, changes=None) -> None:
        result = operations.query(self.ctx, audit_read.list_audits, parent=self)
        if result.ok:
            self.audits = result.value
            _fill(self.audit_table, [(a.number, _(audit_rules.AUDIT_KIND_LABELS[audit_rules.AuditKind(a.kind)]), a.scope,
                                      _(audit_rules.AUDIT_STATUS_LABELS[audit_rules.AuditStatus(a.status)]), number_text(a.sample_size),
                                      number_text(a.scans), number_text(a.unresolved), datetime_text(a.created_at))
                                     for a in self.audits])
        result = operations.query(self.ctx, audit_read.schedule, parent=self)
        if result.ok:
            self.zones = result.value
            _fill(self.schedule_table, [(z.location_name, code_text(z.location_code),
                                         _("{n} ngày", n=z.interval_days) if z.interval_days else _("chưa đặt"),
                                         date_text(z.next_on) if z.next_on else _("chưa kiểm kê lần nào"),
                                         z.last_audit) for z in self.zones],
                  background=lambda r: "#ffebee" if self.zones[r].overdue else None)
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

    # -- counting ------------------------------------------------------------------------------------
    def _count_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(0, 0, 0, 0)
        self.count_title = QLabel()
        self.count_title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        col.addWidget(self.count_title)
        steps = QLabel(_("① Quét mã vị trí   ② Quét từng vật chứng tìm thấy ở đó   ③ Sang vị trí khác: quét mã vị trí "
                         "mới. Màn hình chỉ hiện những gì đã quét (kiểm đếm mù)."))
        steps.setWordWrap(True)
        col.addWidget(steps)
        frame = QFrame()
        frame.setObjectName("place")
        frame.setStyleSheet("QFrame#place { border: 1px solid #bbb; border-radius: 4px; background: palette(base); }")
        row = QHBoxLayout(frame)
        caption = QLabel(_("Đang kiểm tại:"))
        caption.setStyleSheet("border: none;")
        self.place_label = QLabel(_("chưa quét vị trí"))
        self.place_label.setStyleSheet("font-size: 14pt; font-weight: bold; border: none;")
        self.count_label = QLabel()
        self.count_label.setStyleSheet("border: none;")
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("0" * 9) + 160)
        row.addWidget(caption)
        row.addWidget(self.place_label, 1)
        row.addWidget(self.count_label)
        col.addWidget(frame)
        self.indicator = ScanIndicator(self)
        self.indicator.setMinimumHeight(44)
        self.indicator.setText(_("Sẵn sàng quét"))
        col.addWidget(self.indicator)
        self.scan_table = _table((N_("Thời gian"), N_("Mã"), N_("Tên"), N_("Tại vị trí"), N_("Kết quả quét"),
                                  N_("Niêm phong / cân, đếm")), 2)
        col.addWidget(self.scan_table, 1)
        row = QHBoxLayout()
        self.checks_button = _button(_("Kiểm tra niêm phong, cân / đếm…"), self.checks_for_selected)
        import_button = _button(_("Nạp tệp máy quét…"), self.import_file)
        back = _button(_("Về danh sách"), self.back)
        self.finish_button = _button(_("Kết thúc kiểm đếm, đối chiếu"), self.reconcile, bold=True)
        self.finish_button.setVisible(self.can("plan_audit"))
        for b in (self.checks_button, import_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(back)
        row.addWidget(self.finish_button)
        col.addLayout(row)
        return page

    def start_counting(self) -> None:
        self.stack.setCurrentWidget(self.count_page)
        result = operations.query(self.ctx, audit_read.audit_detail, self.number, parent=self)
        if result.ok:
            d = result.value
            self.count_title.setText(_("Kiểm đếm {number} — {scope}", number=d.number, scope=d.scope))
        place = operations.query(self.ctx, audit_read.current_location, self.number, parent=self)
        if place.ok and place.value:
            self.place_label.setText(f"{place.value[1]}  ·  {code_text(place.value[0])}")
            self.indicator.setText(_("Tiếp tục kiểm đếm tại {name}", name=place.value[1]))
        else:
            self.place_label.setText(_("chưa quét vị trí"))
        self.show_scans()
        self.scan_table.setFocus()

    def show_scans(self) -> None:
        result = operations.query(self.ctx, audit_read.my_scans, self.number, parent=self)
        if not result.ok:
            return
        self.scans = result.value
        _fill(self.scan_table, [(datetime_text(s.scanned_at), code_text(s.code) if s.outcome != "invalid" else s.code,
                                 s.name, s.location if s.kind == "item" else "", _(OUTCOME_WORDS.get(s.outcome, s.outcome)),
                                 self._checks_text(s)) for s in self.scans])
        items = sum(1 for s in self.scans if s.outcome == "recorded")
        self.count_label.setText(_("{n} vật chứng đã quét", n=number_text(items)))

    @staticmethod
    def _checks_text(s) -> str:
        parts = []
        if s.seal_seen:
            parts.append(_("NP {seal}", seal=s.seal_seen))
        if s.seal_intact is False:
            parts.append(_("niêm phong rách"))
        from evidence_store.domain.categories import FIELD_LABELS
        parts += [f"{_(FIELD_LABELS[k]) if k in FIELD_LABELS else _('Số lượng')}: {v}" for k, v in s.measured.items()]
        return "; ".join(parts)

    def handle_scan(self, code: str) -> bool:
        if self.stack.currentWidget() is not self.count_page or not self.number:
            return False
        self.scan(code)
        return True

    def scan(self, code: str) -> dict | None:
        result = operations.perform(self.ctx, audit_count.record_scan, AuditScanInput(self.number, code), parent=self)
        if not result.ok:
            return None
        answer = result.value
        outcome, words = SCAN_OUTCOMES[answer["outcome"]]
        self.indicator.show_outcome(outcome, code=code_text(answer["code"]), expected="")
        self.indicator.setText(_(words, code=code_text(answer["code"]) if answer["outcome"] != "invalid"
                                 else answer["code"], name=answer["name"] or answer["location"]))
        if answer["outcome"] == "location":
            self.place_label.setText(f"{answer['location']}  ·  {code_text(answer['code'])}")
        self.show_scans()
        if answer["outcome"] == "recorded" and (answer["needs_seal"] or answer["needs_measure"]):
            self.ask_checks(answer)
        return answer

    def ask_checks(self, answer: dict) -> bool:
        from .audit_dialogs import ChecksDialog
        done = bool(ChecksDialog(self.ctx, self.number, answer, self).exec())
        self.show_scans()
        return done

    def checks_for_selected(self) -> None:
        rows = self.scan_table.selectionModel().selectedRows()
        if not rows:
            dialogs.info(_("Chọn một vật chứng đã quét trong danh sách."), self)
            return
        s = self.scans[rows[0].row()]
        if s.outcome != "recorded":
            dialogs.info(_("Chỉ kiểm tra được vật chứng đã ghi nhận."), self)
            return
        self.ask_checks({"code": s.code, "name": s.name, "scan_id": s.id, "needs_seal": False,
                         "needs_measure": ("denominations", "net_weight_g", "gross_weight_g", "weight_g"), "unit": ""})

    def import_file(self) -> None:
        paths = dialogs.ask_open_files(_("Chọn tệp của máy quét cầm tay"), _("Tệp CSV (*.csv *.txt)"), self)
        if not paths:
            return
        from pathlib import Path
        from evidence_store.domain.errors import ValidationError
        path = Path(paths[0])
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            dialogs.report(ValidationError("scan_file_unreadable", filename=path.name,
                                            reason=getattr(exc, "strerror", None) or str(exc)), self)
            return
        result = operations.perform(self.ctx, lambda uow, t: audit_count.import_scan_file(uow, self.number, t,
                                                                                 filename=path.name), text, parent=self)
        if result.ok:
            r = result.value
            counts = ", ".join(f"{_(OUTCOME_WORDS.get(k, k)) if k in OUTCOME_WORDS else _('thời gian sai')}: {v}"
                               for k, v in sorted(r["counts"].items()))
            problems = "\n".join(_("dòng {line}: {code} — {why}", line=n, code=c or "-",
                                   why=_(OUTCOME_WORDS.get(w, w)) if w in OUTCOME_WORDS else _("thời gian sai"))
                                 for n, c, w in r["problems"][:20])
            dialogs.info(_("Đã nạp {n} dòng từ {file} ({counts}).", n=r["lines"], file=path.name, counts=counts)
                          + ("\n" + problems if problems else ""), self)
            self.show_scans()

    def back(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.refresh()

    def reconcile(self) -> None:
        if not dialogs.confirm(_("Kết thúc kiểm đếm và đối chiếu với sổ sách? Sau khi đối chiếu, chỉ đếm lại "
                                  "được những dòng được yêu cầu đếm lại."), self):
            return
        number = self.number

        def done(result):
            if result.ok:
                self.refresh()
                self.show_results()
        self.last_operation = operations.run_in_background(self.ctx, lambda uow, progress, cancelled:
                                                           audit_reconcile.reconcile(uow, number, progress=progress,
                                                                        cancelled=cancelled),
                                                           parent=self, label=_("Đang đối chiếu…"), on_done=done)

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
        self.line_table = _table((N_("Dòng"), N_("Mã"), N_("Vật chứng"), N_("Kết quả"), N_("Theo sổ sách"),
                                  N_("Thực tế"), N_("Chi tiết"), N_("Xử lý")), 2)
        self.line_table.doubleClicked.connect(lambda _i: self.resolve_selected())
        col.addWidget(self.line_table, 1)
        row = QHBoxLayout()
        self.resolve_button = _button(_("Xử lý chênh lệch…"), self.resolve_selected, bold=True)
        self.recount_button = _button(_("Yêu cầu đếm lại"), self.recount_selected)
        self.close_button = _button(_("Kết thúc, ký biên bản…"), self.close_audit, bold=True)
        self.resolve_button.setVisible(self.can("resolve_audit"))
        self.recount_button.setVisible(self.can("plan_audit"))
        self.close_button.setVisible(self.can("close_audit"))
        for b in (self.resolve_button, self.recount_button):
            row.addWidget(b)
        row.addStretch(1)
        for b in (_button(_("Về danh sách"), self.back), _button(_("In biên bản"), lambda: self.print_record(self.number)),
                  _button(_("Xuất Excel"), lambda: self.export(self.number)), self.close_button):
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
        _fill(self.line_table, [(l.line_no, code_text(l.code), l.name or _("(mã không có trong hệ thống)"),
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
