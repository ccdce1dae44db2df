"""NQ 164/2024/QH15 pilot measures from the item view (LEGAL-RULES R36): the button is greyed with the domain's reason
for a case not under the pilot; once the case is flagged, a case officer suspends the transactions on a car from the
dialog, the car stays in the warehouse and the item view shows the restriction; the case view says whether the pilot
applies."""

from __future__ import annotations

from evidence_store.services import milestones
from evidence_store.services.commands import NewItem
from evidence_store.services.context import UnitOfWork

from .lifecycle_helpers import ctx_for, detail, fill_document, received, select

CAR = NewItem("car", "Ô tô Toyota Camry BKS 30G-555.55", 1, "chiếc", attributes={"plate": "30G-555.55"},
              owner_name="Nguyễn Văn Nam", owner_id_number="001090012345")


def test_a_case_officer_suspends_transactions_on_a_car_from_the_item_view(qtbot, shell_world, recorder):
    from ui.screens.cases import CasesScreen
    from ui.screens.item_view import ItemViewScreen
    db, world = shell_world
    code = received(db, world, [CAR], case_number="164/2026/CSKT")[0]
    case_id = detail(db, world, code).case_id
    view = ItemViewScreen(ctx_for(db, world, "canbo"))
    qtbot.addWidget(view)
    view.show_item(code)
    button = view.unavailable_buttons["pilot"]
    assert not button.isEnabled() and "Vụ án chưa được đưa vào diện thí điểm" in button.toolTip()
    assert "Nghị quyết số 164/2024/QH15" in button.toolTip()
    cases = CasesScreen(ctx_for(db, world, "canbo"))
    qtbot.addWidget(cases)
    cases.show_case(case_id)
    assert "Biện pháp thí điểm NQ 164/2024/QH15: Vụ án chưa được đưa vào diện thí điểm" in cases.milestones.note.text()

    with UnitOfWork(db) as uow:
        milestones.set_pilot(uow, case_id, True, "Thông báo số 12/TB-BCĐTW")
    view.show_item(code)
    button = view.action_buttons["pilot"]
    assert button.isEnabled() and "Trả lại tiền cho bị hại: Biện pháp «Trả lại tiền cho bị hại» chỉ áp dụng cho tiền" \
        in button.toolTip()
    assert "Tạm dừng giao dịch: có thể áp dụng" in view.milestones.note.text()
    view.start_action("pilot")
    dialog = view.dialog
    qtbot.addWidget(dialog)
    offered = [dialog.form.widget("measure").itemData(i) for i in range(dialog.form.widget("measure").count())]
    assert offered == ["guarantee", "sale", "use", "suspend"]  # not refund or deposit: a car is no money
    select(dialog.form.widget("measure"), "suspend")
    assert dialog.form.widget("registry").isVisibleTo(dialog) and not dialog.form.widget("proceeds").isVisibleTo(dialog)
    fill_document(dialog.form, "decision", "9/QĐ-ADBP", world.agencies["ta"])  # the court: not at investigation
    dialog.form.widget("registry").setText("Phòng Cảnh sát giao thông Công an TP Hà Nội")
    dialog.submit()
    assert dialog.result_changes is None
    shown = dialog.form.error("decision_issuer") or dialog.error_label.text()
    assert "NQ 164/2024/QH15" in shown, (shown, recorder.messages)
    fill_document(dialog.form, "decision", "9/QĐ-ADBP", world.agencies["pc03"])
    dialog.submit()
    assert dialog.result_changes is not None, (dialog.error_label.text(), recorder.messages)
    view.show_item(code)
    assert detail(db, world, code).state == "in_storage"
    assert view.state_label.text() == ("Đang lưu kho · tạm dừng giao dịch theo 9/QĐ-ADBP (NQ 164/2024/QH15), "
                                       "đã thông báo Phòng Cảnh sát giao thông Công an TP Hà Nội")
    assert "Tạm dừng giao dịch" in view.milestones.note.text() and "đang bị tạm dừng giao dịch" in \
        view.milestones.note.text()
    assert "Tạm dừng giao dịch theo quyết định 9/QĐ-ADBP" in " ".join(
        view.timeline.topLevelItem(i).text(c) for i in range(view.timeline.topLevelItemCount())
        for c in range(view.timeline.columnCount()))
