"""The signed-in user's actions of the main window: the user menu, password change, screen lock, logout (with
the unsaved work asked about first) and the logout after a restore replaced the database. A mixin of
ui.main_window.MainWindow."""

from __future__ import annotations

import logging

from evidence_store.services import accounts
from evidence_store.services import context as service_context
from evidence_store.i18n import _

from . import lock, dialogs
from .screens.base import Screen
from .screens.login import ChangePasswordDialog

log = logging.getLogger(__name__)


class SessionActions:
    """MainWindow supplies ``ctx``, ``toolbar``, ``screens``, ``idle``, ``locked`` and its signals."""

    def _fill_user_menu(self) -> None:
        menu = self.toolbar.user_menu
        menu.addAction(_("Đổi mật khẩu"), self.change_password)
        menu.addAction(_("Khóa màn hình"), lambda: self.lock_screen(manual=True))
        menu.addSeparator()
        menu.addAction(_("Đăng xuất"), lambda: self.logout())

    # -- session -------------------------------------------------------------------------
    def unsaved_screens(self) -> list[Screen]:
        """Built screens holding typed data that a rebuild or a logout would lose."""
        return [s for s in self.screens.values() if getattr(s, "has_unsaved", lambda: False)()]

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(self.ctx, self.ctx.actor, self)
        if dialog.exec() and dialog.actor is not None:
            self.ctx.actor = dialog.actor
            dialogs.info(_("Đã đổi mật khẩu."), self)

    def lock_screen(self, manual: bool = False) -> None:
        if self.locked:
            return
        self.locked = True
        self.centralWidget().hide()
        try:
            unlocked = lock.unlock(self.ctx, self, manual=manual)
        finally:
            self.locked = False
            self.centralWidget().show()
        if unlocked:
            self.idle.set_minutes(self.idle.minutes)
        else:
            self.logout(ask=False)  # the unlock dialog already warned

    def confirm_losing_work(self) -> bool:
        """HANDS-ON 6: logging out or closing in the middle of a form asks first."""
        if not self.unsaved_screens():
            return True
        return dialogs.confirm(_("Có phiếu đang lập dở chưa lưu. Thoát sẽ mất những gì đã nhập."), self,
                                yes=_("Thoát, bỏ phiếu"), no=_("Tiếp tục lập"))

    def logout(self, ask: bool = True) -> None:
        if ask and not self.confirm_losing_work():
            return
        self._confirmed = True
        if self.ctx.db is not None:  # a logout, in the security log (HANDS-ON 63); never in the way of leaving
            try:
                service_context.run(self.ctx.db, self.ctx.actor, accounts.record_logout)
            except Exception:  # noqa: BLE001 - the database may be gone (restore, server down): leave anyway
                log.warning("logout not recorded", exc_info=True)
        self.logged_out.emit()
        self.close()

    def database_was_replaced(self) -> None:
        """After a restore: nobody may go on working on the old session; back to the login."""
        self.database_replaced.emit()
        self.logout(ask=False)
