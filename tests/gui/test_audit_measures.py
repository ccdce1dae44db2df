"""Kiểm kê of cash and drugs in the app (#15): the safe and the drug room counted blind by scanning, each
high-risk item's seal read and its money counted by denomination or its drugs re-weighed in the checks dialog.
A count that agrees with the register — the same denominations written another way, a weight within the
tolerance — is found in place, not a discrepancy; a different denomination is a quantity discrepancy, and a
sealed drug counted without its seal read is «chưa kiểm tra niêm phong». The result view shows each."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from evidence_store.domain import audit as audit_rules
from evidence_store.services.commands import NewItem
from tests.integration.builders import receive
from ui.scan_feedback import Outcome

from .conftest import scanner_burst
from .test_audit_screen import _combo, _run_dialog


def _cash(seal, denominations, total, location):
    return NewItem("cash_vnd", "Tiền mặt thu giữ", 20, "tờ", characteristics="20 tờ mệnh giá 500.000 đồng",
                   sealed=True, seal_state="intact", seal_number=seal, location_code=location,
                   attributes={"denominations": denominations, "total_amount": total})


def _drug(seal, location):
    return NewItem("drugs", "Ma túy đá (methamphetamine)", 1, "gói", sealed=True, seal_state="intact", seal_number=seal,
                   location_code=location, attributes={"kind": "Methamphetamine", "net_weight_g": "12.50",
                                                       "gross_weight_g": "15.00"})


def test_cash_and_drugs_counted_as_registered_are_found_and_each_difference_shown(main_window, shell_world,
                                                                                monkeypatch, recorder, scan_clock):
    from ui.screens import audit_dialogs
    db, world = shell_world
    L = world.locations
    clerk = world.actor(db, "thukho")
    cash_ok, cash_short, drug_ok, drug_unread = receive(db, clerk, [
        _cash("NP-3001", "500000x20", "10000000", L["safe"]), _cash("NP-3002", "500000x20", "10000000", L["safe"]),
        _drug("NP-3003", L["secure"]), _drug("NP-3004", L["secure"])],
        case_number="301/2026/CSMT", order="91/LNK-PC04").item_codes
    window = main_window("thukho")
    screen = window.navigate("audit")

    def plan(dialog):
        _combo(dialog.form.widget("kind"), "case")
        f = dialog.form
        f.widget("case_number").setText("301/2026/CSMT")
        f.widget("reason").setText("Kiểm kê tiền, ma túy vụ 301/2026")
        f.widget("team_chair").setText("Phạm Quang Dũng")
        f.widget("team_keeper").setText("Nguyễn Thị Lan")
    _run_dialog(monkeypatch, audit_dialogs.PlanDialog, plan)
    screen.plan_button.click()
    assert screen.stack.currentWidget() is screen.count_page, recorder.messages

    def scan(code):
        scanner_burst(screen.scan_table, code, scan_clock)
        return screen.indicator.outcome

    # scanning a high-risk item opens the checks dialog at once: what the auditor reads and types there
    answers = {cash_ok: {"seal_seen": "NP-3001", "denominations": "500.000 × 20"},  # the same money, written
               cash_short: {"seal_seen": "NP-3002", "denominations": "500000x19"},  # otherwise; one note short
               drug_ok: {"seal_seen": "NP-3003", "net_weight_g": "12,4", "gross_weight_g": "15"}}  # within 2 %
    asked = []

    def exec_(dialog):
        code = dialog.answer["code"]
        asked.append(code)
        if code not in answers:
            return 0  # closed without reading the seal
        for key, value in answers[code].items():
            widget = dialog.form.widget(key)
            assert widget.isVisibleTo(dialog.form), key  # the dialog asks what this item needs
            widget.setText(value)
        dialog.submit()
        return dialog.result()
    monkeypatch.setattr(audit_dialogs.ChecksDialog, "exec", exec_)
    assert scan(L["safe"]) is Outcome.FOUND
    assert scan(cash_ok) is Outcome.FOUND
    assert scan(cash_short) is Outcome.FOUND
    assert scan(L["secure"]) is Outcome.FOUND
    assert scan(drug_ok) is Outcome.FOUND
    assert scan(drug_unread) is Outcome.FOUND  # counted, its seal never read
    assert asked == [cash_ok, cash_short, drug_ok, drug_unread], recorder.messages
    screen.finish_button.click()
    QThreadPool.globalInstance().waitForDone(30000)
    for _ in range(20):
        QApplication.processEvents()
    assert screen.stack.currentWidget() is screen.result_page, recorder.messages
    screen.only_discrepancies.setChecked(False)
    results = {line.code: line.result for line in screen.lines}
    assert results == {cash_ok: "found", drug_ok: "found", cash_short: "quantity_differs",
                       drug_unread: "seal_not_checked"}
    shown = [" ".join(screen.line_table.item(r, c).text() for c in range(screen.line_table.columnCount())
                      if screen.line_table.item(r, c)) for r in range(screen.line_table.rowCount())]
    for kind in ("quantity_differs", "seal_not_checked"):
        assert any(audit_rules.RESULT_LABELS[audit_rules.Result(kind)] in row for row in shown), (kind, shown)
    screen.only_discrepancies.setChecked(True)
    assert {line.code for line in screen.lines} == {cash_short, drug_unread}
