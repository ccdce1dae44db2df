"""Kiểm kê, the counting page of the audit screen: blind counting by scan, zone by zone, checks of sealed items,
import of a scan file and the reconciliation that ends it. A mixin of ui.screens.audit.AuditScreen (its ctx,
number and pages)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from evidence_store.i18n import N_, _
from evidence_store.services import audit_count
from evidence_store.services import audit_read
from evidence_store.services import audit_reconcile
from evidence_store.services.commands import AuditScanInput

from .. import dialogs, operations
from ..models.format import code_text, datetime_text, number_text
from ..scan_feedback import Outcome, ScanIndicator
from ..widgets.place_banner import PlaceBanner
from .audit_tables import fill_table, new_table, push_button

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


class AuditCounting:
    """The counting page and its actions; AuditScreen supplies ``ctx``, ``number``, ``stack`` and its pages."""

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
        banner = PlaceBanner(_("Đang kiểm tại:"), _("chưa quét vị trí"))
        self.place_label, self.count_label = banner.place, banner.note
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("0" * 9) + 160)
        col.addWidget(banner)
        self.indicator = ScanIndicator(self)
        self.indicator.setMinimumHeight(44)
        self.indicator.setText(_("Sẵn sàng quét"))
        col.addWidget(self.indicator)
        self.scan_table = new_table((N_("Thời gian"), N_("Mã"), N_("Tên"), N_("Tại vị trí"), N_("Kết quả quét"),
                                     N_("Niêm phong / cân, đếm")), 2)
        col.addWidget(self.scan_table, 1)
        row = QHBoxLayout()
        self.checks_button = push_button(_("Kiểm tra niêm phong, cân / đếm…"), self.checks_for_selected)
        import_button = push_button(_("Nạp tệp máy quét…"), self.import_file)
        back = push_button(_("Về danh sách"), self.back)
        self.finish_button = push_button(_("Kết thúc kiểm đếm, đối chiếu"), self.reconcile, bold=True)
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
        fill_table(self.scan_table, [(datetime_text(s.scanned_at), code_text(s.code) if s.outcome != "invalid" else s.code,
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

    def handle_scan(self, scan) -> bool:
        """Every scan of the count — item, location, unknown or invalid — is recorded as scanned by the service
        (its own record of the audit, also fed by scan files), with the code the filter read (a label's QR: its
        item)."""
        if self.stack.currentWidget() is not self.count_page or not self.number:
            return False
        self.scan(str(scan))
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
