"""Kiểm kê in the app: a blind audit of Khu A with every kind of result planted, counted by scanner bursts
through the app-wide filter (only what was scanned is shown), resumed after the screen is rebuilt,
reconciled, each discrepancy resolved in its dialog by the clerk or the commander, the record signed and
printed, and verify passing. Screenshots and the record's pages go to out/ when OUT_DIR is set."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidence_store.services.verify import verify
from tests.integration.audit_builders import plant
from tests.integration.lifecycle_builders import item_row
from ui.scan_feedback import Outcome

from .conftest import scanner_burst

OUT = Path(os.environ["OUT_DIR"]) if os.environ.get("OUT_DIR") else None


def _shot(widget, name: str) -> None:
    if OUT is not None:
        OUT.mkdir(parents=True, exist_ok=True)
        widget.window().grab().save(str(OUT / name))


def _run_dialog(monkeypatch, cls, fill):
    """``cls.exec`` fills the dialog and submits it instead of waiting for a user."""
    def exec_(self):
        fill(self)
        self.submit()
        return self.result()
    monkeypatch.setattr(cls, "exec", exec_)


def _combo(box, data) -> None:
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)


@pytest.fixture
def audit_screen(main_window, shell_world, scan_clock, monkeypatch):
    from ui.screens import audit_dialogs
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    planted = plant(db, world, clerk)
    window = main_window("thukho")
    screen = window.navigate("audit")

    def fill_plan(dialog):
        _combo(dialog.form.widget("kind"), "zone")
        _combo(dialog.form.widget("location"), world.locations["zone_A"])
        f = dialog.form
        f.widget("reason").setText("Kiểm kê định kỳ quý IV")
        f.widget("team_chair").setText("Phạm Quang Dũng")
        f.widget("team_chair_position").setText("Trưởng phòng")
        f.widget("team_keeper").setText("Nguyễn Thị Lan")
        f.widget("team_supervisor").setText("Lê Thu Hà")
        f.widget("team_supervisor_position").setText("Kiểm sát viên, VKSND TP Hà Nội")
    _run_dialog(monkeypatch, audit_dialogs.PlanDialog, fill_plan)

    def scan(code):
        scanner_burst(screen.scan_table, code, scan_clock)
        return screen.indicator.outcome
    screen.scan_code, screen.planted, screen.world, screen.db, screen.window_ = scan, planted, world, db, window
    return screen


def test_blind_zone_audit_resolved_signed_printed_and_verified(audit_screen, main_window, monkeypatch, recorder,
                                                              scan_clock):
    from ui.screens import audit_dialogs
    from ui.widgets.print_preview import PrintPreviewDialog
    s, p, w, db = audit_screen, audit_screen.planted, audit_screen.world, audit_screen.db
    L = w.locations
    s.plan_button.click()
    assert s.stack.currentWidget() is s.count_page and s.number
    number = s.number
    assert s.scan_code(p.found) is Outcome.WRONG_PLACE  # no location scanned yet
    assert s.scan_code(L["bin_A111"]) is Outcome.FOUND
    assert s.scan_code(p.found) is Outcome.FOUND
    assert s.scan_code(p.found) is Outcome.DUPLICATE
    assert s.scan_code(p.unexpected) is Outcome.FOUND  # blind: no hint that it belongs to Khu B
    assert s.scan_code(p.unknown) is Outcome.UNKNOWN
    assert s.scan_code(L["bin_B111"]) is Outcome.WRONG_PLACE  # outside the audit's zone
    shown = {s.scan_table.item(r, 1).text() for r in range(s.scan_table.rowCount())}
    from ui.models.format import code_text
    assert code_text(p.missing) not in shown and code_text(p.wrong_place) not in shown  # nothing expected shown
    # the app is closed and opened again: the count resumes at the same place with the same scans
    s.window_.close()
    window = main_window("thukho")
    s2 = window.navigate("audit")
    s2.scan_code = lambda code: (scanner_burst(s2.scan_table, code, scan_clock), s2.indicator.outcome)[1]
    s2.open(number)
    assert s2.stack.currentWidget() is s2.count_page
    assert L["bin_A111"] in s2.place_label.text().replace("-", "") and s2.scan_table.rowCount() == 7
    assert s2.scan_code(L["bin_A121"]) is Outcome.FOUND
    assert s2.scan_code(p.wrong_place) is Outcome.FOUND
    assert s2.scan_code(p.seal_broken) is Outcome.FOUND
    assert s2.scan_code(p.quantity) is Outcome.FOUND

    def checks(values):
        def fill(dialog):
            for key, value in values.items():
                widget = dialog.form.widget(key)
                widget.setChecked(value) if isinstance(value, bool) else widget.setText(value)
        _run_dialog(monkeypatch, audit_dialogs.ChecksDialog, fill)
    s2.scan_table.selectRow(1)  # the seal-broken phone (newest first: quantity, seal)
    checks({"seal_seen": "NP-1005", "seal_intact": False})
    s2.checks_button.click()
    s2.scan_table.selectRow(0)
    checks({"quantity": "8"})
    s2.checks_button.click()
    assert "niêm phong rách" in s2.scan_table.item(1, 5).text()
    _shot(s2, "audit-counting.png")
    # reconcile (in the background) and look at the results
    s2.finish_button.click()
    from PySide6.QtCore import QThreadPool
    QThreadPool.globalInstance().waitForDone(30000)
    from PySide6.QtWidgets import QApplication
    for _ in range(20):
        QApplication.processEvents()
    assert s2.stack.currentWidget() is s2.result_page
    results = {l.code: l.result for l in s2.lines}
    assert results == {p.wrong_place: "wrong_place", p.missing: "missing", p.unexpected: "unexpected",
                       p.unknown: "unknown", p.seal_broken: "seal_broken", p.quantity: "quantity_differs"}
    s2.only_discrepancies.setChecked(False)
    assert {l.result for l in s2.lines} >= {"found", "absent_expected"}
    s2.only_discrepancies.setChecked(True)
    _shot(s2, "audit-reconciliation.png")

    def resolve(code, how, **fields):
        row = [l.code for l in s2.lines].index(code)
        s2.line_table.selectRow(row)

        def fill(dialog):
            _combo(dialog.form.widget("resolution"), how)
            for key, value in fields.items():
                widget = dialog.form.widget(key)
                if key == "note":
                    widget.setPlainText(value)
                elif key == "report_issuer":
                    _combo(widget, value)
                else:
                    widget.setText(value)
        _run_dialog(monkeypatch, audit_dialogs.ResolveDialog, fill)
        return s2.resolve_selected()
    report = dict(report_issuer=w.agencies["pc10"], report_signer="Phạm Quang Dũng")
    assert resolve(p.wrong_place, "move").result_changes is not None
    assert resolve(p.missing, "incident_lost", report_number="5/BB-SC", note="Không tìm thấy khi kiểm kê",
                   **report).result_changes is not None
    sealed = resolve(p.seal_broken, "seal_incident")  # #12's seal incident: no report number to type
    assert sealed.result_changes is not None and not sealed.form.widget("report_number").isVisibleTo(sealed.form)
    refused = resolve(p.quantity, "correction", quantity="8")  # no reason: refused at its field
    assert refused.result_changes is None and refused.form.error("note")
    assert resolve(p.quantity, "correction", quantity="8", note="Cân lại khi kiểm kê").result_changes is not None
    assert resolve(p.unexpected, "accept_place").result_changes is not None
    assert item_row(db, p.missing)["state"] == "lost_or_damaged"
    # the written explanation of an unknown code is the commander's
    window = main_window("lanhdao")
    boss = window.navigate("audit")
    boss.open(number)
    assert boss.stack.currentWidget() is boss.result_page and boss.close_button.isVisible()
    boss.line_table.selectRow([l.code for l in boss.lines].index(p.unknown))

    def explain(dialog):
        dialog.form.widget("note").setPlainText("Nhãn in thử, đã hủy")
    _run_dialog(monkeypatch, audit_dialogs.ResolveDialog, explain)
    assert boss.resolve_selected().result_changes is not None
    printed = []

    def preview(self):
        printed.append(self.pdf)
        return 0
    monkeypatch.setattr(PrintPreviewDialog, "exec", preview)
    _run_dialog(monkeypatch, audit_dialogs.CloseDialog, lambda dialog: None)  # the team from the plan
    boss.close_button.click()
    assert boss.detail.status == "closed" and printed
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(printed[-1])).pages).split())
    for words in (number, "TRƯỞNG BAN KIỂM KÊ", "Phạm Quang Dũng", "Lê Thu Hà", "5/BB-SC", "Sai vị trí",
                  "Niêm phong bị rách"):
        assert words in text, words
    if OUT is not None:
        (OUT / "audit-record.pdf").write_bytes(printed[-1])
    assert verify(db).ok
    boss.back()
    _shot(boss, "audit-list.png")
    home = window.navigate("home")
    assert home.audit_schedule.isVisible()


def test_plan_dialog_refuses_a_zone_audit_without_a_zone(main_window, shell_world, recorder):
    from ui.screens.audit_dialogs import PlanDialog
    window = main_window("thukho")
    screen = window.navigate("audit")
    dialog = PlanDialog(screen.ctx, screen)
    _combo(dialog.form.widget("kind"), "zone")
    dialog.form.widget("team_chair").setText("Phạm Quang Dũng")
    dialog.form.widget("team_keeper").setText("Nguyễn Thị Lan")
    dialog.submit()
    assert dialog.result_changes is None and "vị trí" in dialog.form.error("location")
    _combo(dialog.form.widget("kind"), "sample_items")
    assert dialog.form.widget("confidence").isVisibleTo(dialog.form)


def test_planning_a_high_risk_sample_shows_its_size_before_opening(main_window, shell_world, recorder):
    """#15: the plan dialog shows the sample size and the formula's inputs while the plan is edited,
    and the audit it opens draws exactly that sample."""
    from sqlalchemy import text

    from evidence_store.domain import audit as audit_rules
    from evidence_store.services import audit_read
    from evidence_store.services.commands import NewItem
    from tests.integration.builders import receive
    from tests.integration.lifecycle_builders import read
    from ui.screens.audit_dialogs import PlanDialog
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    receive(db, clerk, [NewItem("gold", f"Nhẫn vàng {i}", 1, "chiếc", location_code=world.locations["safe"],
                                attributes={"weight_g": "3.75"}, sealed=True, seal_state="intact", seal_number=f"NP-G{i}") for i in range(60)],
            case_number="411/2026/MT", order="96/LNK-PC04")
    receive(db, clerk, [NewItem("phone", f"Điện thoại {i}", 1, "chiếc", location_code=world.locations["bin_A111"],
                                sealed=True, seal_state="intact", seal_number=f"NP-P{i}") for i in range(5)], case_number="412/2026/CSHS", order="97/LNK-PC02")
    with db.reader.connect() as c:
        risky = c.execute(text("SELECT count(*) FROM items WHERE state = 'in_storage' AND category IN "
                               "('cash_vnd', 'foreign_cash', 'gold', 'drugs', 'military_weapon')")).scalar()
    window = main_window("thukho")
    dialog = PlanDialog(window.navigate("audit").ctx, window)
    f = dialog.form
    assert "Sẽ kiểm <b>" in dialog.preview.text()  # a full audit: everything in the warehouse
    _combo(f.widget("kind"), "sample_items")
    f.widget("high_risk").setChecked(True)
    f.widget("confidence").setValue(90.0)
    f.widget("margin").setValue(10.0)
    n = audit_rules.sample_size(risky, 0.90, 0.10)  # 60 gold rings: n0 = 67.6 → n = 32
    shown = dialog.preview.text()
    assert f"Cỡ mẫu: <b>{n}</b> trong {risky} vật chứng" in shown, shown
    assert "Độ tin cậy 90 % (z = 1,645), sai số ± 10 %" in shown and "n₀ = z²·p(1−p)/e² = 67,6" in shown
    f.widget("margin").setValue(20.0)
    assert f"<b>{audit_rules.sample_size(risky, 0.90, 0.20)}</b>" in dialog.preview.text()
    f.widget("margin").setValue(10.0)
    f.widget("seed").setText("42")
    f.widget("team_chair").setText("Phạm Quang Dũng")
    f.widget("team_keeper").setText("Nguyễn Thị Lan")
    dialog.submit()
    assert dialog.result_changes is not None, recorder.messages
    opened = read(db, clerk, audit_read.audit_detail, dialog.result_changes.extra["audit_number"])
    assert (opened.population, opened.sample_size) == (risky, n)
