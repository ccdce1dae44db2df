"""Titles and names as people read them (HANDS-ON 8): a message box is wide enough for its whole title, and the
settings name the label sizes as people call them, not by their keys ("thermal-50x30")."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ui.messages import TITLE_BAR_EXTRA, titled_box
from ui.screens.admin_settings import SettingsTab

from .conftest import make_ctx


def test_a_short_message_keeps_its_whole_title(qtbot):
    title = "Không thực hiện được"
    box = titled_box(QMessageBox.Icon.Critical, title, "Lỗi.")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert box.width() >= box.fontMetrics().horizontalAdvance(title) + TITLE_BAR_EXTRA
    assert box.windowTitle() == title


def test_settings_name_the_label_sizes_as_people_call_them(qtbot, shell_world):
    db, world = shell_world
    tab = SettingsTab(make_ctx(db, world, "quantri"))
    qtbot.addWidget(tab)
    names = [tab.item_layout.itemText(i) for i in range(tab.item_layout.count())]
    assert "Máy in nhiệt, nhãn 50×30 mm" in names
    assert not any("thermal-" in n or "a4-" in n for n in names), names
    assert tab.item_layout.currentData() in {tab.item_layout.itemData(i) for i in range(tab.item_layout.count())}
