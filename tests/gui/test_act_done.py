"""HANDS-ON 40 and 51: Chuyển giao and Giao bảo quản used to close without a word — no number, no way to sign or
print, the records left «Đang lập». The dialog now stays on what was saved: the record's number, the way to view and
sign it and to print it (and the phiếu xuất kho only when items leave the warehouse). The entrust record is titled
as one («giao bảo quản»), not as a deposit with a specialised keeper."""

from __future__ import annotations

import io

from pypdf import PdfReader

from evidence_store.domain.states import Doc
from tests.integration.builders import phone, receive
from tests.integration.lifecycle_builders import milestone
from ui.screens.handover import HandoverDialog

from .lifecycle_helpers import ctx_for, fill_document, fill_entrust, fill_person, item_view_for, select


def _words(preview) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages).split())

def test_a_transfer_shows_its_record_to_sign_and_print(qtbot, shell_world, recorder):
    db, w = shell_world
    a = w.agencies
    ch = receive(db, w.actor(db, "thukho"), [phone(location_code=w.locations["bin_A111"])])
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    view = item_view_for(qtbot, db, w, "canbo", ch.item_codes[0])
    view.start_action("transfer")
    dialog = view.dialog
    select(dialog.to_agency, a["vks"])
    fill_document(dialog.form, "decision", "2/KLĐT", a["pc02"], Doc.INVESTIGATION_CONCLUSION.value)
    fill_person(dialog.form, "receiver", "Trần Thị Hoa", a["vks"])
    dialog.submit()
    number = dialog.result_changes.handover_number
    assert dialog.isVisible() and not dialog.form.isEnabled(), recorder.messages
    assert number in dialog.error_label.text() and "Đã chuyển giao 1 vật chứng" in dialog.error_label.text()
    assert "chờ cơ quan nhận tiếp nhận" in dialog.error_label.text()  # the VKS has a seat: it accepts in the app
    assert dialog.form.widget("giver_rank").placeholderText() == ""  # no «VD: Thiếu tá» read as a value when done
    assert dialog.slip_button is None  # the item stays on the shelf: no phiếu xuất kho (HANDS-ON 42)
    record = dialog.open_record()
    assert isinstance(record, HandoverDialog) and record.detail.number == number
    record.close()
    preview = dialog.print_record()
    assert preview is not None and number in _words(preview)
    preview.close()
    dialog.reject()  # «Đóng»: the act stays done
    assert dialog.result() == dialog.DialogCode.Accepted
    # the procurator accepts: the record names him as a person, not by his login (seen under Xvfb)
    from evidence_store.services.acceptance import accept_handover
    from tests.integration.lifecycle_builders import run
    run(db, w.actor(db, "kiemsatvien"), accept_handover, number)
    record = HandoverDialog(ctx_for(db, w, "thukho"), number)
    qtbot.addWidget(record)
    name = record.detail.accepted_by_name
    assert name and name != "kiemsatvien" and f"Đã tiếp nhận — {name}" in record.header.text(), record.header.text()


def test_entrusting_shows_its_own_record(qtbot, shell_world, recorder):
    db, w = shell_world
    ch = receive(db, w.actor(db, "thukho"), [phone(location_code=w.locations["bin_A111"])])
    view = item_view_for(qtbot, db, w, "thukho", ch.item_codes[0])
    view.start_action("entrust")
    dialog = view.dialog
    fill_entrust(dialog.form, w)
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    number = dialog.result_changes.handover_number
    assert dialog.isVisible() and number in dialog.error_label.text()
    # ND 142/2024 Điều 4: prepared, waiting for the commander — nothing to sign, no phiếu xuất kho yet
    assert "Đã lập biên bản giao bảo quản 1 vật chứng" in dialog.error_label.text()
    assert "Chờ lãnh đạo kho duyệt xuất" in dialog.error_label.text()
    assert not dialog.sign_button.isVisibleTo(dialog) and dialog.slip_button is None
    words = _words(dialog.print_record())
    assert "(giao bảo quản)" in words and "gửi bảo quản chuyên trách" not in words, words[:400]
    assert "Phan Thị Hồng" in words and "chưa được lãnh đạo kho duyệt" in words
    from tests.integration.lifecycle_builders import approve_if_pending
    assert approve_if_pending(db, number)
    assert dialog._slip_due(number) == "out"  # the item left the warehouse: its phiếu xuất kho is due


def test_the_transfer_form_fits_its_dialog_without_sideways_scrolling(qtbot, shell_world, recorder):
    """Under Xvfb at 1366×768 the transfer dialog's fields were cut on the right: the giver's label (with its
    whole explanation) widened the label column. The explanation is the field's placeholder now."""
    from PySide6.QtWidgets import QScrollArea
    db, w = shell_world
    ch = receive(db, w.actor(db, "thukho"), [phone(location_code=w.locations["bin_A111"])])
    view = item_view_for(qtbot, db, w, "thukho", ch.item_codes[0])
    view.start_action("transfer")
    dialog = view.dialog
    qtbot.wait(20)
    scroll = dialog.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0, scroll.widget().minimumSizeHint().width()
    assert "ghi tên khi ký" in dialog.form.widget("giver_name").placeholderText()
