"""Text normalisation and Vietnamese folding for search and sorting."""

from __future__ import annotations

import re
import unicodedata

# control characters, bidi overrides, and lone surrogates (they cannot be encoded for the database)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def nfc(text: str | None) -> str:
    """NFC, control characters and bidi overrides removed, spaces collapsed.

    reportlab does no shaping, so decomposed (NFD) Vietnamese would print marks in the wrong place.
    """
    if text is None:
        return ""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", str(text)))
    return _SPACES.sub(" ", text).strip()


def fold(text: str | None) -> str:
    """Diacritics-insensitive form: đ→d, marks dropped, case folded ("Điện thoại" → "dien thoai")."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", text).casefold()


_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# then tones (none, huyền, hỏi, ngã, sắc, nặng) as the secondary key.
_BASE_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def sort_key(text: str | None) -> str:
    """A byte-comparable key giving Vietnamese collation in SQL ORDER BY and in Python."""
    primary, secondary = [], []
    for ch in unicodedata.normalize("NFC", (text or "").casefold()):
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in decomposed if c not in _TONES)
        tone = next((_TONES[c] for c in decomposed if c in _TONES), 0)
        base = unicodedata.normalize("NFC", base)
        idx = _BASE_ORDER.find(base)
        # letters map to ordered code points above ASCII, so digits and punctuation sort first
        primary.append(chr(0x4E00 + idx) if idx >= 0 else base)
        secondary.append(str(tone))
    return "".join(primary) + "\x01" + "".join(secondary)
