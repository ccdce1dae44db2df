"""Đăng nhập, and the password change forced at the first login (DESIGN §6)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from evidence_store.i18n import _
from evidence_store.services import accounts, server_login
from evidence_store.services.context import Actor

from .. import operations
from ..context import AppContext
from ..widgets.form import Form, field_errors, line_edit
from ..widgets.submit_dialog import SubmitDialog


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 16pt; font-weight: bold;")
    label.setWordWrap(True)
    return label


def _cancel_text(dialog: SubmitDialog, text: str) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(text)


class LoginDialog(SubmitDialog):
    """Username and password; errors (wrong password, lockout) go through ui.dialogs.

    On a shared PostgreSQL workstation (``ctx.server_url``: the server from the workstation's settings, no user
    in it) the dialog connects to the server as the typed user's own login role — the server checks the
    password — and puts that connection in ``ctx.db`` (docs/POSTGRESQL.md §3)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, username: str = "") -> None:
        super().__init__(ctx, _("Đăng nhập — Kho Vật Chứng"), parent, ok_text=_("Đăng nhập"))
        self.actor: Actor | None = None
        self.password_used = ""
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
        self.form.submitted.connect(self.submit)
        layout.addWidget(self.form)
        self.login_button = self.ok_button
        _cancel_text(self, _("Thoát"))
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()

    def on_error(self):
        return field_errors(self.form)  # a wrong password or a lockout names no field: the error boundary says it

    def submit(self) -> bool:
        if not self.form.check_required():
            return False
        password = self.password.text()
        if self.ctx.server_url:
            return self._connect(password)
        if self.run(accounts.authenticate, self.username.text(), password):
            return True
        self.password.clear()
        self.password.setFocus()
        return False

    attempt = submit  # the name the shell's tests call

    def done_with(self, actor: Actor) -> None:
        self.actor, self.password_used = actor, self.password.text()
        self.accept()

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


class ChangePasswordDialog(SubmitDialog):
    """Đổi mật khẩu; ``forced`` at the first login (the old password was just typed)."""

    def __init__(self, ctx: AppContext, actor: Actor, parent: QWidget | None = None, *,
                 forced: bool = False, old_password: str = "") -> None:
        # the call runs as the account whose password changes (not yet the session's actor)
        super().__init__(AppContext(ctx.db, actor, ctx.signals, ctx.warehouse_name), _("Đổi mật khẩu"), parent,
                         ok_text=_("Đổi mật khẩu"))
        self.actor_in = actor
        self.actor: Actor | None = None
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
        self.form.submitted.connect(self.submit)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.form.focus_first()

    def on_error(self):
        return field_errors(self.form)

    def submit(self) -> bool:
        if not self.form.check_required():
            return False
        if self.new.text() != self.again.text():
            self.form.set_error("again", _("Mật khẩu nhập lại không khớp"))
            return False
        return self.run(accounts.change_password, self.actor_in.user_id, self.old.text(), self.new.text())

    attempt = submit  # the name the shell's tests call

    def done_with(self, actor) -> None:
        self.actor = actor if isinstance(actor, Actor) else self.actor_in
        self.accept()
