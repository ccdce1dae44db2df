"""Table models: windowed over the database (they hold a count and fetch pages of plain rows),
so the lists stay instant at one million items (DESIGN §5; STACK-CHECK §2.8 8f)."""

from .paged import Column, PagedTableModel

__all__ = ["Column", "PagedTableModel"]
