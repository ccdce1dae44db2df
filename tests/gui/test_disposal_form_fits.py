"""Issue 17: at 1366×768 the disposal proposal's form fits its pane for every outcome. The document-kind list was as
wide as its longest name (541 px): the form needed 771 px in a 573 px pane, its fields and the red refusal ("Chưa thể
thực hiện: …") cut on the right behind a sideways scroll bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QScrollArea


def _scroll_of(widget) -> QScrollArea:
    while widget is not None and not isinstance(widget, QScrollArea):
        widget = widget.parentWidget()
    return widget


def test_the_disposal_form_shows_whole_at_1366_by_768(main_window, qtbot):
    window = main_window("chaphanh")
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    screen = window.navigate("disposal")
    qtbot.wait(50)
    form, outcome = screen.proposal.form, screen.proposal.outcome
    scroll = _scroll_of(form)
    for value in [outcome.itemData(i) for i in range(outcome.count())]:
        outcome.setCurrentIndex(outcome.findData(value))
        qtbot.wait(20)
        assert form.minimumSizeHint().width() <= scroll.viewport().width(), value
        assert not scroll.horizontalScrollBar().isVisible(), value
    kind = form.widget("decision_kind")
    QApplication.sendEvent(kind, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), kind.mapToGlobal(QPoint(5, 5))))
    assert kind.toolTip() == kind.currentText()  # the chosen kind's whole name


def test_the_only_finance_agency_and_procuracy_are_chosen_for_the_council(main_window, qtbot):
    """«Viện kiểm sát kiểm sát» left at «— Chọn cơ quan —» was refused only at «Gửi đề xuất» (Luật THADS Điều 125),
    though the registry has one procuracy and one finance agency at this level."""
    window = main_window("chaphanh")
    screen = window.navigate("disposal")
    form = screen.proposal.form
    for key in ("supervisor_agency", "council_finance_agency"):
        box = form.widget(key)
        assert box.count() == 2 and box.currentIndex() == 1, key


def test_the_print_preview_keeps_its_buttons_on_a_1366_by_768_screen(qtbot):
    """It opened 900 px tall: «In…» and «Lưu PDF…» were below the bottom of a 768 px screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QPushButton
    from evidence_store.printing import render_item_labels
    from tests.unit import printing_samples as samples
    from ui.widgets import scan_batch
    from ui.widgets.print_preview import PrintPreviewDialog
    real = scan_batch.fit_to_screen
    scan_batch.fit_to_screen = lambda dialog, w, h, free=None: real(dialog, w, h, QRect(0, 0, 1366, 738))
    try:
        dialog = PrintPreviewDialog(render_item_labels([samples.label()]), "Nhãn", "nhan.pdf")
    finally:
        scan_batch.fit_to_screen = real
    qtbot.addWidget(dialog)
    assert dialog.height() <= 738 - 48
    assert dialog.findChildren(QPushButton)  # the buttons are laid out inside that height
