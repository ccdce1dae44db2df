"""The reconciliation table at 1366×768 (issue 17/15): places and details no longer squeeze the item's name to
«Tiền …»; the wide columns give up width until the name has its room, the whole text stays in the tooltips."""

from __future__ import annotations

from ui.screens.audit_tables import fill_table, new_table


def test_the_item_name_keeps_its_room_in_the_reconciliation_table(qtbot):
    table = new_table(("Dòng", "Mã", "Vật chứng", "Kết quả", "Theo sổ sách", "Thực tế", "Chi tiết", "Xử lý"), 2)
    qtbot.addWidget(table)
    table.resize(1118, 500)  # the results page's table at 1366×768
    table.show()
    place = "Két sắt tiền, tài sản quý (VT-01-000045-R)"
    rows = [(n, "VC-24-000051-P", "Tiền Việt Nam 50.000 đ × 27 tờ; 200.000 đ × 11 tờ", "Niêm phong bị rách / thay đổi",
             place, place, "niêm phong theo sổ 000073/NP-PC04, thực tế 000079/NP-PC04", "") for n in range(1, 9)]
    fill_table(table, rows)
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert widths[2] >= 200, widths
    assert sum(widths) <= table.viewport().width() + 2, widths
    assert table.item(0, 4).toolTip() == place
