"""Non-modal print previews and record dialogs opened from a screen: kept alive until closed."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .. import operations

_open_previews: list = []  # keeps the non-modal previews alive


def keep_open(dialog) -> None:
    """Hold a non-modal dialog until the user closes it (Qt would delete it with its last reference)."""
    _open_previews.append(dialog)
    dialog.finished.connect(lambda _r, d=dialog: _open_previews.remove(d) if d in _open_previews else None)


def preview(ctx, fn, number: str, title: str, filename: str, parent: QWidget | None = None, *args):
    """Render ``fn(uow, number, *args)`` and show it in the print preview (not modal); None on a refusal."""
    from ..widgets.print_preview import PrintPreviewDialog
    result = operations.query(ctx, fn, number, *args, parent=parent)
    if not result.ok:
        return None
    dialog = PrintPreviewDialog(result.value, title, filename, parent)
    keep_open(dialog)
    dialog.show()
    return dialog
