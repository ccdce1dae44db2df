"""One translation catalog for the GUI, the command line and the PDFs.

Vietnamese is the source language: every user-visible string is written in Vietnamese
and wrapped in ``_()``. English comes from ``resources/translations/en.json`` (msgid → text) and the
topic fragments ``resources/translations/en/*.json`` (one per feature area, so parallel work never edits one file).
Strings may carry ``{name}`` placeholders; pass the values as keyword arguments.
"""

from __future__ import annotations

from contextlib import contextmanager

import json
import threading
import unicodedata
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
LANGUAGES = ("vi", "en")

_state = threading.local()
_catalogs: dict[str, dict[str, str]] = {}
_default_language = "vi"


def catalog_files(lang: str) -> list[Path]:
    """The catalogue files of one language: the main file, then its topic fragments in name order."""
    folder = RESOURCES / "translations"
    main = folder / f"{lang}.json"
    return ([main] if main.exists() else []) + sorted((folder / lang).glob("*.json"))


def load_catalog(lang: str) -> dict[str, str]:
    """msgid → text from every catalogue file of ``lang`` (later fragments never override earlier ones)."""
    merged: dict[str, str] = {}
    for path in catalog_files(lang):
        for key, value in json.loads(path.read_text("utf-8")).items():
            merged.setdefault(key, value)
    return merged


def _catalog(lang: str) -> dict[str, str]:
    if lang not in _catalogs:
        _catalogs[lang] = load_catalog(lang)
    return _catalogs[lang]


def set_language(lang: str) -> None:
    """Set the process-wide interface language ("vi" or "en")."""
    global _default_language
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _default_language = lang
    _state.lang = lang


def language() -> str:
    return getattr(_state, "lang", _default_language)


@contextmanager
def in_language(lang: str):
    """This thread speaks ``lang`` inside the block (official records print in Vietnamese whatever the
    interface language); the previous language comes back afterwards."""
    if lang not in LANGUAGES:
        raise ValueError(lang)
    previous = getattr(_state, "lang", None)
    _state.lang = lang
    try:
        yield
    finally:
        if previous is None:
            del _state.lang
        else:
            _state.lang = previous


def _(msgid: str, **params: object) -> str:
    """Translate a Vietnamese msgid into the current language and fill its placeholders."""
    text = msgid if language() == "vi" else _catalog(language()).get(msgid, msgid)
    if params:
        text = text.format(**params)
    return unicodedata.normalize("NFC", text)


CONTEXT_SEPARATOR = "\x04"  # gettext's: "context\x04msgid" is the catalogue key of a msgid in a context


def C_(context: str, msgid: str, **params: object) -> str:
    """Translate a msgid whose English depends on where it stands: the same Vietnamese words name an action on
    a button ("Chuyển vị trí" → "Move") and a past event in a history ("Moved") (HANDS-ON 68). The catalogue
    key is ``context + "\x04" + msgid``; without one, the msgid's plain translation."""
    if language() != "vi":
        text = _catalog(language()).get(f"{context}{CONTEXT_SEPARATOR}{msgid}")
        if text is not None:
            return unicodedata.normalize("NFC", text.format(**params) if params else text)
    return _(msgid, **params)


def N_(msgid: str) -> str:
    """Mark a string for translation without translating it now (tables of labels)."""
    return msgid
