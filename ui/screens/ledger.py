"""Sổ theo dõi: the custody ledger for everyone who may verify it (the supervising Kiểm sát viên
read-only, DESIGN §1): the chain head as printed on the records, the check of the whole chain off
the UI thread (progress + Cancel), the most recent events of every item in a windowed list; and,
for those allowed, the backup / restore and security-log tabs (ledger_admin.py, security_log_tab.py)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from evidence_store.describe import describe_event, event_kind_label
from evidence_store.domain.ledger import short_hash
from evidence_store.domain.permissions import allowed, can_read_everything
from evidence_store.i18n import N_, _
from evidence_store.services import ledger_read

from .. import operations
from ..models.format import code_text, datetime_text, number_text
from ..models.paged import RIGHT, Column, PagedTableModel
from .base import Screen
from .ledger_admin import BackupTab
from .security_log_tab import SecurityLogTab
from .listing import ItemTable
from ..widgets.export_button import ExportButton, ExportSource, pages

VALID_STYLE = "color: #1b5e20; font-weight: bold;"
BROKEN_STYLE = "color: #b71c1c; font-weight: bold;"

REASONS = {  # verify's codes → words
    "hash_mismatch": N_("nội dung sự kiện đã bị sửa (mã băm không khớp)"),
    "prev_mismatch": N_("liên kết với sự kiện trước bị cắt (mã băm trước không khớp)"),
    "sequence_gap": N_("thiếu sự kiện (số thứ tự bị ngắt quãng)"),
    "item_without_history": N_("vật chứng không có lịch sử trong sổ"),
    "event_count": N_("số sự kiện của vật chứng không khớp với sổ"),
    "events_without_item": N_("sổ có sự kiện của vật chứng đã bị xóa"),
    "field": N_("dữ liệu vật chứng ({field}) khác với sổ"),
}

EVENT_COLUMNS = (
    Column(N_("Số TT"), lambda e: f"#{e.seq}", RIGHT, 70, kind="int", cell=lambda e: e.seq),
    Column(N_("Thời điểm"), lambda e: datetime_text(e.occurred_at), width=125, kind="datetime",
           cell=lambda e: e.occurred_at),
    Column(N_("Sự kiện"), lambda e: event_kind_label(e.kind), width=185),
    Column(N_("Vật chứng"), lambda e: code_text(e.item_code) if e.item_code else "", width=135,
           tooltip=lambda e: e.item_name),
    Column(N_("Vụ án"), lambda e: e.case_number, width=115),
    Column(N_("Người thực hiện"), lambda e: e.username, width=110),
    Column(N_("Mã băm"), lambda e: short_hash(e.hash), width=110, tooltip=lambda e: e.hash, cell=lambda e: e.hash),
    Column(N_("Nội dung"), describe_event, width=280),
)


def head_text(head) -> str:
    """The chain head as the printed records' footer gives it (sequence number without grouping)."""
    return _("Sổ theo dõi đến sự kiện #{seq} (mã {head})", seq=head.seq, head=short_hash(head.hash))


def reason_text(code: str) -> str:
    if code.startswith("field:"):
        return _(REASONS["field"], field=code.split(":", 1)[1])
    return _(REASONS[code]) if code in REASONS else code


def verify_text(result) -> str:
    """VerifyResult → one Vietnamese paragraph, then the protections, attachments and security log apart."""
    from evidence_store.verify_report import extra_lines
    extra = "\n".join(line for _ok, line in extra_lines(result))
    return _ledger_text(result) + "\n" + extra


