"""Pick a known person from the registry while typing a name: a completer over the persons table
(accents ignored); choosing one fills the other fields through ``on_pick`` (HANDS-ON 14, 38)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import QCompleter, QLineEdit

from evidence_store.services import lookups
from evidence_store.services.dto import PersonRow

from .. import operations


def person_text(p: PersonRow) -> str:
    extra = ", ".join(x for x in (p.rank, p.position) if x)
    ident = f" — CCCD {p.id_number}" if p.id_number else ""
    return f"{p.full_name}" + (f" ({extra})" if extra else "") + ident


class PersonPicker:
    def __init__(self, ctx, edit: QLineEdit, on_pick: Callable[[PersonRow], None],
                 show: Callable[[PersonRow], str] | None = None) -> None:
        """``show``: what the field keeps once a person is picked (the name; the CCCD field its number)."""
        self.ctx, self.edit, self.on_pick = ctx, edit, on_pick
        self.show = show or (lambda p: p.full_name)
        self.rows: list[PersonRow] = []
        self.model = QStringListModel(edit)
        self.completer = QCompleter(self.model, edit)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        edit.setCompleter(self.completer)
        self.completer.activated[str].connect(self.pick_text)
        edit.textEdited.connect(self.suggest)

    def suggest(self, text: str) -> list[PersonRow]:
        result = operations.query(self.ctx, lookups.find_persons, text)
        self.rows = result.value if result.ok else []
        self.model.setStringList([person_text(p) for p in self.rows])
        return self.rows

    def pick_text(self, text: str) -> None:
        row = next((p for p in self.rows if person_text(p) == text), None)
        if row is not None:
            self.pick(row)

    def pick(self, row: PersonRow) -> None:
        self.on_pick(row)
        self.edit.setText(self.show(row))
        # the line edit writes the whole suggestion ("name (rank) — CCCD …") once the popup closes, after
        # this slot: put the name (or the CCCD) back when that is done
        QTimer.singleShot(0, self.edit, lambda: self.edit.setText(self.show(row)))
