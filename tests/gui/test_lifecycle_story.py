"""The "done when" story through the GUI. Item A: temporary release for giám định → return with a
reseal → responsibility transferred to VKS → TA → THADS → destruction by council; item B: returned to
its owner. The timelines, the deadlines shown and ``verify`` agree."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.domain.states import Doc
from evidence_store.services.verify import verify
from tests.integration.builders import phone
from ui.screens.disposal import DisposalScreen
from ui.screens.home import HomeScreen
from ui.screens.item_view import ItemViewScreen
from ui.screens.release import ReleaseScreen

from tests.integration.lifecycle_builders import JUDGED, judged, milestone

from .lifecycle_helpers import (TODAY, carry_out_from_item_view, check_seals, detail, enter_act_times, fill_document, fill_person,
                                fill_return_to_owner, fill_thads_destruction, received, release_for_examination,
                                screen_for)


def _home_rows(home):
    home.refresh()
    t = home.deadlines
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def _transfer(qtbot, view, code, number, kind, issuer, target, recorder, day=None):
    view.show_item(code)
    assert "transfer" in dict(view.available_actions(view.item))
    view.start_action("transfer")
    dialog = view.dialog
    qtbot.addWidget(dialog)
    assert dialog.to_agency.currentData() == target  # the next stage is proposed
    fill_document(dialog.form, "decision", number, issuer, kind, day=day)
    dialog.form.widget("receiver_name").setText("Ngô Thị Hạnh")
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    return dialog.result_changes.handover_number


def _accept(db, world, username, number):
    from evidence_store.services import acceptance
    from evidence_store.services.context import UnitOfWork
    with UnitOfWork(db, world.actor(db, username)) as uow:
        acceptance.accept_handover(uow, number)


def _approve(qtbot, db, world, number, recorder):
    boss = screen_for(qtbot, DisposalScreen, db, world, "lanhdao")
    assert boss.select_number(number)
    # a proposal names the act proposed, not the state its items are not in yet (issue 17; HANDS-ON 45)
    head = boss.detail.text().split("<br>")[0]
    assert "Đã " not in head and ("Tiêu hủy" in head or "Trả lại" in head), head
    assert boss.approve() is not None, recorder.messages
    asked = [t for t in recorder.texts("confirm") if t.startswith(f"Phê duyệt đề xuất xử lý {number}")][-1]
    assert "«Đã " not in asked and ("«Tiêu hủy" in asked or "«Trả lại" in asked), asked
    return boss


def test_story_through_the_gui(qtbot, shell_world, recorder, tmp_path):
    db, world = shell_world
    a = world.agencies
    code_a = received(db, world)[0]
    code_b = received(db, world, [phone(location_code=world.locations["bin_A112"], name="Điện thoại iPhone 12",
                                        attributes={"imei": "353912110000001"})], case_number="126/2026/CSHS")[0]
    # A: temporary release for giám định, due in two days → on the home screen, with who holds it
    releases = screen_for(qtbot, ReleaseScreen, db, world, "thukho")
    assert release_for_examination(releases.release_panel, world, code_a, due=TODAY + timedelta(days=2)), \
        recorder.messages
    home = screen_for(qtbot, HomeScreen, db, world, "thukho")
    row = next(r for r in _home_rows(home) if r[3].replace("-", "") == code_a)
    assert row[1] == "Sắp đến hạn" and row[2] == "Hạn trả vật chứng tạm xuất" and "Đỗ Minh An" in row[6]
    # … returned, unsealed for the examination and resealed
    back = releases.show_mode("return")
    back.handle_scan(code_a)
    back.handle_scan(world.locations["bin_A111"])
    fill_person(back.form, "giver", "Đỗ Minh An", a["ca"])
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("reseal"))
    back.form.widget("new_seal").setText("NP-0002")
    back.participants.setPlainText("Đỗ Minh An, giám định viên")
    back.witnesses.setPlainText("Nguyễn Thị Lan, thủ kho")
    back.form.widget("reseal_reason").setText("giám định")
    assert back.save(), recorder.messages
    assert not [r for r in _home_rows(home) if r[3].replace("-", "") == code_a]
    # responsibility: CQĐT → VKS → TA → THADS, the item staying on its shelf
    view = screen_for(qtbot, ItemViewScreen, db, world, "thukho")
    case_a = detail(db, world, code_a).case_id
    milestone(db, case_a, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"], JUDGED)
    # each transfer rests on the milestone that moves the case on (BLTTHS Điều 232, 243; TT 04/2023/TT-BTP Điều 10);
    # the clerk records it and the receiving agency's user accepts it (two-sided act, issue 13)
    for number, kind, issuer, target, acceptor in (
            ("20/KLĐT-CSHS", Doc.INVESTIGATION_CONCLUSION.value, "pc02", "vks", "kiemsatvien"),
            ("08/CT-VKS", Doc.INDICTMENT.value, "vks", "ta", "thuky"),
            ("09/QĐ-CGVC-VKS", Doc.TRANSFER_DECISION.value, "vks", "thads", "chaphanh")):
        offered = _transfer(qtbot, view, code_a, number, kind, a[issuer], a[target], recorder, JUDGED)
        _accept(db, world, acceptor, offered)
    assert detail(db, world, code_a).case_stage == "trial"
    day = TODAY - timedelta(days=1)  # the day the forms below date their documents
    judged(db, case_a, "25/2026/HS-ST", a["ta"], effective_on=day)  # pronounced a week before (BLTTHS Điều 343)
    milestone(db, case_a, "enforcement_decision", "enforcement_decision", "31/QĐ-THADS", a["thads"], day)
    assert detail(db, world, code_a).case_stage == "enforcement"
    # destruction by council: proposed by the chấp hành viên…
    enforcer = screen_for(qtbot, DisposalScreen, db, world, "chaphanh")
    officer = screen_for(qtbot, DisposalScreen, db, world, "canbo")
    enforcer.handle_scan(code_a)
    form = enforcer.proposal
    assert "Thi hành án" in form.authority.text()
    fill_thads_destruction(form, world, "Lê Thu Hà")
    proposal = enforcer.propose()
    assert proposal is not None, (form.error_label.text(), recorder.messages)
    view.show_item(code_a)
    shown = [view.deadlines.item(r, 0).text() for r in range(view.deadlines.rowCount())
             if view.deadlines.item(r, 4).text() != "Đã hoàn thành"]
    assert shown == ["Hạn tiêu hủy (10 ngày)"]
    # … approved by the commander, who prints the record and has it signed on paper
    boss = _approve(qtbot, db, world, proposal.handover_number, recorder)
    assert detail(db, world, code_a).state == "in_storage"  # approved: still on its shelf until the act
    _view, done = carry_out_from_item_view(qtbot, db, world, code_a)  # the storekeeper records the act
    assert done.result() == done.DialogCode.Accepted, (done.error_texts(), recorder.messages)
    record = boss.open_record(proposal.handover_number)
    qtbot.addWidget(record)
    scan = tmp_path / "bb-tieu-huy-da-ky.pdf"
    scan.write_bytes(b"%PDF-1.4 signed destruction record")
    recorder.open_files = [str(scan)]
    assert record.mark_paper() and record.complete(), recorder.messages
    # B: returned to its owner on the investigation agency's decision
    officer.handle_scan(code_b)
    form = officer.proposal
    fill_return_to_owner(form, world)
    returned = officer.propose()
    assert returned is not None, (form.error_label.text(), recorder.messages)
    boss_b = _approve(qtbot, db, world, returned.handover_number, recorder)
    carry = boss_b.last_dialog  # "Ghi việc thực hiện xử lý ngay?" — yes: the carry-out dialog beside the list
    carry.place.setText("Trụ sở Phòng Cảnh sát hình sự")
    enter_act_times(qtbot, carry)
    assert carry.submit() is None and "thủ kho" in carry.error_texts()["keeper"]  # the commander is no storekeeper
    carry.keeper_name.setText("Nguyễn Thị Lan")
    check_seals(carry)
    assert carry.submit() is not None, (carry.error_texts(), recorder.messages)
    assert not [t for t in recorder.texts() if t], recorder.messages

    clerk_view = screen_for(qtbot, ItemViewScreen, db, world, "thukho")
    clerk_view.show_item(code_a)
    texts = clerk_view.timeline.texts()
    assert texts[0].startswith("Nhập kho theo Lệnh nhập kho số 12/LNK-PC02")
    assert any(t.startswith("Tạm xuất (giám định) cho Đỗ Minh An") for t in texts)
    assert "Mở niêm phong NP-0001" in texts and "Niêm phong lại, số niêm phong mới NP-0002" in texts
    assert "Nhận lại sau tạm xuất, niêm phong đã niêm phong lại" in texts
    transfers = [t for t in texts if t.startswith("Chuyển giao trách nhiệm")]
    assert len(transfers) == 3 and transfers[-1].endswith("→ THADS TP Hà Nội")
    assert texts[-3:] == ["Đề xuất xử lý: tiêu hủy", "Phê duyệt xử lý: tiêu hủy — chờ thực hiện",
                          "Xử lý vật chứng: Đã tiêu hủy"]
    assert clerk_view.item.state == "destroyed" and not clerk_view.item.location_code
    assert all(clerk_view.deadlines.item(r, 4).text() == "Đã hoàn thành" for r in range(clerk_view.deadlines.rowCount()))
    assert "release" not in dict(clerk_view.available_actions(clerk_view.item))
    clerk_view.show_item(code_b)
    assert clerk_view.timeline.texts()[-2:] == ["Phê duyệt xử lý: trả lại — chờ thực hiện",
                                                "Xử lý vật chứng: Đã trả lại"]
    assert clerk_view.item.holder == "Nguyễn Văn Nam"
    assert not [r for r in _home_rows(home) if r[3].replace("-", "") in (code_a, code_b)]
    assert verify(db).ok
