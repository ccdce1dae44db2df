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
    # the suspension is cancelled from the same dialog, on a decision of the body handling the case
    view.start_action("pilot")
    dialog = view.dialog
    qtbot.addWidget(dialog)
    select(dialog.form.widget("measure"), "lift")
    assert not dialog.form.widget("registry").isVisibleTo(dialog)
    fill_document(dialog.form, "decision", "10/QĐ-HBBP", world.agencies["pc03"])
    dialog.submit()
    assert dialog.result_changes is not None, (dialog.error_label.text(), recorder.messages)
    view.show_item(code)
    assert view.state_label.text() == "Đang lưu kho"


SEALED_CAR = NewItem("car", "Ô tô Mazda CX-5 BKS 30H-123.45", 1, "chiếc", attributes={"plate": "30H-123.45"},
                     owner_name="Lê Văn Tâm", owner_id_number="001090054321", sealed=True,
                     seal_number="000512/NP-PC03", seal_state="intact")


def test_handing_a_sealed_car_over_for_use_states_its_seal(qtbot, shell_world, recorder):
    """NQ 164/2024/QH15 «giao quản lý, sử dụng»: the car leaves the warehouse, so its seal is looked at as it goes
    (ND 142/2024 Điều 11, 14; issue #12) — unticked, the act is refused naming the seal; ticked, the record says
    «nguyên vẹn» because the clerk said so."""
    from ui.screens.item_view import ItemViewScreen
    db, world = shell_world
    code = received(db, world, [SEALED_CAR], case_number="165/2026/CSKT")[0]
    with UnitOfWork(db) as uow:
        milestones.set_pilot(uow, detail(db, world, code).case_id, True, "Thông báo số 13/TB-BCĐTW")
    view = ItemViewScreen(ctx_for(db, world, "thukho"))  # the storekeeper hands it over
    qtbot.addWidget(view)
    view.show_item(code)
    view.start_action("pilot")
    dialog = view.dialog
    qtbot.addWidget(dialog)
    select(dialog.form.widget("measure"), "use")
    seals = dialog.form.widget("seal_states")
    assert seals.isVisibleTo(dialog) and not seals.confirm.isChecked()
    assert "000512/NP-PC03" in " ".join(box.text() for box in seals.broken.values())
    fill_document(dialog.form, "decision", "11/QĐ-ADBP", world.agencies["pc03"])
    dialog.form.widget("custodian_name").setText("Lê Văn Tâm")
    dialog.form.widget("custodian_id").setText("001090054321")
    dialog.form.widget("address").setText("Số 8 phố Huế, Hà Nội")
    dialog.submit()
    assert dialog.result_changes is None
    shown = " ".join([dialog.error_label.text(), *(dialog.form.error(k) or "" for k in dialog.form.fields)])
    assert "000512/NP-PC03" in shown, (shown, recorder.messages)
    assert detail(db, world, code).state == "in_storage" and not _deposit_notes(db, code)  # nothing recorded
    seals.confirm.setChecked(True)
    dialog.submit()
    assert dialog.result_changes is not None, (dialog.error_label.text(), recorder.messages)
    assert _deposit_notes(db, code) == ["intact"]  # prepared for the commander's approval, the seal as stated


def _deposit_notes(db, code) -> list[str]:
    from sqlalchemy import text
    with db.reader.connect() as c:
        return list(c.execute(text("SELECT hl.note FROM handover_lines hl JOIN items i ON i.id = hl.item_id JOIN "
                                   "handovers h ON h.id = hl.handover_id WHERE i.code = :c AND h.kind = 'deposit'"),
                              {"c": code}).scalars())