def _ledger_text(result) -> str:
    if result.ledger_ok:
        return _("Sổ theo dõi hợp lệ: {events} sự kiện, {items} vật chứng khớp với sổ; đầu chuỗi #{seq} (mã {head}).",
                 events=number_text(result.events), items=number_text(result.items),
                 seq=result.head_seq, head=short_hash(result.head_hash))
    if result.integrity != "ok":
        return _("Tệp cơ sở dữ liệu bị hỏng: {detail}", detail=result.integrity)
    if result.chain_break is not None:
        reason = reason_text(result.chain_break.reason)
    else:
        reason = reason_text(result.mismatches[0][2])
    where = f"#{result.first_bad_seq}" if result.first_bad_seq is not None else "—"
    if result.first_bad_item:
        text = _("Sổ theo dõi bị sai lệch từ sự kiện {seq}, vật chứng {item}: {reason}.",
                 seq=where, item=code_text(result.first_bad_item), reason=reason)
    else:
        text = _("Sổ theo dõi bị sai lệch từ sự kiện {seq}: {reason}.", seq=where, reason=reason)
    if len(result.mismatches) > 1:
        text += " " + _("Tổng cộng {n} vật chứng không khớp với sổ.", n=number_text(len(result.mismatches)))
    return text


class LedgerTab(QWidget):
    """The chain head, the check and the most recent events."""

    item_requested = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.head = None
        self.operation: operations.BackgroundOperation | None = None
        self.last_result = None
        self.bad_item = ""
        self.model = PagedTableModel(EVENT_COLUMNS, parent=self)
        self.table = ItemTable(self.model)
        self.table.activated_row.connect(self._open_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self._head_box())
        layout.addWidget(self._verify_box())
        self.list_label = QLabel()
        layout.addWidget(self.list_label)
        layout.addWidget(self.table, 1)
        self.model.set_source(self._count, self._fetch)
        self.reload()

    def _head_box(self) -> QGroupBox:
        box = QGroupBox(_("Đầu chuỗi"))
        row = QHBoxLayout(box)
        self.head_label = QLabel()
        self.head_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.head_label.setToolTip(_("Như in ở chân mỗi biên bản: số thứ tự và mã băm rút gọn của sự kiện cuối"))
        self.count_label = QLabel()
        refresh = QPushButton(_("Làm mới"))
        refresh.clicked.connect(self.reload)
        row.addWidget(self.head_label)
        row.addSpacing(24)
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.export_button = ExportButton(self.ctx, self.export_source, "so-theo-doi", self)
        row.addWidget(self.export_button)
        row.addWidget(refresh)
        return box

    def export_source(self) -> ExportSource:
        upto = self.head.seq if self.head is not None and can_read_everything(self.ctx.actor.roles) else None
        return ExportSource(_("Sổ theo dõi (sổ cái)"), _("Đến sự kiện #{seq}", seq=upto or "—"), EVENT_COLUMNS,
                            lambda uow: pages(lambda o, n: ledger_read.recent_events(uow, o, n, upto_seq=upto)),
                            ledger_read.count_events)

    def _verify_box(self) -> QGroupBox:
        box = QGroupBox(_("Kiểm tra toàn vẹn"))
        row = QHBoxLayout(box)
        self.verify_button = QPushButton(_("Kiểm tra chuỗi"))
        self.verify_button.setToolTip(_("Tính lại toàn bộ chuỗi mã băm và đối chiếu với dữ liệu từng vật chứng"))
        self.verify_button.clicked.connect(self.start_verify)
        self.result_label = QLabel(_("Chưa kiểm tra trong phiên làm việc này."))
        self.result_label.setWordWrap(True)
        self.open_bad_button = QPushButton()
        self.open_bad_button.clicked.connect(lambda: self.item_requested.emit(self.bad_item))
        self.open_bad_button.hide()
        row.addWidget(self.verify_button)
        row.addWidget(self.result_label, 1)
        row.addWidget(self.open_bad_button)
        return box

    # -- the head and the list ------------------------------------------------------------------
    def _count(self) -> int:
        result = operations.query(self.ctx, ledger_read.count_events, parent=self)
        return result.value if result.ok else 0

    def _fetch(self, offset: int, limit: int):
        upto = self.head.seq if self.head is not None and can_read_everything(self.ctx.actor.roles) else None
        result = operations.query(self.ctx, ledger_read.recent_events, offset, limit, upto_seq=upto, parent=self)
        return result.value if result.ok else []

    def reload(self) -> None:
        result = operations.query(self.ctx, ledger_read.ledger_head, parent=self)
        self.head = result.value if result.ok else None
        if self.head is not None:
            self.head_label.setText(head_text(self.head))
            self.count_label.setText(_("{n} sự kiện trong sổ", n=number_text(self.head.seq)))
        self.model.reload()
        if can_read_everything(self.ctx.actor.roles):
            self.list_label.setText(_("Các sự kiện gần nhất của mọi vật chứng (mới nhất trước)"))
        else:
            self.list_label.setText(_("Các sự kiện thuộc vụ án do bạn thụ lý: {n}",
                                      n=number_text(self.model.rowCount())))

    def _open_row(self, row: int) -> None:
        event = self.model.row_at(row)
        if event is not None and event.item_code:
            self.item_requested.emit(event.item_code)

    # -- verification -----------------------------------------------------------------------------
    def start_verify(self) -> operations.BackgroundOperation | None:
        if self.operation is not None:
            return None
        db, actor = self.ctx.db, self.ctx.actor

        def job(progress, cancelled):
            return ledger_read.verify_ledger(db, actor, progress=progress, cancelled=cancelled)
        self.verify_button.setEnabled(False)
        self.result_label.setStyleSheet("")
        self.result_label.setText(_("Đang kiểm tra sổ theo dõi…"))
        self.open_bad_button.hide()
        self.operation = operations.run_job(self.ctx, job, parent=self, label=_("Đang kiểm tra sổ theo dõi…"),
                                            on_done=self._verified)
        return self.operation

    def _verified(self, result: operations.Result) -> None:
        cancelled = self.operation is not None and self.operation.cancelled
        self.operation = None
        self.verify_button.setEnabled(True)
        if cancelled:
            self.result_label.setText(_("Đã dừng kiểm tra theo yêu cầu; chưa có kết luận."))
            return
        if not result.ok:
            self.result_label.setText(_("Không kiểm tra được sổ theo dõi."))
            return
        self.last_result = result.value
        self.result_label.setText(verify_text(result.value))
        self.result_label.setStyleSheet(VALID_STYLE if result.value.ok else BROKEN_STYLE)
        self.bad_item = "" if result.value.ok else (result.value.first_bad_item or "")
        if self.bad_item:
            self.open_bad_button.setText(_("Mở vật chứng {code}", code=code_text(self.bad_item)))
            self.open_bad_button.show()
        self.reload()


class LedgerScreen(Screen):
    nav_title = N_("Sổ theo dõi")
    required_action = "verify_ledger"
    item_requested = Signal(str)  # the main window opens the item

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._stale = False
        self.tabs = QTabWidget()
        self.ledger_tab = LedgerTab(ctx)
        self.ledger_tab.item_requested.connect(self.item_requested)
        self.tabs.addTab(self.ledger_tab, _("Sổ theo dõi"))
        roles = ctx.actor.roles
        self.backup_tab = BackupTab(ctx) if allowed(roles, "backup") or allowed(roles, "restore") else None
        if self.backup_tab is not None:
            self.tabs.addTab(self.backup_tab, _("Sao lưu"))
        self.security_tab = SecurityLogTab(ctx) if allowed(roles, "read_security_log") else None
        if self.security_tab is not None:
            self.tabs.addTab(self.security_tab, _("Nhật ký an ninh"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def activated(self) -> None:
        if self._stale:
            self._stale = False
            self.ledger_tab.reload()
        if self.security_tab is not None:
            self.security_tab.reload()

    def refresh(self, changes=None) -> None:
        if self.isVisible():
            self.ledger_tab.reload()
        else:
            self._stale = True
