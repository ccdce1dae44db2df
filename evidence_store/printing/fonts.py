"""Bundled Liberation fonts, registered once with reportlab.

Never use the base-14 fonts: they are WinAnsi Type 1 and print Vietnamese letters blank
(STACK-CHECK §2.4). Liberation Serif has Times New Roman metrics, the font ND 30/2020 asks for.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..i18n import RESOURCES

FONT_DIR = RESOURCES / "fonts"
SERIF = "LiberationSerif"
SANS = "LiberationSans"
_STYLES = {"Regular": (0, 0), "Bold": (1, 0), "Italic": (0, 1), "BoldItalic": (1, 1)}
_lock = threading.Lock()
_done = False
_registered: set[str] = set()


def font_name(family: str, bold: bool = False, italic: bool = False) -> str:
    style = {(0, 0): "Regular", (1, 0): "Bold", (0, 1): "Italic", (1, 1): "BoldItalic"}[(int(bold), int(italic))]
    return f"{family}-{style}"


def _register(name: str) -> None:
    if name not in _registered:
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
        _registered.add(name)


def register_fonts(*names: str) -> None:
    """Register Liberation Serif and Sans (4 styles each) and map <b>/<i> for Paragraphs. Idempotent.

    ``register_fonts(font_name(SANS), …)``: only those fonts (the Reports screen's charts draw with two of the
    eight; each parsed font holds ~1.3 MB: issue #19, resident memory with the main lists open)."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        if names:
            for name in names:
                _register(name)
            return
        for family in (SERIF, SANS):
            for style, (bold, italic) in _STYLES.items():
                name = f"{family}-{style}"
                _register(name)
                addMapping(family, bold, italic, name)
                addMapping(f"{family}-Regular", bold, italic, name)
        _done = True
