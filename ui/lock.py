"""The screen locks after some idle minutes and asks the user's password again (DESIGN §6)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from evidence_store.i18n import _
from evidence_store.services import accounts, settings

from . import dialogs, operations
from .context import AppContext

SETTING_KEY = "idle_lock_minutes"
DEFAULT_MINUTES = 10
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


def idle_minutes(ctx: AppContext) -> int:
    """The administrator's setting (evidence_store.services.settings), else the default."""
    result = operations.query(ctx, settings.get_setting, SETTING_KEY)
    try:
        return int(result.value) if result.ok else DEFAULT_MINUTES
    except (TypeError, ValueError):
        return DEFAULT_MINUTES


class IdleLock(QObject):
    """Watches input application-wide; emits ``expired`` after ``minutes`` without any (0: never)."""

    expired = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.expired.emit)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.start(int(minutes * 60_000))
        else:
            self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()
        QApplication.instance().removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.minutes > 0:
            self.timer.start()
        return False


def unlock(ctx: AppContext, parent: QWidget | None = None, *, manual: bool = False) -> bool:
    """Ask the password until it is right (True) or the user chooses "Đăng xuất" and confirms that
    unsaved work will be lost (False: log out). HANDS-ON 5: cancelling never logs out silently."""
    prompt = (_("Màn hình đã khóa. Nhập mật khẩu của {user} để tiếp tục:", user=ctx.actor.username) if manual else
              _("Màn hình đã khóa do không sử dụng. Nhập mật khẩu của {user} để tiếp tục:", user=ctx.actor.username))
    while True:
        password = dialogs.ask_password(prompt, parent, _("Mở khóa màn hình"), cancel=_("Đăng xuất"))
        if password is None:
            if dialogs.confirm(_("Đăng xuất? Những gì đang nhập dở chưa được lưu sẽ mất."), parent,
                                yes=_("Đăng xuất"), no=_("Quay lại mở khóa")):
                return False
            continue
        result = operations.perform(ctx, accounts.authenticate, ctx.actor.username, password, parent=parent)
        if result.ok:
            return True
        if result.error is not None and getattr(result.error, "code", "") == "account_locked":
            return False
