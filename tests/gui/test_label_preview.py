"""HANDS-ON 87: a label's preview is label-sized (50 × 30 mm, landscape), not a landscape label on a portrait page."""

from __future__ import annotations

import pytest

from ui.widgets.print_preview import pdftoppm


@pytest.mark.skipif(pdftoppm() is None, reason="poppler-utils (pdftoppm) is not installed — scripts/setup.sh installs it; without it the app shows no label preview, so there is nothing to check")
def test_the_label_preview_is_label_sized(qapp):
    from evidence_store.printing import render_item_labels
    from tests.unit import printing_samples as samples
    from ui.widgets.print_preview import PREVIEW_DPI, PrintPreviewDialog
    dialog = PrintPreviewDialog(render_item_labels([samples.label()]), "Nhãn", "nhan.pdf")
    assert len(dialog.pages) == 1
    page = dialog.pages[0]
    mm = PREVIEW_DPI / 25.4
    assert abs(page.width() - 50 * mm) <= 2 and abs(page.height() - 30 * mm) <= 2, (page.width(), page.height())
    dialog.close()
