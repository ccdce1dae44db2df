"""PDF renderers for labels and records (DESIGN §5 Printing). Qt-free and database-free:
each renderer takes plain frozen dataclasses from ``records`` and returns PDF bytes.

The renderers are imported on first use (PEP 562): reportlab costs ~0.3 s to import, which the app's
start-up should not pay before anything is printed (DESIGN §7)."""

from __future__ import annotations

import importlib

from .templates import PrintSettings

_RENDERERS = {
    "render_handover": "handover", "render_stock_slip": "handover", "render_item_labels": "labels",
    "render_location_labels": "labels", "render_stock_book": "registers", "render_stock_card": "registers",
    "render_custody_report": "reports", "render_destruction": "reports", "render_statistics": "statistics",
    "render_audit": "audit", "render_seal_paper": "seal_paper", "render_correction_annex": "correction_annex",
}

__all__ = ["PrintSettings", *sorted(_RENDERERS)]


def __getattr__(name: str):
    module = _RENDERERS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_RENDERERS))
