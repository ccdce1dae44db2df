"""HANDS-ON 67 follow-up (issue #17): a date field's calendar speaks the interface language — Qt takes
month and day names from QLocale, not from the translators — and money fields keep the app's numbers."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtWidgets import QTableView, QToolButton

from evidence_store.i18n import set_language
from ui.screens.reports import CUSTOM, ReportsScreen

VI = QLocale(QLocale.Language.Vietnamese)
EN = QLocale(QLocale.Language.English)


def open_calendar(qtbot, edit):
    """Click the field's arrow as a clerk does; return the popup's month and day names."""
    assert edit.isEnabled()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
    calendar = edit.calendarWidget()
    assert calendar.isVisible()
    month = calendar.findChild(QToolButton, "qt_calendar_monthbutton").text()
    model = calendar.findChild(QTableView, "qt_calendar_calendarview").model()
    days = [model.data(model.index(0, column)) for column in range(model.columnCount())]
    calendar.window().hide()
    return month, days


def open_period_calendar(qtbot, screen, edit):
    screen.period_box.setCurrentIndex(screen.period_box.findData(CUSTOM))  # «Tùy chọn» enables the dates
    return open_calendar(qtbot, edit)


def day_names(locale):
    return {locale.dayName(day, QLocale.FormatType.ShortFormat) for day in range(1, 8)}


def test_the_report_period_calendar_is_vietnamese_then_english_after_a_switch(main_window, qtbot):
    window = main_window("lanhdao")
    window.nav.setCurrentRow(window.nav_titles.index("Báo cáo"))
    screen = window.current_screen()
    assert isinstance(screen, ReportsScreen)
    shown = screen.date_from.date().month()
    month, days = open_period_calendar(qtbot, screen, screen.date_from)
    assert month == VI.standaloneMonthName(shown) and month != EN.standaloneMonthName(shown)
    assert set(days) == day_names(VI)
    assert screen.date_from.text().count("/") == 2  # typed and shown dd/MM/yyyy whatever the language
    try:
        window.switch_language("en")
        screen = window.current_screen()
        month, days = open_period_calendar(qtbot, screen, screen.date_to)
        assert month == EN.standaloneMonthName(screen.date_to.date().month())
        assert set(days) == day_names(EN)
        window.switch_language("vi")
        screen = window.current_screen()
        month, days = open_period_calendar(qtbot, screen, screen.date_to)
        assert set(days) == day_names(VI)
    finally:
        set_language("vi")


def test_the_record_end_time_calendar_is_vietnamese(qtbot, shell_world):
    """«Kết thúc hồi» of a record, where the English month names were seen under Xvfb."""
    from tests.integration.builders import phone, receive
    from ui.screens.handover import HandoverDialog

    from .lifecycle_helpers import ctx_for
    db, world = shell_world
    number = receive(db, world.actor(db, "thukho"), [phone()]).handover_number
    dialog = HandoverDialog(ctx_for(db, world, "thukho"), number)
    qtbot.addWidget(dialog)
    dialog.show()
    month, days = open_calendar(qtbot, dialog.end_time)
    assert month == VI.standaloneMonthName(dialog.end_time.date().month()) and set(days) == day_names(VI)
    assert dialog.end_time.text().count("/") == 2 and ":" in dialog.end_time.text()  # HH:mm dd/MM/yyyy kept
