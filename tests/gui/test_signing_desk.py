"""Issue 17, the record's signing desk as a clerk found it at 1366×768: the dialog opened with the keyboard (and
Enter) on «Xóa chữ ký»; «Ký vào ô đã chọn» stayed enabled on a signed slot and answered with an error box."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from tests.integration.builders import phone, receive
from ui.screens import handover

from .lifecycle_helpers import ctx_for


def _record(qtbot, db, world):
    number = receive(db, world.actor(db, "thukho"), [phone(location_code=world.locations["bin_A111"])],
                     case_number="77/2026/CSHS").handover_number
    dialog = handover.HandoverDialog(ctx_for(db, world, "thukho"), number)
    qtbot.addWidget(dialog)
    return dialog


def _draw(pad) -> None:
    pad.begin_stroke(QPointF(30, 40))
    pad.extend_stroke(QPointF(120, 90))
    pad.end_stroke()


def test_the_record_opens_on_its_first_unsigned_slot_not_on_clear(qtbot, shell_world, recorder):
    db, world = shell_world
    dialog = _record(qtbot, db, world)
    dialog.show()
    qtbot.waitExposed(dialog)
    first = next(i for i, s in enumerate(dialog.detail.signatures) if s.status == "pending")
    assert dialog.focusWidget() is dialog.slots and dialog.slots.currentRow() == first
    assert dialog.selected_slot() is dialog.detail.signatures[first]
    # Enter signs the selected slot; it never wipes the drawn signature
    assert dialog.sign_button.isDefault() and not dialog.clear_button.isDefault()
    assert not dialog.clear_button.autoDefault()


def test_a_signed_slot_cannot_be_signed_again_and_the_desk_says_why(qtbot, shell_world, recorder):
    db, world = shell_world
    dialog = _record(qtbot, db, world)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.clear_button.isEnabled()  # nothing drawn: nothing to clear
    _draw(dialog.pad)
    assert dialog.clear_button.isEnabled() and dialog.sign_button.isEnabled()
    signed_row = dialog.slots.currentRow()
    assert dialog.sign_selected(), recorder.messages
    assert dialog.detail.signatures[signed_row].status == "signed_screen"
    # the desk moves on to the next unsigned slot, ready to sign
    assert dialog.selected_slot().status == "pending" and dialog.sign_button.isEnabled()
    assert not dialog.redo_button.isEnabled()  # nothing to redo on an unsigned slot
    dialog.slots.selectRow(signed_row)
    assert not dialog.sign_button.isEnabled()
    assert not dialog.refuse_button.isEnabled() and not dialog.fingerprint_button.isEnabled()
    assert dialog.redo_button.isEnabled()
    why = dialog.sign_hint.text()
    assert dialog.sign_hint.isVisibleTo(dialog) and "đã ký" in why and "Ký lại ô đã chọn" in why, why
    assert "đã ký" in dialog.sign_button.toolTip()
    # the button is off, so the old error box cannot come
    _draw(dialog.pad)
    dialog.sign_button.click()
    assert recorder.messages == []
    dialog.slots.selectRow(1 - signed_row)
    assert dialog.sign_button.isEnabled() and dialog.sign_hint.text() == ""


def test_a_completed_record_offers_no_signing(qtbot, shell_world, recorder):
    db, world = shell_world
    dialog = _record(qtbot, db, world)
    for _ in range(len(dialog.detail.signatures)):
        _draw(dialog.pad)
        assert dialog.sign_selected(), recorder.messages
    assert dialog.complete(), recorder.messages
    assert dialog.detail.status not in ("draft",)
    for button in (dialog.sign_button, dialog.clear_button, dialog.redo_button, dialog.paper_button):
        assert not button.isEnabled()
    assert not dialog.pad.isEnabled()
    assert "hoàn tất" in dialog.sign_hint.text()


def test_after_accepting_the_procurator_is_on_his_own_slot(qtbot, shell_world, recorder):
    """Seen walking the app: the VKS procurator accepted a transfer from his inbox and the dialog stayed on the
    giver's slot with the giver's name under the pad; «Ký vào ô đã chọn» then refused him («chỉ ký được ô chữ ký
    của chính mình»). At an agency's seat the dialog selects the user's own unsigned slot."""
    from tests.integration.lifecycle_builders import milestone
    from .agency_desks import Desk, transfer
    db, world = shell_world
    desk = Desk(qtbot, db, world)
    ch = receive(db, world.actor(db, "thukho"), [phone()], case_number="93/2026/CSHS")
    milestone(db, ch.case_id, "opening", "case_opening", "93/QĐ-KTVA", world.agencies["pc02"])
    number = transfer(desk, "canbo", ch.item_codes[0], "93/KLĐT", world.agencies["pc02"], world.agencies["vks"],
                      recorder, kind="investigation_conclusion", receiver="kiemsatvien")
    dialog = desk.open("kiemsatvien", "accept", number)
    dialog.show()
    assert dialog.accept_offer(), recorder.messages
    assert dialog.selected_slot().role == "receiver"
    assert dialog.signer.text() == "Đỗ Minh Châu"
    clerk = handover.HandoverDialog(ctx_for(db, world, "thukho"), number)  # at the warehouse's desk: the first
    qtbot.addWidget(clerk)
    clerk.show()
    assert clerk.selected_slot().role == "giver"
