"""Pick a known person from the registry while typing a name: a completer over the persons table
(accents ignored); choosing one fills the other fields through ``on_pick`` (HANDS-ON 14, 38)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from evidence_store.services import lookups
from evidence_store.services.dto import PersonRow

from .. import operations


def person_text(p: PersonRow) -> str:
    extra = ", ".join(x for x in (p.rank, p.position) if x)
    ident = f" — CCCD {p.id_number}" if p.id_number else ""
    return f"{p.full_name}" + (f" ({extra})" if extra else "") + ident


class PersonPicker:
    def __init__(self, ctx, edit: QLineEdit, on_pick: Callable[[PersonRow], None]) -> None:
        self.ctx, self.edit, self.on_pick = ctx, edit, on_pick
        self.rows: list[PersonRow] = []
        self.model = QStringListModel(edit)
        self.completer = QCompleter(self.model, edit)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.activated[str].connect(self.pick_text)
        edit.setCompleter(self.completer)
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
        self.edit.setText(row.full_name)
        self.on_pick(row)
