"""PDF renderers for labels and records (DESIGN §5 Printing). Qt-free and database-free:
each renderer takes plain frozen dataclasses from ``records`` and returns PDF bytes."""

from .handover import render_handover, render_stock_slip
from .labels import render_item_labels, render_location_labels
from .registers import render_stock_book, render_stock_card
from .reports import render_custody_report, render_destruction
from .templates import PrintSettings

__all__ = [
    "PrintSettings", "render_custody_report", "render_destruction", "render_handover", "render_item_labels",
    "render_location_labels", "render_stock_book", "render_stock_card", "render_stock_slip",
]
