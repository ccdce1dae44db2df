"""Luật THADS Điều 126 for property, through the screens: a phone whose owner was notified a month ago offers «Bán tài
sản không có người nhận…» greyed with the day the 3 months end; one notified 100 days ago is an overdue task in Việc
cần làm that opens the sale; without the savings bank it is refused under the field; proposed, approved by the
commander and carried out from the item page (the auction organisation's representative named), the phone is sold,
its page says where the proceeds are on savings and the return it replaced is void."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.services.commands import DecideDisposal
from evidence_store.services.disposal import approve_disposal
from tests.integration.builders import phone
from tests.integration.lifecycle_builders import handover_state, run
from tests.integration.unclaimed_builders import noticed_return
from ui.screens.inbox import InboxScreen

from .lifecycle_helpers import carry_out_from_item_view, ctx_for, detail, fill_document, item_view_for
from evidence_store.domain import chronology


def test_unclaimed_property_is_sold_from_its_task_and_the_proceeds_go_on_savings(qtbot, shell_world, recorder):
    db, w = shell_world
    clerk = w.actor(db, "thukho")
    _ch, early, _r, _n = noticed_return(db, w, clerk, phone(location_code=w.locations["bin_A111"], seal_number="NP-1"),
                                        notice_days_ago=30, case_number="U-30/2026")
    view = item_view_for(qtbot, db, w, "chaphanh", early)
    button = view.unavailable_buttons["unclaimed_sale"]
    assert not button.isEnabled() and "Được bán từ ngày" in button.toolTip()
    _ch, code, ret, _n = noticed_return(db, w, clerk, phone(location_code=w.locations["bin_A112"], seal_number="NP-2"),
                                        notice_days_ago=100, case_number="U-31/2026")
    inbox = InboxScreen(ctx_for(db, w, "chaphanh"))
    qtbot.addWidget(inbox)
    rows = {(t.ref, t.deadline_kind): i for i, t in enumerate(inbox.tasks)}
    assert (early, "unclaimed_property") not in rows
    dialog = inbox.open_task(rows[(code, "unclaimed_property")], modal=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ok_button.isEnabled(), dialog.error_label.text()
    fill_document(dialog.form, "decision", "7/QĐ-BTS", w.agencies["thads"], day=chronology.today() - timedelta(days=1))
    dialog.price.setText("3.500.000")
    dialog.buyer.setText("Công ty Đấu giá hợp danh Hà Nội")
    dialog.account.setText("STK-778899")
    dialog.submit()  # no savings bank: refused under its field, nothing proposed
    assert "ngân hàng" in dialog.form.error("bank"), (dialog.form.error("bank"), dialog.error_label.text())
    dialog.bank.setText("Ngân hàng TMCP Đầu tư và Phát triển Việt Nam – Chi nhánh Hoàn Kiếm")
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    number = dialog.result_changes.handover_number
    assert number in dialog.error_label.text() and "chờ lãnh đạo phê duyệt" in dialog.error_label.text()
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    _view, carry = carry_out_from_item_view(qtbot, db, w, code, place="Trụ sở Công ty Đấu giá hợp danh Hà Nội",
                                            receiver="Đặng Quốc Việt")
    assert carry.result_changes is not None, (recorder.messages, carry.error_texts())
    item = detail(db, w, code, "chaphanh")
    assert item.state == "sold" and "STK-778899" in item.holder and "Hoàn Kiếm" in item.holder
    assert handover_state(db, ret)[1] == "void"
