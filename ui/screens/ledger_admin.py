"""The Sổ theo dõi screen's backup tab (Sao lưu — administrators and clerks; restoring is the administrator's
alone) and the table helpers of its administrative tabs; the security log is in security_log_tab.py.

Restoring replaces the database under the running app, so the app first lets go of it (every
pooled connection closed), ``backup.restore`` verifies the backup's ledger and keeps the current
database as a safety copy, and the main window then signals ``database_replaced``: ui/app.py
reopens the database and goes back to the login."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from evidence_store.config import backup_dir, backup_stem
from evidence_store.domain.errors import DomainError
from evidence_store.domain.ledger import short_hash
from evidence_store.domain.permissions import allowed, require
from evidence_store.i18n import N_, _
from evidence_store.services import backup

from .. import dialogs, operations
from ..models.format import code_text, number_text

log = logging.getLogger(__name__)
BACKUP_FILTER = N_("Bản sao lưu Kho Vật Chứng (*.sqlite3 *.db);;Mọi tệp (*)")


def _listed(values, limit: int = 10) -> str:
    values = list(values)
    shown = ", ".join(values[:limit])
    return shown + (_(" và {n} mục khác", n=len(values) - limit) if len(values) > limit else "")


def size_text(size: int) -> str:
    return _("{n} MB", n=number_text(round(size / 1_048_576, 1))) if size >= 104_858 else \
        _("{n} KB", n=number_text(max(1, round(size / 1024))))


class BackupTab(QWidget):
    """Sao lưu ngay / Khôi phục…"""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.operation: operations.BackgroundOperation | None = None
        self.apply_operation: operations.BackgroundOperation | None = None
        self.last_path: Path | None = None
        roles = ctx.actor.roles
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("font-weight: bold;")
        self.restore_button = None
        layout.addWidget(self._backup_box(allowed(roles, "backup")), 1)
        if allowed(roles, "restore"):
            layout.addWidget(self._restore_box())
        layout.addWidget(self.status)

    def _backup_box(self, may_backup: bool) -> QGroupBox:
        box = QGroupBox(_("Sao lưu"))
        col = QVBoxLayout(box)
        note = QLabel(_("Bản sao lưu là bản sao nhất quán của toàn bộ cơ sở dữ liệu, chép được khi mọi người vẫn "
                        "đang làm việc. Phần mềm tự sao lưu mỗi ngày một lần vào thư mục {folder}.",
                        folder=str(backup_dir(self.ctx.db.sqlite_path)) if self.ctx.db.is_sqlite else "—"))
        note.setWordWrap(True)
        self.backup_button = QPushButton(_("Sao lưu ngay…"))
        self.backup_button.clicked.connect(self.start_backup)
        self.backup_button.setVisible(may_backup)
        self.files = admin_table((N_("Bản sao lưu trong thư mục"), N_("Thời điểm"), N_("Dung lượng")), (420, 140))
        col.addWidget(note)
        col.addLayout(button_row(self.backup_button))
        col.addWidget(self.files, 1)
        self.list_backups()
        return box

    def list_backups(self) -> None:
        """The copies in the backup folder, newest first (daily, before migrations, before restores)."""
        folder = backup_dir(self.ctx.db.sqlite_path) if self.ctx.db.is_sqlite else None
        found = sorted(folder.glob("*.sqlite3*"), key=lambda p: p.stat().st_mtime, reverse=True)[:60] if folder else []
        self.files.setRowCount(len(found))
        for row, path in enumerate(found):
            stat = path.stat()
            when = datetime.fromtimestamp(stat.st_mtime).strftime("%d/%m/%Y %H:%M")
            for col, text in enumerate((path.name, when, size_text(stat.st_size))):
                self.files.setItem(row, col, QTableWidgetItem(text))

    def _restore_box(self) -> QGroupBox:
        box = QGroupBox(_("Khôi phục"))
        col = QVBoxLayout(box)
        note = QLabel(_("Khôi phục thay toàn bộ dữ liệu hiện tại bằng một bản sao lưu. Sổ theo dõi của bản sao lưu "
                        "được kiểm tra trước; bản sao lưu sai lệch bị từ chối và không có gì bị thay đổi. Cơ sở dữ "
                        "liệu hiện tại được giữ lại thành bản sao an toàn. Sau khi khôi phục, mọi người phải đăng "
                        "nhập lại."))
        note.setWordWrap(True)
        self.restore_button = QPushButton(_("Khôi phục…"))
        self.restore_button.clicked.connect(self.start_restore)
        col.addWidget(note)
        col.addLayout(button_row(self.restore_button))
        return box

    def _busy(self, busy: bool) -> None:
        self.backup_button.setEnabled(not busy)
        if self.restore_button is not None:
            self.restore_button.setEnabled(not busy)

    # -- backup ---------------------------------------------------------------------------------
    def start_backup(self) -> operations.BackgroundOperation | None:
        if self.operation is not None or not self._sqlite_or_refusal(lambda: backup.backup(
                self.ctx.db, "", actor=self.ctx.actor)):
            return None
        stem = backup_stem(self.ctx.db.sqlite_path)
        suggested = str(backup_dir(self.ctx.db.sqlite_path) / f"{stem}-{datetime.now():%Y%m%d-%H%M}.sqlite3")
        path = dialogs.ask_save_path(_("Lưu bản sao lưu"), suggested, _(BACKUP_FILTER), self)
        if not path:
            return None
        db, actor = self.ctx.db, self.ctx.actor
        self._busy(True)
        self.status.setText(_("Đang sao lưu…"))
        self.operation = operations.run_job(self.ctx, lambda progress, cancelled: backup.backup(db, path, actor=actor),
                                            parent=self, label=_("Đang sao lưu…"), on_done=self._backed_up)
        return self.operation

    def _backed_up(self, result: operations.Result) -> None:
        cancelled = self.operation.cancelled
        self.operation = None
        self._busy(False)
        if cancelled:  # the copy cannot stop half-way; a cancelled backup leaves no file behind
            if result.ok:
                result.value.path.unlink(missing_ok=True)
            self.status.setText(_("Đã hủy sao lưu."))
            return
        if not result.ok:
            self.status.setText(_("Sao lưu không thành công."))
            return
        self.last_path = result.value.path
        self.list_backups()
        text = _("Đã sao lưu vào tệp {path} ({size}).", path=str(result.value.path), size=size_text(result.value.size))
        self.status.setText(text)
        dialogs.info(text, self)

    # -- restore --------------------------------------------------------------------------------
    def start_restore(self) -> operations.BackgroundOperation | None:
        """Khôi phục in two steps (HANDS-ON 92, 93): the backup is copied aside and verified with a progress bar
        and a working Hủy (nothing changes yet); then the confirmation lists what the current database holds
        that the backup does not — events, records, items — and only then the database is replaced."""
        if self.operation is not None or not self._sqlite_or_refusal(lambda: backup.restore(self.ctx.db.url, "")):
            return None
        files = dialogs.ask_open_files(_("Chọn bản sao lưu để khôi phục"), _(BACKUP_FILTER), self)
        if not files:
            return None
        path = files[0]
        ctx, actor = self.ctx, self.ctx.actor
        require(actor, "restore")  # hidden from others; a stale window must not get further either
        url = ctx.db.url

        def job(progress, cancelled):
            return backup.prepare_restore(url, path, actor=actor, progress=progress, cancelled=cancelled)
        self._busy(True)
        self.status.setText(_("Đang kiểm tra bản sao lưu…"))
        self.apply_operation = None
        self.operation = operations.run_job(self.ctx, job, parent=self, label=_("Đang kiểm tra bản sao lưu…"),
                                            on_done=self._prepared)
        return self.operation

    def _prepared(self, result: operations.Result) -> None:
        cancelled = self.operation.cancelled
        self.operation = None
        if cancelled or not result.ok:
            if result.ok:
                result.value.discard()
            self._busy(False)
            self.status.setText(_("Đã hủy khôi phục; cơ sở dữ liệu hiện tại được giữ nguyên.") if cancelled else
                                _("Không khôi phục; cơ sở dữ liệu hiện tại được giữ nguyên."))
            return
        prepared = result.value
        if not dialogs.confirm(self._restore_question(prepared), self, _("Khôi phục dữ liệu")):
            prepared.discard()
            self._busy(False)
            self.status.setText(_("Đã hủy khôi phục; cơ sở dữ liệu hiện tại được giữ nguyên."))
            return
        ctx, actor = self.ctx, self.ctx.actor
        url = ctx.db.url
        ctx.db.dispose()  # let go of the file: every pooled connection closed before it is replaced

        def job(progress, cancelled):
            try:
                return backup.apply_restore(url, prepared, actor=actor)
            finally:
                prepared.discard()
        self.status.setText(_("Đang thay thế cơ sở dữ liệu…"))
        self.operation = operations.run_job(self.ctx, job, parent=self, label=_("Đang thay thế cơ sở dữ liệu…"),
                                            on_done=self._restored)
        self.operation.dialog.setCancelButton(None)  # past the point of no return: the replacement is one transaction
        self.apply_operation = self.operation

    def _restore_question(self, prepared) -> str:
        events, items, seq, head = prepared.figures
        lines = [_("Khôi phục cơ sở dữ liệu từ tệp {path}?", path=str(prepared.source)),
                 _("Bản sao lưu hợp lệ: {events} sự kiện, {items} vật chứng, sổ theo dõi đến sự kiện #{seq} (mã {head}).",
                   events=number_text(events), items=number_text(items), seq=seq, head=short_hash(head))]
        lost = prepared.losses
        if lost is None:
            lines.append(_("Không đọc được cơ sở dữ liệu hiện tại để so sánh: không biết dữ liệu nào sẽ mất."))
        elif not lost.same_history:
            lines.append(_("CẢNH BÁO: bản sao lưu không thuộc lịch sử của cơ sở dữ liệu này; toàn bộ {n} sự kiện hiện "
                           "tại sẽ bị thay thế.", n=number_text(lost.current_head_seq)))
        elif lost.events == 0 and not lost.records and not lost.items:
            lines.append(_("Bản sao lưu chứa đủ mọi dữ liệu hiện tại: không mất gì."))
        else:
            lines.append(_("SẼ MẤT những gì ghi sau bản sao lưu: {events} sự kiện (từ {since}).",
                           events=number_text(lost.events), since=lost.since or "—"))
            if lost.records:
                lines.append(_("Biên bản lập sau bản sao lưu ({n}): {numbers}", n=len(lost.records),
                               numbers=_listed(lost.records)))
            if lost.items:
                lines.append(_("Vật chứng nhập sau bản sao lưu ({n}): {codes}", n=len(lost.items),
                               codes=_listed([code_text(c) for c in lost.items])))
            lines.append(_("Số biên bản và mã vật chứng đã cấp sẽ không được cấp lại."))
        lines.append(_("Cơ sở dữ liệu hiện tại được giữ lại thành bản sao an toàn trong thư mục {folder}.",
                       folder=str(backup_dir(self.ctx.db.sqlite_path))))
        lines.append(_("Mọi người dùng trên các máy khác phải đăng xuất và đóng phần mềm trước. Sau khi khôi phục, phần "
                       "mềm mở lại cơ sở dữ liệu và quay về màn hình đăng nhập."))
        return "\n\n".join(lines)

    def _restored(self, result: operations.Result) -> None:
        self.operation = None
        self._busy(False)
        if not result.ok:  # refused before anything was replaced; the app reconnects on its next query
            self.status.setText(_("Không khôi phục; cơ sở dữ liệu hiện tại được giữ nguyên."))
            return
        r = result.value
        text = _("Đã khôi phục từ tệp {path}: {events} sự kiện, {items} vật chứng, sổ theo dõi đến sự kiện #{seq} "
                 "(mã {head}). Bản sao an toàn của dữ liệu cũ: {safety}.\n\nPhần mềm quay về màn hình đăng nhập.",
                 path=str(r.restored_from), events=number_text(r.events), items=number_text(r.items),
                 seq=r.head_seq, head=short_hash(r.head_hash), safety=str(r.safety_copy or "—"))
        self.status.setText(text)
        dialogs.info(text, self, _("Khôi phục dữ liệu"))
        replaced = getattr(self.window(), "database_was_replaced", None)
        if replaced is not None:
            replaced()

    def _sqlite_or_refusal(self, refused_call) -> bool:
        """On PostgreSQL the service refuses (pg_dump / pg_restore) before touching anything: show its message."""
        if self.ctx.db.is_sqlite:
            return True
        try:
            refused_call()
        except DomainError as error:
            dialogs.report(error, self)
        return False


def admin_table(headers, widths) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels([_(h) for h in headers])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    for col, width in enumerate(widths):
        table.setColumnWidth(col, width)
    return table


def button_row(*widgets) -> QHBoxLayout:
    row = QHBoxLayout()
    for w in widgets:
        row.addWidget(w)
    row.addStretch(1)
    return row
