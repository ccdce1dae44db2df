"""The one error boundary and the only place that shows dialogs (git-cola's interaction seam).

Screens never build a QMessageBox or a QFileDialog: they call the functions here, which go through
``interaction`` — a ``QtInteraction`` in the app, a recorder in tests (``set_interaction``).
A ``DomainError`` becomes a sentence in the user's language via ``evidence_store.error_texts``.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QSizePolicy, QSpacerItem, QWidget

from evidence_store.domain.errors import DomainError
from evidence_store.i18n import _
from evidence_store.error_texts import message

log = logging.getLogger(__name__)


class Interaction(ABC):
    """What the UI may ask of a person. Subclass it; tests replace it with a recorder."""

    @abstractmethod
    def info(self, title: str, text: str, parent: QWidget | None = None) -> None:
        """Ask or tell the person."""

    @abstractmethod
    def warn(self, title: str, text: str, parent: QWidget | None = None) -> None:
        """Ask or tell the person."""

    @abstractmethod
    def error(self, title: str, text: str, parent: QWidget | None = None) -> None:
        """Ask or tell the person."""

    @abstractmethod
    def confirm(self, title: str, text: str, parent: QWidget | None = None) -> bool:
        """Ask or tell the person."""

    @abstractmethod
    def ask_password(self, title: str, prompt: str, parent: QWidget | None = None) -> str | None:
        """Ask or tell the person."""

    @abstractmethod
    def ask_open_files(self, title: str, filters: str, parent: QWidget | None = None) -> list[str]:
        """Ask or tell the person."""

    @abstractmethod
    def ask_save_path(self, title: str, suggested: str, filters: str, parent: QWidget | None = None) -> str | None:
        """Ask or tell the person."""


    def choose_label_layout(self, settings, count: int, parent: QWidget | None = None) -> tuple[str, int, int] | None:
        """Label sheet layout, copies and printer dpi for printing ``count`` items; None when the person
        cancels. Without a person to ask (tests, scripts): the settings' defaults."""
        return _label_defaults(settings)


TITLE_BAR_EXTRA = 140  # the title bar's icon and its close/minimise buttons, in pixels


