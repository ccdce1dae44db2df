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
