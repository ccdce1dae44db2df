"""The administrator's first steps on the home screen (HANDS-ON 3): after the first login the home screen
was empty; it now lists what is left to make the warehouse usable — accounts, locations, location labels —
each opening the admin tab where it is done, until all are done or the list is put away."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from evidence_store.domain.permissions import allowed
from evidence_store.i18n import N_, _
from evidence_store.services import first_steps

from .. import operations

STEP_TEXT = {
    "users": (N_("Tạo tài khoản cho thủ kho, cán bộ thụ lý, lãnh đạo"), N_("Mở Người dùng"), "users"),
    "locations": (N_("Khai báo khu, dãy, kệ, tầng, ô trong kho"), N_("Mở Kho và vị trí"), "locations"),
    "location_labels": (N_("In nhãn vị trí và dán lên kệ, ô"), N_("In nhãn vị trí…"), "locations"),
}


class FirstStepsPanel(QFrame):
    def __init__(self, ctx, go) -> None:
        super().__init__()
        self.ctx, self.go = ctx, go
        self.state: first_steps.FirstSteps | None = None
        self.setStyleSheet("FirstStepsPanel { border: 1px solid #90caf9; border-radius: 4px; background: #e3f2fd; }")
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; border: none;")
        head.addWidget(self.title, 1)
        self.hide_button = QPushButton(_("Ẩn danh sách này"))
        self.hide_button.clicked.connect(self.dismiss)
        head.addWidget(self.hide_button)
        column.addLayout(head)
        grid = QGridLayout()
        self.marks: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        for row, (key, (text, button_text, tab)) in enumerate(STEP_TEXT.items()):
            mark = QLabel()
            mark.setStyleSheet("border: none;")
            self.marks[key] = mark
            grid.addWidget(mark, row, 0)
            label = QLabel(f"{row + 1}. {_(text)}")
            label.setStyleSheet("border: none;")
            grid.addWidget(label, row, 1)
            button = QPushButton(_(button_text))
            button.clicked.connect(lambda _c=False, k=key, t=tab: self.open_step(k, t))
            self.buttons[key] = button
            grid.addWidget(button, row, 2)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)
        self.hide()

    def refresh(self) -> None:
        if not allowed(self.ctx.actor.roles, "manage_users"):
            self.hide()
            return
        result = operations.query(self.ctx, first_steps.first_steps, parent=self)
        if not result.ok:
            self.hide()
            return
        self.state = s = result.value
        done = s.done
        left = sum(1 for v in done.values() if not v)
        self.title.setText(_("Bắt đầu sử dụng kho: còn {n} việc", n=left))
        for key, mark in self.marks.items():
            mark.setText("✔" if done[key] else "○")
            mark.setStyleSheet("border: none; color: #2e7d32; font-weight: bold;" if done[key] else "border: none;")
            self.buttons[key].setDefault(not done[key] and key == next(k for k, v in done.items() if not v))
        self.setVisible(not s.finished)

    def open_step(self, key: str, tab: str):
        admin = self.go("admin")
        if admin is None:
            return None
        admin.tabs.setCurrentWidget(getattr(admin, tab))
        if key == "location_labels":
            tab = admin.locations
            if not tab.tree.currentIndex().isValid():  # the whole warehouse: every location's label
                tab.tree.setCurrentIndex(tab.model.index(0, 0))
            tab.print_labels()
        return admin

    def dismiss(self) -> None:
        result = operations.perform(self.ctx, first_steps.mark, "dismissed", parent=self)
        if result.ok:
            self.hide()
