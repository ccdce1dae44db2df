"""The seals on the Xuất kho panel and the pick list (issue #12: no printed statement is invented; ND 127/2017; ND
142/2024 Điều 11, 14): each sealed row starts «chưa kiểm tra»; one tick «Tất cả nguyên vẹn, đúng số» states the
rows not stated one by one; a new scan unticks it; an unstated seal is refused at the form, naming the item and the
seal, and nothing is sent as intact that nobody stated."""

from __future__ import annotations

from datetime import timedelta

import pytest

from evidence_store.services import printing
from evidence_store.services.context import UnitOfWork
from tests.integration.builders import phone
from tests.unit.printing_helpers import text as pdf_text
from ui.scan_feedback import ScanSounds
from ui.screens.release import ReleaseScreen
from ui.screens.release_panels import SEAL_COLUMN

from .lifecycle_helpers import TODAY, ctx_for, detail, fill_document, fill_person, qdate, received, select


@pytest.fixture
def panel(qtbot, shell_world):
    db, world = shell_world
    screen = ReleaseScreen(ctx_for(db, world, "thukho"))
    screen.release_panel.batch.indicator.sounds = ScanSounds(muted=True)
    qtbot.addWidget(screen)
    p = screen.release_panel
    p.db, p.world, p.screen = db, world, screen  # the screen lives as long as the test
    return p


def _seal_cell(panel, row: int):
    return panel.batch.table.cellWidget(row, SEAL_COLUMN)


def _fill_examination(panel) -> None:
    a = panel.world.agencies
    select(panel.purpose, "examination")
    panel.due_on.setDate(qdate(TODAY + timedelta(days=5)))
    fill_person(panel.form, "receiver", "Đỗ Minh An", a["ca"])
    panel.form.widget("receiver_letter").setText("07/GGT-PC09")
    fill_document(panel.form, "order", "15/LXK-PC02", a["pc02"])


def _sent(panel, monkeypatch) -> list:
    """The commands the panel sends (the service still runs)."""
    from ui.screens import release_panels
    sent, real = [], release_panels.release.release_items

    def spy(uow, cmd):
        sent.append(cmd)
        return real(uow, cmd)
    monkeypatch.setattr(release_panels.release, "release_items", spy)
    return sent


def test_a_sealed_row_starts_unchecked_and_the_release_waits_for_the_statement(panel, recorder, monkeypatch):
    db, world = panel.db, panel.world
    first, second = received(db, world, [phone(seal_number="NP-0201", location_code=world.locations["bin_A111"]),
                                         phone(name="Điện thoại Oppo A5", seal_number="NP-0202",
                                               location_code=world.locations["bin_A111"])])
    sent = _sent(panel, monkeypatch)
    assert panel.handle_scan(first)
    _fill_examination(panel)
    assert "chưa kiểm tra" in _seal_cell(panel, 0).currentText()
    assert panel.seal_confirm.isVisibleTo(panel.form) and not panel.seal_confirm.isChecked()
    assert not panel.save() and sent == []  # nothing reaches the service
    assert "NP-0201" in panel.form.error("seal_confirm") and "VC-" in panel.form.error("seal_confirm")
    assert detail(db, world, first).state == "in_storage"
    panel.seal_confirm.click()
    assert "nguyên vẹn" in _seal_cell(panel, 0).currentText() and not panel.form.error("seal_confirm")
    # a new item scanned: its seal is not looked at yet — the tick goes, the new row waits, the first keeps its state
    assert panel.handle_scan(second)
    assert not panel.seal_confirm.isChecked()
    assert "nguyên vẹn" in _seal_cell(panel, 0).currentText()
    assert "chưa kiểm tra" in _seal_cell(panel, 1).currentText()
    assert not panel.save() and sent == []
    assert "NP-0202" in panel.form.error("seal_confirm") and "NP-0201" not in panel.form.error("seal_confirm")
    # the second found torn on its row; the tick states nothing more for it
    box = _seal_cell(panel, 1)
    box.setCurrentIndex(box.findData("broken"))
    panel.seal_confirm.click()
    assert "bị rách" in _seal_cell(panel, 1).currentText()
    assert panel.save(), recorder.messages
    assert [dict(c.seal_states) for c in sent] == [{first: "intact", second: "broken"}]
    number = panel.result.number
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        words = " ".join(pdf_text(printing.handover_pdf(uow, number)).split())
        incident = sent_incident(uow, number)
    assert "Số NP-0201, nguyên vẹn" in words and "Số NP-0202, có dấu hiệu bóc mở" in words
    assert f"đã lập biên bản sự cố số {incident}" in words
    # the clerk is told at once that the torn seal was reported, with the incident's number (ND 142/2024 Điều 11)
    assert f"đã lập biên bản sự cố số {incident} và báo cáo" in panel.result.label.text()
    # saved: the next release starts unchecked again
    assert not panel.seal_confirm.isChecked() and panel.seal_states == {}


def sent_incident(uow, number: str) -> str:
    import json
    from sqlalchemy import select
    from evidence_store.db.models import Handover
    return json.loads(uow.session.scalar(select(Handover.details).where(Handover.number == number)))["seal_incident"]


def test_unticking_takes_back_the_rows_it_stated(panel):
    db, world = panel.db, panel.world
    code = received(db, world)[0]
    assert panel.handle_scan(code)
    _fill_examination(panel)
    panel.seal_confirm.click()
    assert panel.seal_states == {code: "intact"}
    panel.seal_confirm.click()
    assert panel.seal_states == {} and "chưa kiểm tra" in _seal_cell(panel, 0).currentText()


def test_an_unsealed_item_needs_no_statement(panel, recorder):
    db, world = panel.db, panel.world
    code = received(db, world, [phone(name="Sổ ghi chép của đối tượng", category="papers", unit="quyển",
                                      sealed=False, seal_state="", seal_number="",
                                      location_code=world.locations["bin_A111"], attributes={})])[0]
    assert panel.handle_scan(code)
    _fill_examination(panel)
    assert not panel.seal_confirm.isVisibleTo(panel.form)
    assert panel.save(), recorder.messages


def test_the_pick_list_release_needs_the_seal_tick(qtbot, shell_world, recorder):
    from .test_dialog_refusals import _pick_dialog
    db, world = shell_world
    pick, code = _pick_dialog(qtbot, db, world)
    assert pick.handle_scan(code) and pick.release_button.isEnabled()
    assert pick.seals is not None and not pick.seals.confirm.isChecked()
    pick.order_number.setText("52/LXK-PC02")
    pick.order_date.setDate(qdate(TODAY - timedelta(days=1)))
    select(pick.order_issuer, world.agencies["pc02"])
    pick.order_signer.setText("Phạm Quang Dũng")
    assert pick.release() is None and detail(db, world, code).state == "in_storage"
    assert "NP-0001" in pick.form.error("seal_states"), (recorder.messages, pick.error_label.text())
    pick.seals.confirm.setChecked(True)
    assert pick.release() is not None, recorder.messages
    qtbot.addWidget(pick.record_dialog)
