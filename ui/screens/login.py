"""Đăng nhập, and the password change forced at the first login (DESIGN §6)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from evidence_store.domain.errors import DomainError
from evidence_store.i18n import _
from evidence_store.services import accounts, server_login
from evidence_store.services.context import Actor

from .. import operations
from ..context import AppContext
from ..widgets.form import Form, field_errors, line_edit


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 16pt; font-weight: bold;")
    label.setWordWrap(True)
    return label


class LoginDialog(QDialog):
    """Username and password; errors (wrong password, lockout) go through ui.dialogs.

    On a shared PostgreSQL workstation (``ctx.server_url``: the server from the workstation's settings, no user
    in it) the dialog connects to the server as the typed user's own login role — the server checks the
    password — and puts that connection in ``ctx.db`` (docs/POSTGRESQL.md §3)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, username: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor | None = None
        self.password_used = ""
        self.setWindowTitle(_("Đăng nhập — Kho Vật Chứng"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(_title(_("Kho Vật Chứng")))
        if ctx.warehouse_name:
            layout.addWidget(QLabel(ctx.warehouse_name))
        if ctx.server_url:
            from evidence_store.db.pg_security import server_label
            self.server_label = QLabel(_("Máy chủ cơ sở dữ liệu: {server}", server=server_label(ctx.server_url)))
            self.server_label.setWordWrap(True)
            layout.addWidget(self.server_label)
        layout.addSpacing(8)
        self.form = Form()
        self.username = self.form.add("username", _("Tên đăng nhập"), line_edit(text=username), required=True)
        self.password = self.form.add("password", _("Mật khẩu"), _password_edit(), required=True)
        self.form.submitted.connect(self.attempt)
        layout.addWidget(self.form)
        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(_("Đăng nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.attempt)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()

    def attempt(self) -> bool:
        if not self.form.check_required():
            return False
        password = self.password.text()
        if self.ctx.server_url:
            return self._connect(password)
        result = operations.perform(self.ctx, accounts.authenticate, self.username.text(), password, parent=self)
        if not result.ok:
            self.password.clear()
            self.password.setFocus()
            return False
        self.actor, self.password_used = result.value, password
        self.accept()
        return True

    def _connect(self, password: str) -> bool:
        from PySide6.QtGui import QGuiApplication
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            db, actor = server_login.connect_as(self.ctx.server_url, self.username.text(), password)
        except Exception as error:  # the boundary: a sentence (wrong password, locked, server down…)
            QGuiApplication.restoreOverrideCursor()
            operations.dialogs.report(error, self)
            self.password.clear()
            self.password.setFocus()
            return False
        QGuiApplication.restoreOverrideCursor()
        if self.ctx.db is not None:
            self.ctx.db.dispose()
        self.ctx.db = db
        self.actor, self.password_used = actor, password
        self.accept()
        return True


class ChangePasswordDialog(QDialog):
    """Đổi mật khẩu; ``forced`` at the first login (the old password was just typed)."""

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None, *,
                 forced: bool = False, old_password: str = "") -> None:
        super().__init__(parent)
        self.ctx, self.actor_in = ctx, actor
        self.actor: Actor | None = None
        self.setWindowTitle(_("Đổi mật khẩu"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        if forced:
            note = QLabel(_("Đây là lần đăng nhập đầu tiên: hãy đặt mật khẩu mới (ít nhất {n} ký tự, gồm cả chữ "
                            "và số).", n=accounts.MIN_PASSWORD))
            note.setWordWrap(True)
            layout.addWidget(note)
        self.form = Form()
        self.old = self.form.add("old_password", _("Mật khẩu hiện tại"), _password_edit(), required=True)
        self.old.setText(old_password)
        self.form.set_visible("old_password", not (forced and old_password))
        self.new = self.form.add("password", _("Mật khẩu mới"), _password_edit(), required=True)
        self.again = self.form.add("again", _("Mật khẩu mới (nhập lại)"), _password_edit(), required=True)
        self.form.submitted.connect(self.attempt)
        layout.addWidget(self.form)
        buttons = QDialogButtonBox(Qt.Orientation.Horizontal)
        buttons.addButton(_("Đổi mật khẩu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.attempt)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.form.focus_first()

    def _at_field(self, error: DomainError) -> bool:
        return field_errors(self.form)(error)

    def attempt(self) -> bool:
        if not self.form.check_required():
            return False
        if self.new.text() != self.again.text():
            self.form.set_error("again", _("Mật khẩu nhập lại không khớp"))
            return False
        ctx = AppContext(self.ctx.db, self.actor_in, self.ctx.signals, self.ctx.warehouse_name)
        result = operations.perform(ctx, accounts.change_password, self.actor_in.user_id, self.old.text(),
                                    self.new.text(), parent=self, on_error=self._at_field)
        if not result.ok:
            return False
        self.actor = result.value if isinstance(result.value, Actor) else self.actor_in
        self.accept()
        return True
