"""Xuất kho / Nhận lại through the GUI: a temporary release with a due date and its return with a
reseal; a past due date refused at the field; a wrong kind of location refused on return;
the handover's signature slots, and the signature pad."""

from __future__ import annotations

from datetime import timedelta

import pytest

from evidence_store.services import handovers
from evidence_store.services.context import UnitOfWork
from tests.integration.builders import phone
from ui.scan_feedback import Outcome, ScanSounds
from ui.screens.handover import HandoverDialog
from ui.screens.release import ReleaseScreen
from ui.widgets.signature_pad import SignaturePad

from .lifecycle_helpers import TODAY, ctx_for, detail, fill_person, qdate, received, release_for_examination


@pytest.fixture
def release_screen(qtbot, shell_world, recorder):
    db, world = shell_world
    screen = ReleaseScreen(ctx_for(db, world, "thukho"))
    for panel in (screen.release_panel, screen.return_panel):
        panel.batch.indicator.sounds = ScanSounds(muted=True)
    qtbot.addWidget(screen)
    screen.db, screen.world = db, world
    return screen


def _draw(pad, qtbot):
    from PySide6.QtCore import QPoint, Qt
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 40))
    for x in range(30, 200, 10):
        qtbot.mouseMove(pad, QPoint(x, 40 + (x % 30)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 60))


def test_temporary_release_then_return_with_reseal(release_screen, recorder):
    db, world = release_screen.db, release_screen.world
    code = received(db, world)[0]
    panel = release_screen.release_panel
    assert panel.handle_scan(code) and panel.batch.outcome is Outcome.FOUND
    assert panel.handle_scan(code) is True and panel.batch.outcome is Outcome.DUPLICATE
    panel.batch.details.clear()
    assert release_for_examination(panel, world, code, due=TODAY + timedelta(days=10)), recorder.messages
    item = detail(db, world, code)
    assert item.state == "out_temporary" and item.due_back_on == TODAY + timedelta(days=10)
    assert [d.kind for d in item.deadlines if not d.closed] == ["temporary_return"]
    assert panel.result.isVisibleTo(release_screen) and panel.result.number
    # scanning it again for release is refused: it is not in storage
    assert panel.handle_scan(code) and panel.batch.outcome is Outcome.WRONG_PLACE
    assert "Tạm xuất" in panel.batch.indicator.text()

    back = release_screen.show_mode("return")
    assert back.handle_scan(code) and back.batch.outcome is Outcome.FOUND
    assert back.handle_scan(world.locations["bin_A111"]) and back.location is not None
    fill_person(back.form, "giver", "Đỗ Minh An", world.agencies["ca"])
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("reseal"))
    assert back.save() is False  # new seal number, who resealed and who witnessed are required for a reseal
    assert back.form.error("new_seal") and back.form.error("participants") and back.form.error("reseal_witnesses")
    back.form.widget("new_seal").setText("NP-0002")
    back.participants.setPlainText("Đỗ Minh An, giám định viên")
    assert back.save() is False and back.form.error("reseal_witnesses")  # who witnessed it, in its own field
    back.witnesses.setPlainText("Nguyễn Thị Lan, thủ kho")
    back.form.widget("reseal_reason").setText("giám định")
    back.form.widget("condition").setText("Đã giám định, máy còn nguyên")
    assert back.save(), recorder.messages
    item = detail(db, world, code)
    assert item.state == "in_storage" and item.seal_number == "NP-0002" and item.location_code
    kinds = [e.kind for e in item.events]
    assert kinds[-3:] == ["unseal", "reseal", "return"]
    assert not [d for d in item.deadlines if not d.closed]


def test_a_past_due_date_is_refused_at_the_field(release_screen, recorder):
    db, world = release_screen.db, release_screen.world
    code = received(db, world)[0]
    panel = release_screen.release_panel
    assert not release_for_examination(panel, world, code, due=TODAY - timedelta(days=1))
    assert panel.form.error("due_on") == "Hạn trả không được ở quá khứ"
    assert detail(db, world, code).state == "in_storage"
    assert recorder.texts() == []


