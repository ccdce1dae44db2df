"""A case's deadline in «Việc cần làm» (the lead's walk, issue #12): «Số / mã» showed «#309» — the deadline's row
id — for «Hạn thành lập Hội đồng tiêu hủy (1 tháng)». It now names the QĐ thi hành án the month runs from (Luật
THADS Điều 125.1), and opening it shows the case's deadlines."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.services.commands import NewItem
from tests.integration.builders import receive
from tests.integration.lifecycle_builders import TODAY, judged, milestone

from .lifecycle_helpers import ctx_for


def _enforced_weeks_ago(db, world):
    """A case holding a knife whose QĐ THA 7/QĐ-THADS is 40 days old: its council month ran out 10 days ago."""
    a = world.agencies
    clerk = world.actor(db, "thukho")
    got = receive(db, clerk, [NewItem("weapon", "Dao bầu cán gỗ", 1, "chiếc", sealed=True, seal_number="NP-71",
                                      location_code=world.locations["bin_A111"])], case_number="71/2026/CSHS")
    early = TODAY - timedelta(days=60)
    for kind, doc_kind, number, agency in (("opening", "case_opening", "1/QĐ-KTVA", "pc02"),
                                           ("investigation_conclusion", "investigation_conclusion", "2/KLĐT", "pc02"),
                                           ("indictment", "indictment", "3/CT-VKS", "vks")):
        milestone(db, got.case_id, kind, doc_kind, number, a[agency], early)
    judged(db, got.case_id, "4/2026/HS-ST", a["ta"], effective_on=TODAY - timedelta(days=45))
    milestone(db, got.case_id, "enforcement_decision", "enforcement_decision", "7/QĐ-THADS", a["thads"],
              TODAY - timedelta(days=40))
    return got.case_id


def _council_rows(inbox) -> list[tuple[int, list[str]]]:
    """(row, the texts the user reads) of the council deadlines in the inbox's table."""
    model = inbox.table.model()
    rows = [(r, [model.index(r, c).data() or "" for c in range(model.columnCount())]) for r in range(model.rowCount())]
    return [(r, texts) for r, texts in rows if texts[3].startswith("Hạn thành lập Hội đồng tiêu hủy")]


def test_a_case_deadline_shows_its_enforcement_decision_not_a_row_id(qtbot, shell_world, main_window):
    from ui.screens.inbox import InboxScreen
    db, world = shell_world
    case_id = _enforced_weeks_ago(db, world)
    inbox = InboxScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(inbox)
    rows = _council_rows(inbox)
    assert len(rows) == 1, rows
    assert rows[0][1][1] == "7/QĐ-THADS" and rows[0][1][2] == "71/2026/CSHS", rows[0]
    window = main_window("thukho")
    inbox = window.navigate("inbox")
    (row, _texts), = _council_rows(inbox)
    screen = inbox.open_task(row)  # it opened nothing: «#309» is no item code
    assert screen is window.current_screen() and screen.tabs.currentWidget() is screen.deadlines
    assert screen.current_case.id == case_id
