"""A keyboard-first form: labelled fields, errors shown AT the field (red border + text under it),
Enter moves to the next field and, on the last one, emits ``submitted``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, QMetaMethod, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QAbstractSpinBox, QCheckBox, QComboBox, QDateEdit, QDateTimeEdit,
                               QDoubleSpinBox, QGridLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QSpinBox, QTextEdit, QWidget)

from evidence_store.i18n import _

from ..qt_translations import localize
from evidence_store.domain import chronology

ERROR_COLOUR = "#c62828"


def error_colours(label: QLabel) -> None:
    """An error text in red through the label's palette. Issue #19: a style sheet on each field's hidden error label
    (118 of them once the main screens are open) gave every one a style-sheet style of its own and its rule caches."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOUR))
    label.setPalette(palette)


INVALID_STYLE = f"border: 2px solid {ERROR_COLOUR}; border-radius: 3px; padding: 2px;"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
LABEL_WIDTH = 200
FORM_MAX_WIDTH = 980


@dataclass
class Field:
    key: str
    label: QLabel
    widget: QWidget
    error: QLabel
    required: bool


def line_edit(placeholder: str = "", text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    return edit


def date_edit(value: date | None = None) -> QDateEdit:
    """A dd/MM/yyyy field with a calendar popup in the interface language."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    localize(edit)
    day = value or chronology.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def datetime_edit(moment: datetime | None = None) -> QDateTimeEdit:
    """An HH:mm dd/MM/yyyy field with a calendar popup in the interface language (wall time as typed)."""
    edit = QDateTimeEdit()
    edit.setDisplayFormat("HH:mm dd/MM/yyyy")
    edit.setCalendarPopup(True)
    localize(edit)
    if moment is not None:
        edit.setDateTime(QDateTime(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second))
    return edit


def value_of(widget: QWidget):
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    if isinstance(widget, QComboBox):  # editable: the text; else the item's data (None: placeholder)
        return widget.currentText().strip() if widget.isEditable() else widget.currentData()
    if isinstance(widget, QDateEdit):
        return widget.date().toPython()
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    raise TypeError(type(widget).__name__)


def _lower_first(label: str) -> str:
    """"Số vụ án" → "số vụ án", but "IMEI" stays "IMEI"."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


class Form(QWidget):
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, Field] = {}
        self.enter_hook = None  # enter_hook(widget) -> True when it handled the Enter itself
        # Enter in any field submits once every required field is filled, as a dialog's default button does
        # (HANDS-ON 1: after fixing one field the user presses Enter there). A wizard page that walks the
        # clerk field by field sets this False: there Enter moves on and submits from the last field.
        self.enter_submits_when_complete = True
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnMinimumWidth(0, LABEL_WIDTH)  # forms stacked on one page line up
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self._row = 0

    def add(self, key: str, label: str, widget: QWidget, *, required: bool = False) -> QWidget:
        text = label + (" *" if required else "")
        caption = QLabel(text)
        caption.setBuddy(widget)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        error = QLabel()
        error_colours(error)
        error.setWordWrap(True)
        error.hide()
        widget.setObjectName(key)
        self.grid.addWidget(caption, self._row, 0)
        self.grid.addWidget(widget, self._row, 1)
        self.grid.addWidget(error, self._row + 1, 1)
        self._row += 2
        widget.installEventFilter(self)
        if isinstance(widget, (QComboBox, QAbstractSpinBox)):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel scrolls the form, it does not pick
        self.fields[key] = Field(key, caption, widget, error, required)
        for signal in ("textChanged", "currentIndexChanged", "dateChanged", "toggled"):
            if hasattr(widget, signal):  # an error disappears as soon as the field is changed (HANDS-ON 1)
                getattr(widget, signal).connect(lambda *_a, k=key: self._clear_if_shown(k))
                break
        return widget

    def _clear_if_shown(self, key: str) -> None:
        if key in self.fields and self.fields[key].error.text():
            self.set_error(key, "")

    def add_row(self, widget: QWidget) -> None:
        """A widget spanning both columns (a notice, a group of buttons)."""
        self.grid.addWidget(widget, self._row, 0, 1, 2)
        self._row += 1

    def add_note(self, widget: QWidget) -> None:
        """A note under the fields, in their column: a wrapping label ends where the fields end, never at the
        window's edge (a hint that ran to the dialog's right edge read as cut off, issue #12)."""
        self.grid.addWidget(widget, self._row, 1)
        self._row += 1

    def set_visible(self, key: str, visible: bool) -> None:
        f = self.fields[key]
        f.label.setVisible(visible)
        f.widget.setVisible(visible)
        if not visible:
            self.set_error(key, "")

    def widget(self, key: str) -> QWidget:
        return self.fields[key].widget

    def value(self, key: str):
        return value_of(self.fields[key].widget)

    def values(self) -> dict:
        return {k: value_of(f.widget) for k, f in self.fields.items()}

    def clear_texts(self) -> None:
        """Empty every typed field (numbers, names, notes) once what they held was saved, so the next act
        does not silently reuse the last one's document or person (HANDS-ON 36); choices and dates stay."""
        for f in self.fields.values():
            if isinstance(f.widget, QLineEdit):
                f.widget.clear()
            elif isinstance(f.widget, QComboBox) and f.widget.isEditable():
                f.widget.setEditText("")
        self.clear_errors()

    # -- errors at the field --------------------------------------------------------------
    def set_error(self, key: str, text: str) -> None:
        f = self.fields[key]
        f.error.setText(text)
        f.error.setVisible(bool(text))
        f.widget.setStyleSheet(INVALID_STYLE if text else "")
        f.widget.setProperty("invalid", bool(text))

    def error(self, key: str) -> str:
        return self.fields[key].error.text() if key in self.fields else ""

    def clear_errors(self) -> None:
        for key in self.fields:
            self.set_error(key, "")

    def check_required(self) -> bool:
        """Mark every empty required field; focus the first one. True when all are filled."""
        self.clear_errors()
        missing = [f for f in self.fields.values() if f.required and f.widget.isVisibleTo(self)
                   and value_of(f.widget) in ("", None)]
        for f in missing:
            self.set_error(f.key, _("Cần nhập {field}", field=_lower_first(f.label.text().rstrip(" *"))))
        if missing:
            missing[0].widget.setFocus()
        return not missing

    def focus_first(self) -> None:
        for f in self.fields.values():
            if f.widget.isVisibleTo(self) and f.widget.isEnabled():
                f.widget.setFocus()
                return

    # -- Enter advances -------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(obj, (QComboBox, QAbstractSpinBox)) \
                and not obj.hasFocus():
            # scrolling a long form with the wheel changed whichever list or date passed under the pointer (the
            # receiving agency of a transfer became another agency, unseen; issue 17): the form scrolls instead
            event.ignore()
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() in _ENTER and \
                not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if isinstance(obj, QComboBox) and obj.view().isVisible():
                return False
            if isinstance(obj, (QPlainTextEdit, QTextEdit)):
                return False  # "one person per line": Enter starts the next line (HANDS-ON 37)
            if self.enter_hook is None or not self.enter_hook(obj):
                self._advance(obj)
            return True
        return False

    def complete(self) -> bool:
        """Every visible, enabled required field has a value."""
        return all(value_of(f.widget) not in ("", None) for f in self.fields.values()
                   if f.required and f.widget.isVisibleTo(self) and f.widget.isEnabled())

    def _advance(self, current: QObject) -> None:
        order = [f.widget for f in self.fields.values() if f.widget.isVisibleTo(self) and f.widget.isEnabled()]
        # a form nobody submits on Enter (a screen saved by its own button) moves on instead: Enter in a complete
        # form went nowhere (issue 17)
        listened = self.isSignalConnected(QMetaMethod.fromSignal(self.submitted))
        if self.enter_submits_when_complete and listened and self.complete():
            self.submitted.emit()
        elif current in order and order.index(current) + 1 < len(order):
            order[order.index(current) + 1].setFocus()
        else:
            self.submitted.emit()


def field_errors(form: "Form | None", aliases: dict | None = None, fallback: QLabel | None = None, *,
                 text=None, fallback_fields_only: bool = False):
    """The one way a dialog shows a service's refusal (an ``on_error`` for ``ui.operations``): a refusal naming a
    field — its ``field`` parameter, or its code or field listed in ``aliases`` — goes under that field of ``form``
    (red border, focus); otherwise into ``fallback`` (the red line above the buttons), or, with
    ``fallback_fields_only``, only when it names a field; anything else is left to the error boundary (a message
    box). ``text(error)`` words it (default: the error texts' sentence)."""
    aliases = aliases or {}
    if text is None:
        from evidence_store.error_texts import message as text

    def hook(error) -> bool:
        named = error.params.get("field")
        key = aliases.get(error.code) or aliases.get(named) or named
        if form is not None and key in form.fields and form.fields[key].widget.isVisibleTo(form):
            form.set_error(key, text(error))
            form.fields[key].widget.setFocus()
            return True
        if fallback is not None and (named or not fallback_fields_only):
            fallback.setText(text(error))
            fallback.show()
            return True
        return False
    return hook