def test_returning_to_a_wrong_kind_of_location_is_refused(release_screen, recorder):
    db, world = release_screen.db, release_screen.world
    code = received(db, world)[0]
    assert release_for_examination(release_screen.release_panel, world, code)
    back = release_screen.show_mode("return")
    back.handle_scan(code)
    assert back.handle_scan(world.locations["yard"])
    assert back.batch.outcome is Outcome.WRONG_PLACE and back.location is None
    assert "Bãi xe" in back.batch.indicator.text() and back.form.error("location")
    # typed by hand instead of scanned: the service refuses it at the same field
    back.form.widget("location").setText(world.locations["yard"])
    fill_person(back.form, "giver", "Đỗ Minh An", world.agencies["ca"])
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("intact"))  # the clerk looked: seal whole (issue #12)
    assert back.save() is False
    assert "không phù hợp" in back.form.error("location")
    assert detail(db, world, code).state == "out_temporary"


def _released_record(qtbot, release_screen):
    """A received item released for examination (approved) at the desk: its record's dialog, opened from the panel."""
    panel = release_screen.release_panel
    assert release_for_examination(panel, release_screen.world, received(release_screen.db, release_screen.world)[0])
    dialog = panel.result.open_record()
    qtbot.addWidget(dialog)
    return dialog


def test_an_empty_signature_slot_refuses_completion_then_signing_completes(qtbot, release_screen, recorder):
    db, world = release_screen.db, release_screen.world
    panel = release_screen.release_panel
    dialog = _released_record(qtbot, release_screen)
    assert isinstance(dialog, HandoverDialog)
    assert {s.status for s in dialog.detail.signatures} == {"pending"}
    assert dialog.complete() is False
    assert any("chưa ký" in t for t in recorder.texts()), recorder.messages
    for role in [s.role for s in dialog.detail.signatures]:
        if role == "receiver":
            dialog.select_slot(role)
            dialog.reason.setText("Không đồng ý với mô tả tình trạng")
            dialog.witness.setText("Lê Văn Cường, điều tra viên")
            assert dialog.refuse_selected(), recorder.messages
            continue
        assert dialog.select_slot(role)
        _draw(dialog.pad, qtbot)
        assert dialog.sign_selected(), recorder.messages
    assert dialog.complete() is False  # the witness of the refusal signs too (Điều 133.2)
    assert dialog.select_slot("refusal_witness")
    _draw(dialog.pad, qtbot)
    assert dialog.sign_selected(), recorder.messages
    assert dialog.complete(), recorder.messages
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        record = handovers.handover_detail(uow, panel.result.number)
    assert record.status == "complete"
    assert {s.status for s in record.signatures} <= {"signed_screen", "refused"}
    assert any(s.status == "refused" and s.refusal_witness for s in record.signatures)


def test_signed_on_paper_attaches_the_scan(qtbot, release_screen, recorder, tmp_path):
    db, world = release_screen.db, release_screen.world
    code = received(db, world)[0]
    assert release_for_examination(release_screen.release_panel, world, code)
    dialog = release_screen.release_panel.result.open_record()
    qtbot.addWidget(dialog)
    scan = tmp_path / "bien-ban-da-ky.pdf"
    scan.write_bytes(b"%PDF-1.4 signed copy")
    recorder.open_files = [str(scan)]
    assert dialog.mark_paper(), recorder.messages
    assert {s.status for s in dialog.detail.signatures} == {"signed_paper"}
    assert dialog.complete()