def titled_box(icon, title: str, text: str, parent=None, *, buttons: bool = True) -> QMessageBox:
    """A message box wide enough for its whole title: a short text made Qt size the box to it, and the window
    manager then cut the title ("Không thực hi…", HANDS-ON 8)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok if buttons else
                      QMessageBox.StandardButton.NoButton, parent)
    width = box.fontMetrics().horizontalAdvance(title) + TITLE_BAR_EXTRA
    grid = box.layout()
    grid.addItem(QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
                 grid.rowCount(), 0, 1, grid.columnCount())
    return box


class QtInteraction(Interaction):
    """Real modal dialogs."""

    def choose_label_layout(self, settings, count, parent=None):
        from .widgets.label_options import LabelPrintDialog
        dialog = LabelPrintDialog(settings, count, parent)
        return dialog.choice if dialog.exec() else None

    def info(self, title, text, parent=None):
        titled_box(QMessageBox.Icon.Information, title, text, parent).exec()

    def warn(self, title, text, parent=None):
        titled_box(QMessageBox.Icon.Warning, title, text, parent).exec()

    def error(self, title, text, parent=None):
        titled_box(QMessageBox.Icon.Critical, title, text, parent).exec()

    def confirm(self, title, text, parent=None):
        return self.confirm_choice(title, text, parent)

    def confirm_choice(self, title, text, parent=None, yes: str | None = None, no: str | None = None):
        """A question whose buttons say what they do ("Hủy phiếu" / "Tiếp tục lập"), not "Đồng ý / Hủy"."""
        box = titled_box(QMessageBox.Icon.Question, title, text, parent, buttons=False)
        accept = box.addButton(yes or _("Đồng ý"), QMessageBox.ButtonRole.YesRole)
        keep = box.addButton(no or _("Hủy"), QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(keep if no else accept)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is accept

    def ask_password(self, title, prompt, parent=None):
        return self.ask_password_choice(title, prompt, parent)

    def ask_password_choice(self, title, prompt, parent=None, cancel: str | None = None):
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(prompt)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setOkButtonText(_("Đồng ý"))
        dialog.setCancelButtonText(cancel or _("Hủy"))
        return dialog.textValue() if dialog.exec() else None

    def ask_open_files(self, title, filters, parent=None):
        files, _filter = QFileDialog.getOpenFileNames(parent, title, "", filters)
        return files

    def ask_save_path(self, title, suggested, filters, parent=None):
        path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return path or None


interaction: Interaction = QtInteraction()


def set_interaction(new: Interaction) -> Interaction:
    """Swap the interaction (tests); returns the previous one."""
    global interaction
    previous, interaction = interaction, new
    return previous


def text_of(error: DomainError) -> str:
    return message(error)


def show_error(error: DomainError, parent: QWidget | None = None) -> None:
    interaction.error(_("Không thực hiện được"), text_of(error), parent)


def show_unexpected(error: BaseException, parent: QWidget | None = None) -> None:
    """A bug, not a user mistake: log the traceback (ids only), tell the user plainly."""
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    interaction.error(_("Lỗi hệ thống"),
                      _("Đã xảy ra lỗi không mong muốn. Thao tác chưa được lưu. Chi tiết đã ghi vào nhật ký."),
                      parent)


def report(error: BaseException, parent: QWidget | None = None) -> None:
    """The boundary: domain errors as sentences, anything else as an unexpected error."""
    if isinstance(error, DomainError):
        show_error(error, parent)
        return
    from sqlalchemy.exc import DBAPIError
    if isinstance(error, DBAPIError):  # the server or the file failed (connection cut, timeout, grants): a sentence
        from evidence_store.db.faults import database_error
        mapped = database_error(error)
        log.warning("database fault: %s → %s", type(error.orig or error).__name__, mapped.code)
        if mapped.code != "database_failed":
            show_error(mapped, parent)
            return
    show_unexpected(error, parent)


def info(text: str, parent: QWidget | None = None, title: str | None = None) -> None:
    interaction.info(title or _("Thông báo"), text, parent)


def warn(text: str, parent: QWidget | None = None, title: str | None = None) -> None:
    interaction.warn(title or _("Cảnh báo"), text, parent)


def confirm(text: str, parent: QWidget | None = None, title: str | None = None, *, yes: str | None = None,
            no: str | None = None) -> bool:
    """``yes``/``no`` name the buttons by what they do; an interaction without ``confirm_choice``
    (a test recorder) answers through ``confirm``."""
    choice = getattr(interaction, "confirm_choice", None)
    if (yes or no) and choice is not None:
        return choice(title or _("Xác nhận"), text, parent, yes=yes, no=no)
    return interaction.confirm(title or _("Xác nhận"), text, parent)


def ask_password(prompt: str, parent: QWidget | None = None, title: str | None = None, *,
                 cancel: str | None = None) -> str | None:
    choice = getattr(interaction, "ask_password_choice", None)
    if cancel and choice is not None:
        return choice(title or _("Mật khẩu"), prompt, parent, cancel=cancel)
    return interaction.ask_password(title or _("Mật khẩu"), prompt, parent)


def ask_open_files(title: str, filters: str, parent: QWidget | None = None) -> list[str]:
    return interaction.ask_open_files(title, filters, parent)


def ask_save_path(title: str, suggested: str, filters: str, parent: QWidget | None = None) -> str | None:
    return interaction.ask_save_path(title, suggested, filters, parent)


def _label_defaults(settings) -> tuple[str, int, int]:
    key = settings.item_label_layout
    return key, max(1, settings.label_copies), settings.layout(key).dpi


def choose_label_layout(settings, count: int, parent: QWidget | None = None) -> tuple[str, int, int] | None:
    ask = getattr(interaction, "choose_label_layout", None)
    if ask is None:
        return _label_defaults(settings)
    return ask(settings, count, parent)
