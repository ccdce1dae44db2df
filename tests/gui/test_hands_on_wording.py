"""Titles and names as people read them (HANDS-ON 8): a message box is wide enough for its whole title, and the
settings name the label sizes as people call them, not by their keys ("thermal-50x30")."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ui.dialogs import TITLE_BAR_EXTRA, titled_box
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


def test_in_english_the_item_page_offers_actions_as_verbs_and_its_history_tells_events(qtbot, shell_world):
    """HANDS-ON 68: "Moved", "Unsealed", "Entrusted" on the buttons of the item page."""
    from evidence_store import i18n
    from ui.screens.item_view import ItemViewScreen
    from .lifecycle_helpers import received
    db, world = shell_world
    code = received(db, world)[0]
    i18n.set_language("en")
    try:
        view = ItemViewScreen(make_ctx(db, world, "thukho"))
        qtbot.addWidget(view)
        view.show_item(code)
        labels = {b.text() for b in view.action_buttons.values()}
        assert {"Move", "Unseal"} <= labels, labels
        assert not [t for t in labels if t.endswith("ed")], labels
    finally:
        i18n.set_language("vi")
    view = ItemViewScreen(make_ctx(db, world, "thukho"))
    qtbot.addWidget(view)
    view.show_item(code)
    assert "Chuyển vị trí" in {b.text() for b in view.action_buttons.values()}