def test_the_signature_pad_produces_a_png(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(420, 160)
    assert pad.is_empty()
    _draw(pad, qtbot)
    assert not pad.is_empty()
    png = pad.to_png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 200
    from PySide6.QtGui import QImage
    image = QImage.fromData(png)
    assert image.width() == 420 and image.height() == 160
    pad.clear()
    assert pad.is_empty()


def test_release_from_the_item_view_dialog(qtbot, shell_world, recorder):
    db, world = shell_world
    code = received(db, world, [phone(location_code=world.locations["bin_A112"])])[0]
    from ui.screens.lifecycle import open_dialog
    dialog = open_dialog(ctx_for(db, world, "thukho"), "release", [code], None)
    qtbot.addWidget(dialog)
    assert dialog.panel.batch.codes() == (code,)
    dialog.panel.batch.details.clear()
    dialog.panel.due_on.setDate(qdate(TODAY))
    assert release_for_examination(dialog.panel, world, code, due=TODAY)
    assert detail(db, world, code).state == "out_temporary"


def test_a_witness_is_added_and_a_signature_redone_from_the_record_dialog(qtbot, release_screen, recorder):
    """HANDS-ON 55, 56 (issue 12): the record dialog adds a witness or the leader before completion and redoes a
    signed or refused slot with its reason; the old slot stays in the ledger, the paper shows the live ones."""
    from evidence_store.services import printing
    from tests.unit.printing_helpers import text as pdf_text
    db, world = release_screen.db, release_screen.world
    panel = release_screen.release_panel
    dialog = _released_record(qtbot, release_screen)
    slots = len(dialog.detail.signatures)
    # an unsigned slot is selected: nothing to redo there yet (issue 17)
    assert dialog.add_button.isEnabled() and not dialog.redo_button.isEnabled()
    assert dialog.add_signer() is False and recorder.texts("warn")  # no name: told, nothing added
    dialog.add_role.setCurrentIndex(dialog.add_role.findData("witness"))
    dialog.add_name.setText("Lê Quang Sơn")
    dialog.add_position.setText("Tổ trưởng tổ dân phố số 5")
    assert dialog.add_signer(), recorder.messages
    added = [s for s in dialog.detail.signatures if s.person_name == "Lê Quang Sơn"]
    assert len(dialog.detail.signatures) == slots + 1 and [s.role for s in added] == ["witness"]
    assert dialog.add_name.text() == ""
    assert dialog.select_slot("receiver")
    dialog.reason.setText("Ghi nhầm")
    dialog.witness.setText("Lê Văn Cường, điều tra viên")
    assert dialog.refuse_selected(), recorder.messages
    refused = next(s for s in dialog.detail.signatures if s.role == "receiver")
    assert refused.status == "refused"
    row = next(i for i, s in enumerate(dialog.detail.signatures) if s.id == refused.id)
    dialog.slots.selectRow(row)
    dialog.redo_reason.setText("")
    assert dialog.redo_selected() is False  # the reason is asked for
    assert any("lý do" in t.lower() for t in recorder.texts()), recorder.messages
    dialog.slots.selectRow(row)
    dialog.redo_reason.setText("Người nhận đồng ý ký sau khi xem lại")
    assert dialog.redo_selected(), recorder.messages
    receiver = next(s for s in dialog.detail.signatures if s.role == "receiver")
    assert receiver.id != refused.id and receiver.status == "pending"
    assert not any(s.role == "refusal_witness" for s in dialog.detail.signatures)  # went with the refusal
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        words = " ".join(pdf_text(printing.handover_pdf(uow, panel.result.number)).split())
    assert "Lê Quang Sơn" in words and "từ chối ký" not in words


def test_the_receivers_card_issue_and_gender_are_entered_checked_and_printed(qtbot, release_screen, recorder):
    """HANDS-ON 47, 75: the release receiver's card issue date (a wrong one told at the field) and place, and his
    gender, go to the record: "Ông Đỗ Minh An …; căn cước số … cấp ngày … tại …"."""
    from evidence_store.services import printing
    from tests.unit.printing_helpers import text as pdf_text
    from .lifecycle_helpers import check_release_seals, fill_document, select
    db, world = release_screen.db, release_screen.world
    a = world.agencies
    code = received(db, world)[0]
    panel = release_screen.release_panel
    f = panel.form
    assert panel.handle_scan(code)
    select(panel.purpose, "examination")
    panel.due_on.setDate(qdate(TODAY + timedelta(days=2)))
    fill_person(f, "receiver", "Đỗ Minh An", a["ca"])
    f.widget("receiver_letter").setText("07/GGT-PC09")
    fill_document(f, "order", "15/LXK-PC02", a["pc02"])
    check_release_seals(panel)
    f.widget("receiver_id_date").setText("31/02/2021")
    assert not panel.save()
    assert "ngày/tháng/năm" in f.fields["receiver_id_date"].error.text()
    f.widget("receiver_id_date").setText("15/03/2021")
    f.widget("receiver_id_place").setText("Cục Cảnh sát QLHC về TTXH")
    select(f.widget("receiver_gender"), "male")
    assert panel.save(), recorder.messages
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        words = " ".join(pdf_text(printing.handover_pdf(uow, panel.result.number)).split())
    assert "Ông Đỗ Minh An — Thiếu tá" in words
    assert "căn cước số 001085009876 cấp ngày 15/03/2021 tại Cục Cảnh sát QLHC về TTXH" in words


def test_a_deposit_asks_one_agency_and_checks_the_seals(qtbot, release_screen, recorder):
    """HANDS-ON 53: in deposit mode the receiving agency is the keeper alone (no second «Cơ quan nhận»), the seal
    column stays to check each seal as it leaves, and the record prints the account and the seals as checked."""
    from evidence_store.services import printing
    from tests.unit.printing_helpers import text as pdf_text
    from .lifecycle_helpers import cash, fill_document, select
    db, world = release_screen.db, release_screen.world
    a = world.agencies
    code = received(db, world, [cash(location_code=world.locations["safe"])])[0]
    panel = release_screen.release_panel
    f = panel.form
    assert panel.handle_scan(code)
    select(panel.purpose, "deposit")
    assert f.fields["keeper"].widget.isVisibleTo(f) and not f.fields["receiver_agency"].widget.isVisibleTo(f)
    from ui.screens.release_panels import SEAL_COLUMN
    assert not panel.batch.table.isColumnHidden(SEAL_COLUMN)
    seal = panel.batch.table.cellWidget(0, SEAL_COLUMN)
    seal.setCurrentIndex(seal.findData("broken"))
    select(f.widget("keeper"), a["khobac"])
    f.widget("account").setText("3949.0.1055555")
    f.widget("receiver_name").setText("Hoàng Thị Thu")
    fill_document(f, "order", "16/LXK-PC02", a["pc02"])
    # the Kho bạc takes sealed packages only (TT 135/2018/TT-BTC Mẫu 02): refused with the reason, nothing typed
    # lost; the torn seal itself is reported (services.treasury_seals), the item no longer sealed
    assert not panel.save()
    assert any("Kho bạc chỉ nhận" in m[-1] and "VC-" in m[-1] and "Đã lập biên bản sự cố số" in m[-1]
               for m in recorder.messages), recorder.messages
    assert f.widget("account").text() == "3949.0.1055555"
    assert not detail(db, world, code).sealed
    # another package, whole: deposited
    panel.batch.clear()
    code = received(db, world, [cash(seal_number="NP-0101", location_code=world.locations["safe"])],
                    case_number="126/2026/CSHS")[0]
    assert panel.handle_scan(code)
    seal = panel.batch.table.cellWidget(0, SEAL_COLUMN)
    seal.setCurrentIndex(seal.findData("intact"))
    assert panel.save(), recorder.messages
    # ND 142/2024 Điều 4: prepared, the cash stays in the safe until the commander approves (LEGAL-RULES R22)
    assert "Đã lập biên bản gửi bảo quản 1 vật chứng — chờ lãnh đạo duyệt xuất" in panel.result.label.text()
    assert detail(db, world, code).state == "in_storage"
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        words = " ".join(pdf_text(printing.handover_pdf(uow, panel.result.number)).split())
    assert "Hoàng Thị Thu — Kho bạc" in words and "3949.0.1055555" in words
    assert "NP-0101, nguyên vẹn" in words
    assert "Bàn giao, tiếp nhận để bảo quản" in words and "Mẫu số 02 (TT 135/2018/TT-BTC)" in words  # R25


def test_a_seal_that_came_back_broken_is_replaced_before_the_item_goes_back_on_its_shelf(release_screen, recorder):
    """ND 127/2017 at the return (as on shelving): "Bị rách / hỏng" shows the new seal's fields and requires them
    for a phone; saved, the broken seal is reported (incident), the new seal recorded, the item back on its shelf."""
    db, world = release_screen.db, release_screen.world
    code = received(db, world)[0]
    assert release_for_examination(release_screen.release_panel, world, code, due=TODAY + timedelta(days=10))
    back = release_screen.show_mode("return")
    assert back.handle_scan(code) and back.handle_scan(world.locations["bin_A111"])
    fill_person(back.form, "giver", "Đỗ Minh An", world.agencies["ca"])
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("broken"))
    assert back.form.fields["new_seal"].widget.isVisibleTo(back.form)
    assert back.form.fields["participants"].label.text() == "Người niêm phong lại *"  # not "mở"
    assert back.form.fields["reseal_witnesses"].label.text() == "Người chứng kiến niêm phong lại *"
    assert back.save() is False and back.form.error("new_seal") and back.form.error("participants")
    assert detail(db, world, code).state == "out_temporary"  # nothing saved
    back.form.widget("new_seal").setText("NP-0777")
    back.participants.setPlainText("Đỗ Minh An, giám định viên")
    back.witnesses.setPlainText("Nguyễn Thị Lan, thủ kho")
    assert back.save(), recorder.messages
    item = detail(db, world, code)
    assert item.state == "in_storage" and item.sealed and item.seal_number == "NP-0777" and item.location_code
    assert [e.kind for e in item.events][-3:] == ["seal_broken", "reseal", "return"]


