"""A field's error text under the field is red (issue #19 moved the colour from a style sheet per error label — 118
of them, each with a style-sheet style and rule caches of its own — to the label's palette)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.widgets.form import ERROR_COLOUR, Form, line_edit


def _red_pixels(widget) -> int:
    image = widget.grab().toImage()
    red = QColor(ERROR_COLOUR)
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if abs(image.pixelColor(x, y).red() - red.red()) < 40 and image.pixelColor(x, y).green() < 90)


def test_a_field_error_is_shown_in_red_without_a_style_sheet_per_label(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    form = Form()
    QVBoxLayout(window).addWidget(form)
    form.add("case_number", "Số vụ án", line_edit(), required=True)
    form.add("title", "Tên vụ án", line_edit())
    window.resize(700, 200)
    window.show()
    qtbot.waitExposed(window)
    error = form.fields["case_number"].error
    assert not error.isVisible()
    form.set_error("case_number", "Chưa nhập số vụ án")
    qtbot.wait(10)
    assert error.isVisible() and error.text() == "Chưa nhập số vụ án"
    assert _red_pixels(error) > 20  # the text is drawn red
    assert all(f.error.styleSheet() == "" for f in form.fields.values())
