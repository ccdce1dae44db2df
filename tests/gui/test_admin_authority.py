"""Quản trị › Thẩm quyền: the administrator sees every rule with its source, changes one (the services follow
it) and restores the law's defaults; a source is required."""

from __future__ import annotations

from evidence_store.services import authority
from evidence_store.services.context import UnitOfWork

from .lifecycle_helpers import ctx_for


def test_administrator_edits_a_rule_and_restores_the_defaults(qtbot, shell_world, recorder):
    from ui.screens.admin import AdminScreen
    db, world = shell_world
    screen = AdminScreen(ctx_for(db, world, "quantri"))
    qtbot.addWidget(screen)
    tab = screen.authority
    rows = [[tab.table.item(r, c).text() for c in range(5)] for r in range(tab.table.rowCount())]
    intake = next(r for r in rows if r[0] == "Lệnh nhập kho" and r[1] == "Điều tra")
    assert "Hải quan" in intake[2] and "ND 142/2024" in intake[3] and intake[4] == "có"
    tab.table.selectRow(rows.index(intake))
    from ui.screens.admin_authority import RuleDialog
    dialog = RuleDialog(tab.ctx, tab.selected(), tab)
    qtbot.addWidget(dialog)
    dialog.boxes["customs"].setChecked(False)
    dialog.source.setText("")
    dialog.submit()
    assert "nguồn pháp lý" in dialog.error_label.text()
    dialog.source.setText("ND 142/2024/NĐ-CP Điều 14 (quy chế địa phương)")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    tab.reload()
    with UnitOfWork(db, write=False) as uow:
        rule = next(r for r in authority.list_rules(uow) if (r.document, r.context) == ("intake_order", "investigation"))
    assert "customs" not in rule.kinds and not rule.is_default
    recorder.answers = [True]
    tab.reset()
    with UnitOfWork(db, write=False) as uow:
        assert all(r.is_default for r in authority.list_rules(uow))
    assert "Hàng mau hỏng" in tab.perishable.text()


def test_administrator_sets_the_outcomes_and_receivers_of_each_category(qtbot, shell_world, monkeypatch):
    """R9/R29: the category → outcomes table and the confiscation receiver, edited from Quản trị › Thẩm quyền;
    money cannot be made destroyable (the dialog says why and keeps what was ticked)."""
    from PySide6.QtWidgets import QPushButton
    from ui.screens.admin import AdminScreen
    from ui.screens import admin_authority
    db, world = shell_world
    screen = AdminScreen(ctx_for(db, world, "quantri"))
    qtbot.addWidget(screen)
    tab = screen.authority
    opened = []
    monkeypatch.setattr(admin_authority.OutcomesDialog, "exec", lambda self: opened.append(self) or 0)
    button = next(b for b in tab.findChildren(QPushButton) if b.text() == "Hình thức xử lý theo loại vật chứng…")
    button.click()
    dialog = opened[0]  # a child of the tab: closed with the screen
    assert dialog.boxes[("drugs", "destroyed")].isChecked() and not dialog.boxes[("drugs", "confiscated")].isChecked()
    assert dialog.receiver_boxes["cash_vnd"].currentData() == "treasury"
    dialog.boxes[("cash_vnd", "destroyed")].setChecked(True)
    dialog.submit()
    assert "không được tiêu hủy hoặc bán" in dialog.error_label.text()
    assert dialog.boxes[("cash_vnd", "destroyed")].isChecked()  # nothing lost: the clerk corrects and saves
    dialog.boxes[("cash_vnd", "destroyed")].setChecked(False)
    dialog.boxes[("weapon", "returned")].setChecked(False)
    dialog.receiver_boxes["gold"].setCurrentIndex(dialog.receiver_boxes["gold"].findData("treasury"))
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    with UnitOfWork(db, write=False) as uow:
        table = authority.export_table(uow)
    assert table["outcomes"]["weapon"] == ["confiscated", "destroyed"]
    assert table["receivers"]["gold"] == "treasury" and table["receivers"]["cash_vnd"] == "treasury"


def test_administrator_sets_the_registered_property_of_the_pilot(qtbot, shell_world, monkeypatch):
    """NQ 164/2024/QH15: which categories count as registered property (suspension of transactions) is a setting,
    vehicles by default; the domain follows it."""
    from PySide6.QtWidgets import QPushButton
    from evidence_store.domain import pilot
    from evidence_store.services.authority import load_table
    from ui.screens.admin import AdminScreen
    from ui.screens import admin_authority
    db, world = shell_world
    screen = AdminScreen(ctx_for(db, world, "quantri"))
    qtbot.addWidget(screen)
    tab = screen.authority
    assert "Tài sản đăng ký được tạm dừng giao dịch (thí điểm NQ 164/2024/QH15): Ô tô, Xe mô tô" in tab.perishable.text()
    opened = []
    monkeypatch.setattr(admin_authority.RegisteredDialog, "exec", lambda self: opened.append(self) or 0)
    next(b for b in tab.findChildren(QPushButton) if b.text() == "Tài sản đăng ký (thí điểm NQ 164)…").click()
    dialog = opened[0]
    assert dialog.boxes["car"].isChecked() and not dialog.boxes["papers"].isChecked()
    dialog.boxes["papers"].setChecked(True)
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    with UnitOfWork(db, write=False) as uow:
        table = load_table(uow.session)
    assert table.pilot_registered == frozenset({"car", "motorbike", "papers"})
    from evidence_store.domain.milestones import CaseStatus, Stage
    status = CaseStatus(Stage.INVESTIGATION, opened=True)
    assert pilot.check_measure(status, pilot.Measure.SUSPEND, "papers", pilot=True, day=None,
                               decision_kind="pilot_decision", issuer_kind="investigating_body", table=table)
