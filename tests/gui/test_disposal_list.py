"""The Xử lý screen says "scan each item of the printed list": the list is printed from there (HANDS-ON 50) —
every held item whose case is over (đình chỉ, a judgment in force), one Code 128 per line, and a barcode read
off the printed page puts its item into the proposal."""

from __future__ import annotations

import zxingcpp
from PySide6.QtCore import Qt

from evidence_store.domain import codes
from tests.integration.lifecycle_builders import dismissed, milestone
from tests.unit.printing_helpers import rasterise, text
from ui.scan_feedback import Outcome, ScanSounds
from ui.screens.disposal import DisposalScreen
from ui.widgets.print_preview import PrintPreviewDialog

from .lifecycle_helpers import ctx_for, detail, phone, received


def test_the_candidate_list_is_printed_from_the_screen_and_its_barcodes_scan(qtbot, shell_world, recorder):
    db, world = shell_world
    over = received(db, world, [phone(seal_number="NP-0001"), phone(seal_number="NP-0002")],
                    case_number="127/2026/CSHS")
    dismissed(db, world, detail(db, world, over[0]).case_id)  # đình chỉ: the case is over (BLTTHS Điều 106)
    going_on = received(db, world)[0]
    milestone(db, detail(db, world, going_on).case_id, "opening", "case_opening", "9/QĐ-KTVA",
              world.agencies["pc02"])
    screen = DisposalScreen(ctx_for(db, world, "thukho"))
    screen.batch.indicator.sounds = ScanSounds(muted=True)
    qtbot.addWidget(screen)
    screen.tabs.setCurrentIndex(0)
    screen.show()
    assert screen.list_button.isVisible()
    qtbot.mouseClick(screen.list_button, Qt.MouseButton.LeftButton)
    dialogs = screen.findChildren(PrintPreviewDialog)
    assert len(dialogs) == 1, recorder.messages
    pdf = dialogs[0].pdf
    qtbot.addWidget(dialogs[0])
    words = text(pdf)
    assert "Vật chứng đủ điều kiện đề xuất xử lý" in words and "127/2026/CSHS" in words
    assert all(codes.parse_code(c).display in words for c in over)
    assert codes.parse_code(going_on).display not in words  # its case goes on: not a candidate
    read = {r.text for r in zxingcpp.read_barcodes(rasterise(pdf, dpi=300)[0])
            if "128" in str(r.format)}
    assert read == set(over)
    for code in sorted(read):  # the clerk scans the printed list
        screen.handle_scan(code)
        assert screen.batch.outcome is Outcome.FOUND
    assert set(screen.batch.codes()) == set(over)
