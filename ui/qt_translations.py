"""Qt's own dialogs and buttons in Vietnamese (HANDS-ON 67): the file dialog, the print dialog, the
message box buttons ("Cancel" → "Hủy"), the text fields' context menus.

PySide6 ships qtbase translations for about thirty languages but not Vietnamese, so the app carries
its own table (resources/translations/qt/vi.json: Qt's context → English source → Vietnamese), made
from the source texts in the shipped qtbase_*.qm files. A QTranslator subclass answers Qt from it;
for a language Qt does ship, its qtbase_<lang>.qm is loaded instead.

Month and day names in a date field's calendar come from QLocale, not from the translators: the date
and time edits get the interface language's locale one by one (``localize``), never QLocale.setDefault,
so numbers in spin boxes and money fields keep the app's own formatting."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from evidence_store.i18n import language

TABLES = Path(__file__).resolve().parent.parent / "resources" / "translations" / "qt"


@lru_cache(maxsize=4)
def table(lang: str) -> dict[str, dict[str, str]]:
    path = TABLES / f"{lang}.json"
    if not path.exists():
        return {}
    return {k: v for k, v in json.loads(path.read_text("utf-8")).items() if isinstance(v, dict)}


class TableTranslator(QTranslator):
    """Looks a Qt string up by its context and English source text."""

    def __init__(self, lang: str, parent=None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.entries = table(lang)

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 (Qt's signature)
        text = self.entries.get(context or "", {}).get(source_text or "")
        return text if text else None

    def isEmpty(self) -> bool:  # noqa: N802 (Qt)
        return not self.entries


_installed: list[QTranslator] = []

_LOCALES = {"vi": (QLocale.Language.Vietnamese, QLocale.Country.Vietnam),
            "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom)}


def localize(edit: QWidget) -> QWidget:
    """Give a date/time edit (and so its calendar popup) the interface language's month and day names.
    A language switch rebuilds the window, so its new edits get the new language."""
    edit.setLocale(QLocale(*_LOCALES.get(language(), _LOCALES["vi"])))
    return edit


def install(lang: str, app: QApplication | None = None) -> list[QTranslator]:
    """Replace the Qt translators for ``lang`` (none for English, Qt's own language)."""
    app = app or QApplication.instance()
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if lang == "en" or app is None:
        return []
    translator: QTranslator = TableTranslator(lang, app)
    if translator.isEmpty():
        shipped = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = shipped if shipped.load(f"qtbase_{lang}", folder) else None
    if translator is not None:
        app.installTranslator(translator)
        _installed.append(translator)
    return list(_installed)
