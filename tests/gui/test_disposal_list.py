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


def _accept_filters(monkeypatch, case_number="", location_code=""):
    """The filter dialog answered: the case and the place chosen (none: the whole list)."""
    from ui import print_actions
    seen = []

    def answered(dialog):
        seen.append([dialog.case_box.itemText(i) for i in range(dialog.case_box.count())]
                    + [dialog.place_box.itemText(i) for i in range(dialog.place_box.count())])
        dialog.choose(case_number, location_code)
        return 1
    monkeypatch.setattr(print_actions.CandidateFilterDialog, "exec", answered)
    return seen


def test_the_candidate_list_is_printed_from_the_screen_and_its_barcodes_scan(qtbot, shell_world, recorder,
                                                                             monkeypatch):
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
    _accept_filters(monkeypatch)
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


def test_the_candidate_list_is_narrowed_to_a_case_and_a_place(qtbot, shell_world, recorder, monkeypatch):
    """Issue 17: the clerk prints the page of one case, or of the zone he walks: the dialog lists the cases and
    places holding candidates with their counts, and the printed list holds only what was chosen and says so."""
    db, world = shell_world
    loc = world.locations
    first = received(db, world, [phone(seal_number="NP-0001", location_code=loc["bin_A111"]),
                                 phone(seal_number="NP-0002", location_code=loc["bin_B111"])],
                     case_number="127/2026/CSHS")
    second = received(db, world, [phone(seal_number="NP-0003", location_code=loc["bin_A121"])],
                      case_number="128/2026/CSHS")
    for code in (first[0], second[0]):
        dismissed(db, world, detail(db, world, code).case_id)
    screen = DisposalScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(screen)

    def printed(case_number="", location_code=""):
        seen = _accept_filters(monkeypatch, case_number, location_code)
        dialog = screen.print_candidates()
        assert dialog is not None, recorder.messages
        qtbot.addWidget(dialog)
        words = text(dialog.pdf)
        return seen[0], words, {c for c in first + second if codes.parse_code(c).display in words}

    choices, words, shown = printed("127/2026/CSHS")
    assert any(c.startswith("127/2026/CSHS") and c.endswith("(2)") for c in choices)
    assert any(c.strip().startswith("Khu A") and c.endswith("(2)") for c in choices)  # a zone counts what is under it
    assert any(c.strip().startswith("Kệ A1-T1") and c.endswith("(1)") for c in choices)
    assert shown == set(first) and "Lọc theo: Vụ án: 127/2026/CSHS" in words
    _c, words, shown = printed(location_code=loc["zone_A"])
    assert shown == {first[0], second[0]} and "Vị trí: Khu A" in words
    _c, words, shown = printed("127/2026/CSHS", loc["zone_A"])
    assert shown == {first[0]}
    _c, words, shown = printed()
    assert shown == set(first + second) and "Lọc theo" not in words
