"""The lifecycle dialogs and the disposal screen: transfer to VKS, cash deposited at Kho bạc, a
disposal proposed by the officer and approved by the commander (refused when the proposer
approves), destruction not offered for cash and refused by the service, the authority rule."""

from __future__ import annotations

import pytest

from evidence_store.domain.states import Doc
from tests.integration.builders import phone
from tests.integration.lifecycle_builders import milestone
from ui.scan_feedback import Outcome
from ui.screens.disposal import DisposalScreen
from ui.screens.lifecycle import open_dialog

from .lifecycle_helpers import (cash, check_seals, ctx_for, detail, enter_act_times, fill_document, fill_return_to_owner, received,
                                screen_for, select)
from evidence_store.domain import chronology


def _open(qtbot, db, world, user, action, codes):
    dialog = open_dialog(ctx_for(db, world, user), action, codes, None)
    qtbot.addWidget(dialog)
    return dialog

def test_transfer_of_responsibility_to_vks(qtbot, shell_world, recorder):
    db, world = shell_world
    a = world.agencies
    code = received(db, world)[0]
    milestone(db, detail(db, world, code).case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    dialog = _open(qtbot, db, world, "canbo", "transfer", [code])
    assert dialog.to_agency.currentData() == a["vks"]  # the next stage is suggested
    # the kết luận điều tra hands the case to the VKS (BLTTHS Điều 232): a transfer alone never moves the stage
    assert dialog.form.value("decision_kind") == Doc.INVESTIGATION_CONCLUSION
    assert not dialog.move_out.isVisibleTo(dialog)  # "chuyển kho THADS" only towards THADS
    fill_document(dialog.form, "decision", "20/KLĐT-CSHS", a["pc02"], Doc.INVESTIGATION_CONCLUSION.value)
    dialog.submit()
    assert dialog.result_changes is None  # a person of the VKS receives, never the agency alone (Điều 133)
    assert dialog.form.error("receiver_name")
    dialog.form.widget("receiver_name").setText("Ngô Thị Hạnh")
    dialog.form.widget("receiver_letter").setText("7/GGT-VKS")
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    assert dialog.result_changes.extra["acceptance"] == "pending"  # "chờ tiếp nhận" by the VKS
    assert detail(db, world, code).responsible_agency_id == a["pc02"]
    from evidence_store.services import acceptance
    from evidence_store.services.context import UnitOfWork
    with UnitOfWork(db, world.actor(db, "kiemsatvien")) as uow:
        acceptance.accept_handover(uow, dialog.result_changes.handover_number)
    item = detail(db, world, code)
    assert item.responsible_agency_id == a["vks"] and item.case_stage == "prosecution"
    assert item.location_code  # stayed on its shelf
    from evidence_store.describe import describe_event
    assert item.events[-1].kind == "transfer_responsibility"
    assert "→ VKSND TP Hà Nội" in describe_event(item.events[-1])


def test_transfer_to_the_same_agency_is_refused_in_the_dialog(qtbot, shell_world, recorder):
    db, world = shell_world
    a = world.agencies
    code = received(db, world)[0]
    dialog = _open(qtbot, db, world, "canbo", "transfer", [code])
    select(dialog.to_agency, detail(db, world, code).responsible_agency_id)
    fill_document(dialog.form, "decision", "21/QĐ-CSHS", a["pc02"], Doc.TRANSFER_DECISION.value)
    dialog.form.widget("receiver_name").setText("Ngô Thị Hạnh")
    dialog.submit()
    assert dialog.result_changes is None
    assert "thụ lý" in dialog.form.error("to_agency"), dialog.error_label.text()


def test_cash_is_deposited_at_kho_bac(qtbot, shell_world, recorder):
    db, world = shell_world
    a = world.agencies
    code = received(db, world, [cash(location_code=world.locations["safe"])])[0]
    dialog = _open(qtbot, db, world, "thukho", "deposit", [code])
    keepers = [dialog.keeper.itemData(i) for i in range(1, dialog.keeper.count())]
    assert keepers == [a["khobac"]]  # only the treasury keeps cash
    assert dialog.keeper.currentData() == a["khobac"]
    assert dialog.form.fields["account"].widget.isVisibleTo(dialog.form)
    dialog.form.widget("account").setText("3949.0.1055555")
    fill_document(dialog.form, "decision", "05/QĐ-CSHS", a["pc02"], Doc.DEPOSIT_DECISION.value)
    dialog.form.widget("receiver_name").setText("Hoàng Thị Thu")
    # issue #12: the package's seal is looked at as it is handed over — unticked, refused at the seal, nothing sent
    assert dialog.form.fields["seal_states"].widget.isVisibleTo(dialog.form)
    dialog.submit()
    assert dialog.result_changes is None and detail(db, world, code).state == "in_storage"
    assert "NP-0100" in dialog.form.error("seal_states"), (recorder.messages, dialog.error_label.text())
    dialog.seals.confirm.click()
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    # ND 142/2024 Điều 4: prepared, the cash stays in the safe until the commander approves
    assert "Chờ lãnh đạo kho duyệt xuất" in dialog.error_label.text()
    assert detail(db, world, code).state == "in_storage"
    from tests.integration.lifecycle_builders import approve_if_pending
    assert approve_if_pending(db, dialog.result_changes.handover_number)
    item = detail(db, world, code)
    assert item.state == "deposited" and "Kho bạc" in item.holder and not item.location_code


def test_destruction_is_not_offered_for_cash_and_the_service_refuses_it(qtbot, shell_world, recorder):
    db, world = shell_world
    a = world.agencies
    code = received(db, world, [cash(location_code=world.locations["safe"])])[0]
    screen = screen_for(qtbot, DisposalScreen, db, world, "canbo")
    assert screen.handle_scan(code) and screen.batch.outcome is Outcome.FOUND
    offered = screen.proposal.offered()
    assert "destroyed" not in offered and "sold" not in offered
    assert set(offered) == {"returned", "confiscated"}
    # forced anyway (the combo only greys it): the service refuses with its own sentence
    form = screen.proposal
    form.outcome.setCurrentIndex(form.outcome.findData("destroyed"))
    fill_document(form.form, "decision", "40/QĐ-CSHS", a["pc02"], Doc.DISPOSAL_DECISION.value)
    fill_document(form.form, "council", "41/QĐ-CSHS", a["pc02"])
    form.form.widget("council_members").setPlainText("Bùi Thanh Sơn\nHồ Thị Mai")
    form.form.widget("supervisor").setText("Lê Thu Hà")
    form.form.widget("method").setText("Đốt")
    assert screen.propose() is None
    assert "không áp dụng cho loại vật chứng" in form.form.error("outcome"), form.error_label.text()
    assert detail(db, world, code).state == "in_storage"


def test_the_decision_must_come_from_the_competent_agency(qtbot, shell_world, recorder):
    db, world = shell_world
    a = world.agencies
    code = received(db, world)[0]
    screen = screen_for(qtbot, DisposalScreen, db, world, "canbo")
    screen.handle_scan(code)
    assert "Cơ quan điều tra" in screen.proposal.authority.text()
    form = screen.proposal
    form.outcome.setCurrentIndex(form.outcome.findData("returned"))
    fill_document(form.form, "decision", "40/QĐ-TA", a["ta"], Doc.DISPOSAL_DECISION.value)  # court, at investigation
    form.form.widget("recipient_name").setText("Nguyễn Văn Nam")
    form.form.widget("recipient_id").setText("001090012345")
    assert screen.propose() is None
    assert "không thuộc thẩm quyền" in form.form.error("decision_issuer")


def _propose_return(qtbot, db, world, user, code):
    screen = screen_for(qtbot, DisposalScreen, db, world, user)
    screen.handle_scan(code)
    form = screen.proposal
    fill_return_to_owner(form, world)
    changes = screen.propose()
    assert changes is not None, (form.error_label.text(), recorder_texts(screen))
    return changes.handover_number


def recorder_texts(screen):
    return [screen.proposal.form.error(k) for k in screen.proposal.form.fields if screen.proposal.form.error(k)]


def test_officer_proposes_and_commander_approves(qtbot, shell_world, recorder):
    db, world = shell_world
    code = received(db, world, [phone(location_code=world.locations["bin_A112"])])[0]
    number = _propose_return(qtbot, db, world, "canbo", code)
    assert detail(db, world, code).state == "in_storage"
    boss = screen_for(qtbot, DisposalScreen, db, world, "lanhdao")
    assert boss.tabs.currentIndex() == 1 and boss.can_approve
    assert boss.select_number(number)
    assert boss.tabs.tabText(1) == "Chờ phê duyệt (1)"
    recorder.confirm_answer = True
    assert boss.approve() is not None, recorder.messages
    assert detail(db, world, code).state == "in_storage"  # approved, not carried out: still on its shelf
    assert boss.rows == []
    confirms = recorder.texts("confirm")
    assert any("Ghi việc thực hiện xử lý ngay?" in t for t in confirms)
    # the case view says so
    from ui.screens.cases import CasesScreen
    cases = CasesScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(cases)
    cases.show_case(detail(db, world, code).case_id)
    assert f"chờ thực hiện: biên bản {number} (1 vật chứng)" in cases.case_label.text()
    # the Xử lý screen lists it among those waiting to be carried out; its button opens the carry-out dialog
    boss.status_box.setCurrentIndex(boss.status_box.findData("to_carry_out"))
    assert boss.select_number(number) and boss.carry_out_button.isEnabled()
    dialog = boss.carry_out()
    dialog.place.setText("")
    assert dialog.submit() is None and dialog.error_texts() == {"place": "Cần ghi địa điểm thực hiện việc xử lý"}
    assert dialog.place.property("invalid")  # marked as every form marks a field in error (issue #18)
    dialog.place.setText("Trụ sở Phòng Cảnh sát hình sự")
    enter_act_times(qtbot, dialog)
    dialog.keeper_name.setText("Nguyễn Thị Lan")
    check_seals(dialog)
    assert dialog.submit() is not None, (dialog.error_texts(), recorder.messages)
    item = detail(db, world, code)
    assert item.state == "returned" and item.holder == "Nguyễn Văn Nam"
    assert boss.rows == [] and any("vật chứng đã rời kho" in t for t in recorder.texts("info"))
    cases.show_case(detail(db, world, code).case_id)
    assert "chờ thực hiện" not in cases.case_label.text()


def test_the_proposal_dialog_from_the_item_view_sends_once_filled(qtbot, shell_world, recorder):
    db, world = shell_world
    code = received(db, world, [phone(location_code=world.locations["bin_A112"])])[0]
    dialog = _open(qtbot, db, world, "canbo", "dispose", [code])
    dialog.submit()  # nothing typed: refused at the fields, nothing sent, the dialog stays open
    assert dialog.result_changes is None and dialog.result() == 0
    assert dialog.proposal.form.error("decision_number") == "Cần nhập số quyết định / bản án"
    form = dialog.proposal
    form.outcome.setCurrentIndex(form.outcome.findData("returned"))
    fill_document(form.form, "decision", "41/QĐ-CSHS", world.agencies["pc02"], Doc.DISPOSAL_DECISION.value)
    form.form.widget("recipient_name").setText("Nguyễn Văn Nam")
    form.form.widget("recipient_id").setText("001090012345")
    dialog.ok_button.click()
    assert dialog.result_changes is not None and dialog.result() == 1, recorder.messages
    assert detail(db, world, code).state == "in_storage"  # proposed: waits for approval on its shelf


def test_the_proposer_cannot_approve_their_own_proposal(qtbot, shell_world, recorder):
    db, world = shell_world
    code = received(db, world, [phone(location_code=world.locations["bin_A112"])])[0]
    number = _propose_return(qtbot, db, world, "lanhdao", code)
    boss = screen_for(qtbot, DisposalScreen, db, world, "lanhdao")
    assert boss.select_number(number)
    assert boss.approve() is None
    assert any("Người phê duyệt phải khác người đề xuất" in t for t in recorder.texts()), recorder.messages
    assert detail(db, world, code).state == "in_storage"
    boss.reason.setText("Chưa đủ hồ sơ")
    assert boss.reject() is not None
    assert detail(db, world, code).events[-1].kind == "disposal_rejected"


def test_officers_do_not_see_approve_buttons(qtbot, shell_world, recorder):
    db, world = shell_world
    screen = screen_for(qtbot, DisposalScreen, db, world, "canbo")
    screen.show()
    assert not screen.can_approve and not screen.approve_button.isVisible()


@pytest.mark.parametrize("action", ["incident", "correction", "entrust", "recall", "check", "found"])
def test_every_dialog_opens(qtbot, shell_world, recorder, action):
    db, world = shell_world
    code = received(db, world)[0]
    user = "thukho"
    dialog = _open(qtbot, db, world, user, action, [code])
    assert dialog.isVisible()


def test_the_monthly_check_dialog_makes_a_printable_record(qtbot, shell_world, recorder):
    """HANDS-ON 52, R33: Kiểm tra định kỳ of an entrusted item records its check as a record the register opens and
    prints, with the custodian, the storekeeper, the accountant and the head each in his role and column."""
    from datetime import timedelta

    from evidence_store.services.commands import EntrustItems
    from tests.integration.lifecycle_builders import approved_entrust, doc, owner, run
    from tests.unit.printing_helpers import text as pdf_text
    from ui.screens.handover import HandoverDialog
    db, world = shell_world
    code = received(db, world)[0]
    run(db, world.actor(db, "thukho"), approved_entrust, EntrustItems(
        (code,), owner(), "owner", doc("entrust_decision", "4/QĐ-PC02", world.agencies["pc02"],
                                       chronology.today() - timedelta(days=2)), address="Số 5 ngõ 12 Láng Hạ, Hà Nội",
        seal_states={code: "intact"}))
    dialog = _open(qtbot, db, world, "thukho", "check", [code])
    dialog.seals.confirm.click()  # the seal as found at the custodian's (TT 01/2017/TT-BTP Điều 12)
    dialog.submit()
    # TT 01/2017/TT-BTP Điều 12 (R33): the accountant and the head are asked for by role, told at their fields
    assert dialog.result_changes is None
    assert dialog.form.error("accountant_name") and dialog.form.error("head_name")
    assert not dialog.form.error("participants")  # anyone else is optional
    for key, value in {"accountant_name": "Trần Thị Mai", "accountant_position": "Kế toán nghiệp vụ",
                       "head_name": "Phạm Quang Dũng", "head_rank": "Thượng tá", "head_position": "Trưởng phòng"}.items():
        dialog.form.widget(key).setText(value)
    dialog.participants.setPlainText("Lê Văn Tâm, Cán bộ UBND phường")
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    number = dialog.result_changes.handover_number
    record = HandoverDialog(ctx_for(db, world, "thukho"), number)
    qtbot.addWidget(record)
    assert [(s.role, s.person_name) for s in record.detail.signatures] == [
        ("custodian", owner().full_name), ("accountant", "Trần Thị Mai"), ("head", "Phạm Quang Dũng"),
        ("participant", "Lê Văn Tâm"), ("keeper", "Nguyễn Thị Lan")]
    preview = record.print_record()
    words = " ".join(pdf_text(preview.pdf).split())
    assert "Kiểm tra định kỳ vật chứng giao bảo quản" in words
    assert "Kế toán: Ông/Bà Trần Thị Mai — Kế toán nghiệp vụ" in words
    assert "Thủ trưởng đơn vị: Ông/Bà Phạm Quang Dũng — Thượng tá, Trưởng phòng" in words
    # three columns a row, each title over its person's name: custodian | storekeeper | accountant, then the head
    # and the other participant
    assert ("KẾ TOÁN (Ký, ghi rõ họ tên) Nguyễn Văn Nam Nguyễn Thị Lan Trần Thị Mai THỦ TRƯỞNG ĐƠN VỊ (Ký, ghi rõ họ "
            "tên) NGƯỜI THAM GIA KIỂM TRA (Ký, ghi rõ họ tên) Phạm Quang Dũng Lê Văn Tâm") in words
    assert "Kết quả kiểm tra: vật chứng còn nguyên trạng." in words
    preview.close()


def test_the_chosen_outcome_is_kept_with_its_reason_when_cash_is_scanned(qtbot, shell_world, recorder):
    """HANDS-ON 48: the user chose «Tiêu hủy»; scanning cash used to flip it silently to «Trả lại». The choice
    stays, the field says why it does not apply, and nothing is proposed until another outcome is chosen."""
    db, world = shell_world
    code = received(db, world, [cash(location_code=world.locations["safe"])])[0]
    screen = screen_for(qtbot, DisposalScreen, db, world, "canbo")
    form = screen.proposal
    form.outcome.setCurrentIndex(form.outcome.findData("destroyed"))
    form.outcome.activated.emit(form.outcome.currentIndex())  # picked by the user
    assert screen.handle_scan(code) and screen.batch.outcome is Outcome.FOUND
    assert form.outcome.currentData() == "destroyed"
    reason = form.form.error("outcome")
    assert "không áp dụng cho loại vật chứng đã quét" in reason and "Tiền" in reason, reason
    assert not form.validate()
    assert detail(db, world, code).state == "in_storage"
    form.outcome.setCurrentIndex(form.outcome.findData("returned"))
    form.outcome.activated.emit(form.outcome.currentIndex())
    assert form.form.error("outcome") == ""


def _kinds(form):
    box = form.form.widget("decision_kind")
    return [box.itemData(i) for i in range(box.count())], box.currentData()


def test_document_types_follow_the_outcome(qtbot, shell_world, recorder):
    """HANDS-ON 48: the decision types offered are those that authorise the chosen outcome at the case's stage
    (domain.authority.disposal_documents), the one made for the outcome first: a return in enforcement defaults to
    the QĐ trả lại tài sản, never to the council's decision; a QĐ bán is offered for a sale only."""
    from tests.integration.lifecycle_builders import to_enforcement
    db, world = shell_world
    code = received(db, world)[0]
    screen = screen_for(qtbot, DisposalScreen, db, world, "canbo")
    screen.handle_scan(code)
    form = screen.proposal
    form.outcome.setCurrentIndex(form.outcome.findData("sold"))
    assert _kinds(form) == (["sale_decision", "disposal_decision"], "sale_decision")
    form.outcome.setCurrentIndex(form.outcome.findData("returned"))
    assert _kinds(form) == (["disposal_decision"], "disposal_decision")
    to_enforcement(db, world, detail(db, world, code).case_id)
    screen = screen_for(qtbot, DisposalScreen, db, world, "canbo")
    assert screen.handle_scan(code) and screen.proposal.case_info.stage == "enforcement"
    form = screen.proposal
    form.outcome.setCurrentIndex(form.outcome.findData("returned"))
    assert _kinds(form) == (["return_decision", "enforcement_decision"], "return_decision")
    form.form.widget("decision_kind").setCurrentIndex(1)  # the user's own pick stays while it fits
    form.form.widget("decision_kind").activated.emit(1)
    form.outcome.setCurrentIndex(form.outcome.findData("confiscated"))
    assert _kinds(form) == (["enforcement_decision"], "enforcement_decision")
    form.outcome.setCurrentIndex(form.outcome.findData("destroyed"))
    kinds, current = _kinds(form)
    assert kinds == ["enforcement_decision"] and "council_decision" not in kinds
    form.outcome.setCurrentIndex(form.outcome.findData("returned"))  # the QĐ THA picked by the user is kept
    assert _kinds(form) == (["return_decision", "enforcement_decision"], "enforcement_decision")


def test_a_move_out_to_thads_from_the_dialog_is_recorded_at_thads(qtbot, shell_world, recorder):
    """LEGAL-RULES R35: towards THADS the dialog offers the move out; the record it makes is dated at THADS's
    premises, where the items are delivered, not at the warehouse they leave."""
    from evidence_store.db.models import Agency
    from tests.integration.lifecycle_builders import indicted, read
    from evidence_store.services import printing
    from tests.unit.printing_helpers import text as pdf_text
    db, world = shell_world
    a = world.agencies
    code = received(db, world)[0]
    indicted(db, world, detail(db, world, code).case_id)
    dialog = _open(qtbot, db, world, "thukho", "transfer", [code])
    select(dialog.to_agency, a["thads"])
    assert dialog.move_out.isVisibleTo(dialog)  # offered towards THADS (the demo's shared warehouse leaves it off)
    dialog.move_out.setChecked(True)
    fill_document(dialog.form, "decision", "8/QĐ-VKS", a["vks"], Doc.TRANSFER_DECISION.value)
    dialog.form.widget("receiver_name").setText("Ngô Văn Hạnh")
    dialog.form.widget("receiver_letter").setText("7/GGT-THADS")
    dialog.seals.checks[dialog.seals.scope].confirm.click()  # the seals looked at as the items leave (issue #12)
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    with db.session(write=False) as s:
        thads = s.get(Agency, a["thads"]).name
    words = " ".join(pdf_text(read(db, world.actor(db, "thukho"), printing.handover_pdf,
                                   dialog.result_changes.handover_number)).split())
    assert f"tại Trụ sở {thads}, chúng tôi gồm" in words