def test_the_seal_reason_examples_fit_the_act(qtbot, release_screen):
    """Issue #12: the return's reason field for a seal found torn gives a resealing example, not "giám định" (a
    reason to open a seal on purpose); opened on purpose, the example is an opening's; the seal dialogs' examples
    fit sealing, unsealing and resealing, and a seal number looks like the ones the app records."""
    from ui.screens.item_actions import SealDialog
    back = release_screen.show_mode("return")
    reason = back.form.widget("reseal_reason")
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("broken"))
    assert back.form.fields["reseal_reason"].label.text() == "Ghi chú niêm phong lại"
    assert "bị rách" in reason.placeholderText() and "giám định" not in reason.placeholderText()
    release_screen.resize(1366, 700)  # the smallest screen the app is made for: the example is read whole
    release_screen.show()
    assert reason.fontMetrics().horizontalAdvance(reason.placeholderText()) < reason.width() - 8
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("reseal"))
    assert back.form.fields["reseal_reason"].label.text() == "Lý do mở niêm phong"
    assert reason.placeholderText().startswith("VD: mở niêm phong")
    assert reason.fontMetrics().horizontalAdvance(reason.placeholderText()) < reason.width() - 8
    assert "/NP-" in back.form.widget("new_seal").placeholderText()
    ctx = ctx_for(release_screen.db, release_screen.world, "thukho")
    examples = {}
    for action in ("seal", "unseal", "reseal"):
        dialog = SealDialog(ctx, "VC26000001B", action)
        qtbot.addWidget(dialog)
        examples[action] = dialog.reason.placeholderText()
        assert "/NP-" in dialog.seal_number.placeholderText()
    assert examples["seal"].startswith("VD: niêm phong") and "mở" not in examples["seal"]
    assert examples["unseal"].startswith("VD: mở niêm phong")
    assert examples["reseal"].startswith("VD: niêm phong lại")
