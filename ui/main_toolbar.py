"""The main window's toolbar: the always-visible scan field, the scan indicator, the language
switch and the user menu."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMenu, QSizePolicy, QToolBar, QWidget

from evidence_store.i18n import _, language

from .scan_feedback import ScanIndicator, ScanSounds
from .widgets.menu_button import MenuButton

LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))  # each named in its own language


class MainToolbar(QToolBar):
    code_entered = Signal(str)
    language_chosen = Signal(str)

    def __init__(self, user_label: str, parent: QWidget | None = None, *, sounds: ScanSounds | None = None) -> None:
        super().__init__(_("Thanh công cụ"), parent)
        self.setMovable(False)
        self.setIconSize(QSize(20, 20))
        self.setStyleSheet("QToolBar { spacing: 8px; padding: 4px 8px; }")
        title = QLabel(_("Kho Vật Chứng"))
        title.setStyleSheet("font-size: 13pt; font-weight: bold; padding-right: 12px;")
        self.addWidget(title)
        self.scan_field = self._scan_field()
        self.addWidget(self.scan_field)
        self.indicator = ScanIndicator(self, sounds=sounds, single_line=True)  # the bar never changes height
        self.indicator.setMinimumWidth(300)
        self.indicator.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(self.indicator)
        self.language = self._language_box()
        self.addWidget(self.language)
        self.user_button = MenuButton(user_label, self)
        self.user_menu = QMenu(self.user_button)
        self.user_button.setMenu(self.user_menu)
        self.addWidget(self.user_button)

    def _scan_field(self) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName("scan_field")
        field.setPlaceholderText(_("Quét hoặc nhập mã (Ctrl+L)"))
        field.setClearButtonEnabled(True)
        field.setMinimumWidth(260)
        field.setMaximumWidth(340)
        field.returnPressed.connect(self._submit)
        return field

    def _submit(self) -> None:
        text = self.scan_field.text().strip()
        self.scan_field.clear()
        if text:
            self.code_entered.emit(text)

    def _language_box(self) -> QComboBox:
        box = QComboBox(self)
        box.setToolTip(_("Ngôn ngữ giao diện"))
        for code, name in LANGUAGES:
            box.addItem(name, code)
        box.setCurrentIndex(max(0, box.findData(language())))
        box.activated.connect(lambda _i: self.language_chosen.emit(box.currentData()))
        box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        return box
