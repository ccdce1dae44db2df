"""Luật THADS Điều 126 through the screens, as the chấp hành viên lives it: money whose owner was notified only days
ago offers «Gửi tiết kiệm» greyed on the item page, with the day it becomes possible, and is no task yet; once the 15
days have passed (an older notice: the history is dated back), «Tiền không có người nhận (15 ngày)» is overdue in Việc
cần làm, opening it opens the act; a missing field is refused under the field, nothing lost; recorded, the money has
left the shelf and the dialog offers the record to sign and print and the phiếu xuất kho."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader

from evidence_store.services.persistence import utcnow
from tests.integration.unclaimed_builders import cash, noticed_return
from ui.screens.handover import HandoverDialog
from ui.screens.inbox import InboxScreen

from .lifecycle_helpers import ctx_for, detail, enter_act_times, item_view_for


def _words(preview) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages).split())


def test_the_overdue_unclaimed_money_leads_to_the_savings_act_and_its_record(qtbot, shell_world, recorder):
    db, w = shell_world
    clerk = w.actor(db, "thukho")
    _ch, early, _r, notice = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"], seal="NP-5"),
                                            notice_days_ago=5, case_number="U-20/2026")
    view = item_view_for(qtbot, db, w, "chaphanh", early)
    button = view.unavailable_buttons["savings"]  # offered, greyed: the owner may still come
    assert not button.isEnabled() and "Được gửi tiết kiệm từ ngày" in button.toolTip()
    due = detail(db, w, early, "chaphanh").deadlines
    assert any(d.kind == "unclaimed_money" and d.due_on.strftime("%d/%m/%Y") in button.toolTip() for d in due)
    # another sum: its owner was notified a month ago and never came
    _ch, code, ret, _n = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"], seal="NP-6"),
                                        notice_days_ago=30, case_number="U-21/2026")
    inbox = InboxScreen(ctx_for(db, w, "chaphanh"))
    qtbot.addWidget(inbox)
    rows = {(t.ref, t.deadline_kind): (i, t) for i, t in enumerate(inbox.tasks)}
    assert (early, "unclaimed_money") not in rows  # not due yet: no task
    row, task = rows[(code, "unclaimed_money")]
    assert task.overdue
    dialog = inbox.open_task(row, modal=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ok_button.isEnabled() and dialog.amount.text() == "2.000.000"
    dialog.bank.setText("Ngân hàng TMCP Ngoại thương Việt Nam")
    dialog.branch.setText("Chi nhánh Hà Nội")
    dialog.account.setText("0011.00012345")
    dialog.keeper.setCurrentIndex(dialog.keeper.findText("Nguyễn Thị Lan"))  # the storekeeper who gives
    now = (utcnow() + timedelta(hours=7)).replace(second=0, microsecond=0)  # Hà Nội wall time
    enter_act_times(qtbot, dialog, now - timedelta(minutes=40), now - timedelta(minutes=10))
    dialog.submit()  # the bank's person missing: refused under the field, nothing recorded, nothing lost
    refusal = dialog.form.error("receiver")
    assert "người đại diện ngân hàng" in refusal, (refusal, recorder.messages)
    assert detail(db, w, code, "chaphanh").state == "in_storage" and dialog.bank.text().startswith("Ngân hàng")
    dialog.receiver_name.setText("Lê Thị Ngân")
    dialog.receiver_position.setText("Giao dịch viên")
    dialog.receiver_id.setText("001192003344")
    # the storekeeper looks at the seal as the money leaves (ND 142/2024 Điều 11): nothing assumed, refused unticked
    assert not dialog.seals.confirm.isChecked() and "(NP-6)" in dialog.seals.broken[code].text()
    dialog.submit()
    assert dialog.result_changes is None and "(niêm phong số NP-6)" in dialog.form.error("seal_states")
    dialog.seals.confirm.click()
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    number = dialog.result_changes.handover_number
    item = detail(db, w, code, "chaphanh")
    assert item.state == "savings" and "0011.00012345" in item.holder
    assert number in dialog.error_label.text() and dialog.slip == "out"  # the money left the shelf
    record = dialog.open_record()
    assert isinstance(record, HandoverDialog) and record.detail.number == number
    assert "Gửi tiết kiệm (tiền không có người nhận)" in record.header.text()  # not «Gửi / giao bảo quản»
    record.close()
    words = _words(dialog.print_record())
    for value in ("Giao nhận tiền gửi tiết kiệm không kỳ hạn", "Ngân hàng TMCP Ngoại thương Việt Nam",
                  "0011.00012345", "Hai triệu đồng", "Lê Thị Ngân", "Nguyễn Thị Lan", "Bùi Thanh Sơn", ret,
                  "Số NP-6, nguyên vẹn"):
        assert value in words, value
    slip = _words(dialog.print_slip())
    assert "PHIẾU XUẤT KHO" in slip and code[:2] in slip
    # Việc cần làm: the 15 days are handled
    inbox.reload()
    assert (code, "unclaimed_money") not in {(t.ref, t.deadline_kind) for t in inbox.tasks}


def test_foreign_money_is_asked_in_its_currency(qtbot, shell_world, recorder):
    from evidence_store.services.commands import NewItem
    db, w = shell_world
    usd = NewItem("foreign_cash", "Ngoại tệ", 3, "tờ", "100 USD × 3 tờ", sealed=True, seal_state="intact", seal_number="NP-88",
                  location_code=w.locations["safe"], owner_name="Nguyễn Văn Nam",
                  attributes={"currency": "USD", "denominations": "100 × 3", "total_amount": "300 USD"})
    _ch, code, _r, _n = noticed_return(db, w, w.actor(db, "thukho"), usd, notice_days_ago=30)
    view = item_view_for(qtbot, db, w, "chaphanh", code)
    view.start_action("savings")
    dialog = view.dialog
    label = dialog.form.fields["amount"].label.text()
    assert label.startswith("Số tiền gửi (USD)"), label
