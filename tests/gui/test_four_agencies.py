"""Done when (issue 13): a whole case across the four agencies, through the GUI — intake by the CQĐT with the
clerk, a request for examination by the investigator, transfer to the VKS accepted by the procurator, to the court
accepted by its clerk, to THADS on the VKS decision accepted by the chấp hành viên, destruction by a THADS council
supervised by the VKS — every record signed in the GUI, every task appearing and disappearing in the right inbox,
and ``verify`` ok."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.domain.states import Doc
from evidence_store.services import handovers
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify
from ui.scan_feedback import ScanSounds
from ui.screens.disposal import DisposalScreen
from ui.screens.release import ReleaseScreen
from ui.screens.requests import RequestsScreen

from tests.integration.lifecycle_builders import JUDGED, judged, milestone

from .lifecycle_helpers import TODAY, check_seals, ctx_for, detail, enter_act_times, fill_thads_destruction, qdate, select
from .test_intake_wizard import add_items, fill_case_order_giver
from .agency_desks import Desk, USERS, record_dialog, release_on_order, sign, transfer


def test_a_case_across_four_agencies(qtbot, main_window, shell_world, recorder, tmp_path):
    db, world = shell_world
    a = world.agencies
    desk = Desk(qtbot, db, world)
    # 1. intake by the CQĐT's officer at the clerk's desk: the wizard names the case officer, ends with signatures
    window = main_window("thukho")
    window.scan_filter.enabled = False
    wizard = window.navigate("intake")
    photo = tmp_path / "p.png"
    photo.write_bytes(bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49"
                                    "44415478da63f8cfc0f01f0005000201ffa6e2b50000000049454e44ae426082"))
    recorder.open_files = [str(photo)]
    fill_case_order_giver(wizard)
    case_step = wizard.steps[0]
    assert case_step.officer.count() > 1  # the agency's seats
    wizard.back() if hasattr(wizard, "back") else None
    select(case_step.officer, world.persons["canbo"])
    while wizard.index < 3:
        wizard.next()
    add_items(wizard, photo)
    wizard.next()
    wizard.next()
    assert wizard.index == 6, recorder.messages
    phone_code, bike_code, _knife = wizard.changes.item_codes
    intake_no = wizard.changes.handover_number
    desk.only_in(("finish", intake_no), {"thukho"})
    done = wizard.steps[6]
    record = done.open_signatures()
    qtbot.addWidget(record)
    sign(record, qtbot, ["giver", "receiver"], recorder)
    assert record.complete(), recorder.messages
    desk.only_in(("finish", intake_no), set())
    assert detail(db, world, phone_code, "canbo").case_number == "125/2026/CSHS"  # the officer sees his case

    # 2. the investigator asks for the phone for examination; the warehouse prepares it from the pick list
    requests_screen = desk.screen(RequestsScreen, "canbo")
    new = requests_screen.new_request(modal=False)
    qtbot.addWidget(new)
    new.case.setText("125/2026/CSHS")
    assert new.load_case()
    new.tick({phone_code})
    select(new.purpose, "examination")
    new.due.setDate(qdate(TODAY + timedelta(days=5)))
    changes = new.submit()
    assert changes is not None, new.error_label.text()
    request_no = changes.extra["request"]
    desk.only_in(("prepare", request_no), {"thukho"})
    pick = desk.open("thukho", "prepare", request_no)
    assert not pick.handle_scan(bike_code) and "không có trong yêu cầu" in pick.feedback.text()
    assert pick.handle_scan(phone_code) and pick.release_button.isEnabled()
    release_no = release_on_order(pick, world, "15/LXK-PC02", recorder)
    desk.only_in(("prepare", request_no), set())
    # ND 142/2024 Điều 4: the commander approves the clerk's release from his inbox before anything leaves
    desk.only_in(("approve_release", release_no), {"lanhdao"})
    desk.only_in(("accept", release_no), set())
    assert desk.open("lanhdao", "approve_release", release_no).approve() is not None, recorder.messages
    desk.only_in(("approve_release", release_no), set())
    desk.only_in(("accept", release_no), {"canbo"})
    qtbot.addWidget(pick.record_dialog)
    sign(pick.record_dialog, qtbot, ["giver"], recorder)  # the clerk hands over…
    accept = desk.open("canbo", "accept", release_no)  # …the investigator accepts and signs from his seat
    assert accept.accept_button.isVisible() or accept.accept_button.isVisibleTo(accept)
    assert accept.accept_offer(), recorder.messages
    desk.only_in(("accept", release_no), set())
    assert ("sign", release_no) in desk.tasks("canbo")
    sign(accept, qtbot, ["receiver"], recorder)
    assert ("sign", release_no) not in desk.tasks("canbo")
    # …and the commander who approved the release signs it as Thủ trưởng đơn vị from his own inbox
    sign(desk.open("lanhdao", "sign", release_no), qtbot, ["approver"], recorder)
    record = record_dialog(desk, "thukho", release_no)
    assert record.complete(), recorder.messages
    # … and brings it back after the examination (seal intact), the return record signed at the desk
    releases = desk.screen(ReleaseScreen, "thukho")
    back = releases.show_mode("return")
    back.batch.indicator.sounds = ScanSounds(muted=True)
    assert back.handle_scan(phone_code)
    back.handle_scan(world.locations["bin_A111"])
    # the giver is proposed: the investigator who received it (HANDS-ON 14, 38)
    assert back.form.value("giver_name") == "Trần Đức Hùng" and back.form.value("giver_id") == "001086012345"
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("intact"))  # the clerk looked: seal whole (issue #12)
    assert back.save(), recorder.messages
    return_no = back.result.number if hasattr(back, "result") and back.result else None
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        rows = handovers.list_handovers(uow, item_code=phone_code)
    return_no = return_no or next(r.number for r in rows if r.kind == "return")
    # he has a seat: he confirms from it that he gave it back (issue 13), and signs there
    desk.only_in(("accept", return_no), {"canbo"})
    giver_side = desk.open("canbo", "accept", return_no)
    assert giver_side.accept_offer(), recorder.messages
    sign(giver_side, qtbot, ["giver"], recorder)
    record = record_dialog(desk, "thukho", return_no)
    sign(record, qtbot, [s.role for s in record.detail.signatures if s.status == "pending"], recorder)
    assert record.complete(), recorder.messages

    # 3. CQĐT → VKS: offered by the investigator, accepted by the procurator, signed by both from their seats
    case_id = detail(db, world, phone_code).case_id
    # the decisions moving the case on are dated before the judgment, whose appeal period runs (BLTTHS Điều 343)
    milestone(db, case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"], JUDGED)
    to_vks = transfer(desk, "canbo", phone_code, "20/KLĐT-CSHS", a["pc02"], a["vks"], recorder,
                      kind=Doc.INVESTIGATION_CONCLUSION.value, receiver="kiemsatvien", day=JUDGED)  # the kết luận điều tra
    desk.only_in(("accept", to_vks), {"kiemsatvien"})
    dialog = desk.open("kiemsatvien", "accept", to_vks)
    assert dialog.accept_offer(), recorder.messages
    desk.only_in(("accept", to_vks), set())
    desk.only_in(("sign", to_vks), {"canbo", "kiemsatvien", "thukho"})  # giver, receiver, storekeeper
    sign(dialog, qtbot, ["receiver"], recorder)
    giver = record_dialog(desk, "canbo", to_vks)  # the case is VKS's now: canbo reads it, signs his own slot
    sign(giver, qtbot, ["giver"], recorder)
    desk.only_in(("sign", to_vks), {"thukho"})  # the storekeeper's slot is left: the clerk's task
    sign(record_dialog(desk, "thukho", to_vks), qtbot, ["keeper"], recorder)
    desk.only_in(("sign", to_vks), set())
    desk.only_in(("finish", to_vks), set())  # offered by an officer: no clerk has to finish it
    dialog.reload()
    assert dialog.complete(), recorder.messages
    assert detail(db, world, phone_code).case_stage == "prosecution"

    # 4. VKS → TA: the court's clerk accepts and names the judge responsible
    to_court = transfer(desk, "kiemsatvien", phone_code, "08/CT-VKS", a["vks"], a["ta"], recorder,
                        kind=Doc.INDICTMENT.value, receiver="thuky", day=JUDGED)  # the cáo trạng
    desk.only_in(("accept", to_court), {"thuky"})
    dialog = desk.open("thuky", "accept", to_court)
    assert dialog.detail.receiver_agency_id == a["ta"] and dialog.ctx.actor.agency_id == a["ta"], (
        dialog.detail.receiver_agency_id, dialog.ctx.actor, dialog.detail.acceptance, dialog.detail.kind)
    select(dialog.officer_box, world.persons["thamphan"])
    assert dialog.accept_offer(), recorder.messages
    desk.only_in(("accept", to_court), set())
    sign(dialog, qtbot, ["receiver"], recorder)
    sign(record_dialog(desk, "kiemsatvien", to_court), qtbot, ["giver"], recorder)
    sign(record_dialog(desk, "thukho", to_court), qtbot, ["keeper"], recorder)
    dialog.reload()
    assert dialog.complete(), recorder.messages

    # 5. TA → THADS on the VKS's transfer decision, accepted by the chấp hành viên
    to_thads = transfer(desk, "thuky", phone_code, "12/QĐ-CGVC-VKS", a["vks"], a["thads"], recorder,
                        receiver="chaphanh", day=JUDGED)
    desk.only_in(("accept", to_thads), {"chaphanh"})
    dialog = desk.open("chaphanh", "accept", to_thads)
    assert dialog.accept_offer(), recorder.messages
    sign(dialog, qtbot, ["receiver"], recorder)
    sign(record_dialog(desk, "thuky", to_thads), qtbot, ["giver"], recorder)
    sign(record_dialog(desk, "thukho", to_thads), qtbot, ["keeper"], recorder)
    dialog.reload()
    assert dialog.complete(), recorder.messages
    assert detail(db, world, phone_code, "chaphanh").code == phone_code
    day = TODAY - timedelta(days=1)
    judged(db, case_id, "25/2026/HS-ST", a["ta"], effective_on=day)
    milestone(db, case_id, "enforcement_decision", "enforcement_decision", "31/QĐ-THADS", a["thads"], day)
    assert detail(db, world, phone_code).case_stage == "enforcement"

    # 6. destruction by the THADS council, the VKS supervising; approved by the warehouse's commander
    enforcer = desk.screen(DisposalScreen, "chaphanh")
    enforcer.batch.indicator.sounds = ScanSounds(muted=True)
    enforcer.handle_scan(phone_code)
    form = enforcer.proposal
    fill_thads_destruction(form, world, "Đỗ Minh Châu")  # the VKS supervises
    proposal = enforcer.propose()
    assert proposal is not None, (form.error_label.text(), recorder.messages)
    desk.only_in(("decide", proposal.handover_number), {"lanhdao"})
    boss = desk.screen(DisposalScreen, "lanhdao")
    assert boss.select_number(proposal.handover_number)
    assert boss.approve() is not None, recorder.messages
    desk.only_in(("decide", proposal.handover_number), set())
    # approved: the phone stays on its shelf; carrying it out is the warehouse's and THADS's task (Việc cần làm)
    assert detail(db, world, phone_code).state == "in_storage"
    for user in ("thukho", "chaphanh"):
        assert ("carry_out", proposal.handover_number) in desk.tasks(user), user
    carry = desk.open("thukho", "carry_out", proposal.handover_number)
    carry.place.setText("Lò đốt rác thải Nam Sơn, Sóc Sơn, Hà Nội")
    enter_act_times(qtbot, carry)
    names = {slot.name: slot.slot_id for slot in carry.info.council}
    carry.presence[names["Bùi Thanh Sơn"]].setChecked(False)  # the chair cannot be absent (Luật THADS Điều 125)
    assert carry.submit() is None
    assert "Bùi Thanh Sơn" in carry.error_texts()["absent_members"], carry.error_texts()
    carry.presence[names["Bùi Thanh Sơn"]].setChecked(True)
    member = next(name for name in names if name.endswith("Trần Văn Hải"))
    carry.presence[names[member]].setChecked(False)  # an ordinary member may be
    check_seals(carry)
    assert carry.submit() is not None, (carry.error_texts(), recorder.messages)
    assert detail(db, world, phone_code).state == "destroyed"
    desk.only_in(("carry_out", proposal.handover_number), set())
    record = record_dialog(desk, "thukho", proposal.handover_number)
    assert member not in {s.person_name for s in record.detail.signatures}  # absent: no signature
    sign(record, qtbot, [s.role for s in record.detail.signatures if s.status == "pending"], recorder)
    assert record.complete(), recorder.messages
    assert detail(db, world, phone_code).state == "destroyed"

    # every record of the phone signed and complete; nobody's inbox keeps its work; the ledger verifies
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        for row in handovers.list_handovers(uow, item_code=phone_code):
            d = handovers.handover_detail(uow, row.number)
            assert d.status in ("complete", "approved") or d.ended_at is not None, (row.number, d.status)
            assert {s.status for s in d.signatures} <= {"signed_screen", "signed_paper", "refused"}, row.number
    for user in USERS:
        assert not {t for t in desk.tasks(user) if t[1] in (to_vks, to_court, to_thads, release_no, request_no)}
    assert verify(db).ok
    assert not [t for t in recorder.texts() if t and "Đã gửi yêu cầu" not in t], recorder.messages


def test_scanning_a_record_qr_opens_it_and_compares_the_paper(main_window, shell_world, recorder):
    from evidence_store.domain.ledger import short_hash
    from evidence_store.printing.docbase import record_qr_payload
    from evidence_store.services import printing
    from tests.integration.builders import phone, receive
    db, world = shell_world
    window = main_window("thukho")
    ch = receive(db, world.actor(db, "thukho"), [phone()])
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        stamp = printing.handover_record(uow, ch.handover_number).stamp
    found = window.open_code(record_qr_payload(ch.handover_number, stamp))
    assert found.kind == "record" and found.found.matches
    dialog = window.last_record_dialog
    assert "khớp" in dialog.status.text() and dialog.detail.number == ch.handover_number
    dialog.close()
    tampered = record_qr_payload(ch.handover_number, stamp).replace(short_hash(stamp.record_hash), "0" * 12)
    found = window.open_code(tampered)
    assert found.found is not None, (found, recorder.messages)
    assert not found.found.matches and "KHÔNG KHỚP" in window.last_record_dialog.status.text()
    window.last_record_dialog.close()
    # a label's QR (code:hash) opens the item
    found = window.open_code(f"{ch.item_codes[0]}:{short_hash(stamp.head_hash)}")
    assert found.kind == "item" and found.code == ch.item_codes[0]


def test_pre_registered_items_are_received_by_scanning(qtbot, shell_world, recorder):
    from evidence_store.services import announce
    from evidence_store.services.commands import CaseInput, PersonInput, ReceiveItems
    from tests.integration.builders import intake_order, phone, seizure_record
    from ui.screens.announced import AnnouncedScreen
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    with UnitOfWork(db, clerk) as uow:
        codes = announce.announce_items(uow, ReceiveItems(
            intake_order("75/LNK-PC03"), (phone(name="Điện thoại 1"), phone(name="Điện thoại 2")),
            PersonInput(full_name="Lê Văn Cường"), new_case=CaseInput("77/2026/CSKT"),
            seizure_record=seizure_record())).item_codes
        other = announce.announce_items(uow, ReceiveItems(
            intake_order("76/LNK-PC03"), (phone(name="Điện thoại khác"),), PersonInput(full_name="Lê Văn Cường"),
            new_case=CaseInput("78/2026/CSKT"), seizure_record=seizure_record(number="46/BB-TG"))).item_codes
    screen = AnnouncedScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(screen)
    assert [a.order_number for a in screen.orders] == ["75/LNK-PC03", "76/LNK-PC03"]
    assert screen.handle_scan(codes[0]) and screen.current.order_number == "75/LNK-PC03"  # the scan picks the order
    screen.handle_scan(other[0])
    assert "không thuộc lệnh 75/LNK-PC03" in screen.feedback.text() and screen.scanned == [codes[0]]
    screen.handle_scan(codes[1])
    screen.handle_scan(world.locations["bin_A111"])
    screen.giver_name.setText("Lê Văn Cường")
    screen.giver_position.setText("Điều tra viên")
    screen.giver_id.setText("001088012345")
    assert screen.receive() is None  # no giấy giới thiệu yet (ND 142/2024 Điều 14): refused, said, nothing received
    assert "giấy giới thiệu" in " ".join(recorder.texts()) and [a.order_number for a in screen.orders] == [
        "75/LNK-PC03", "76/LNK-PC03"]
    screen.giver_letter.setText("21/GGT-PC03")
    screen.seals_check.setChecked(True)  # the seals looked at (ND 127/2017): stated, never assumed
    changes = screen.receive()
    assert changes is not None, recorder.messages
    assert detail(db, world, codes[0]).state == "in_storage" and detail(db, world, codes[1]).location_code
    assert [a.order_number for a in screen.orders] == ["76/LNK-PC03"]
    sign(screen.record_dialog, qtbot, ["giver", "receiver"], recorder)
    assert screen.record_dialog.complete(), recorder.messages
    assert verify(db).ok


def test_the_leader_assigns_the_officer_and_the_case_shows_who_handled_it(qtbot, shell_world, recorder):
    from tests.integration.builders import phone, receive
    from ui.screens.cases import CasesScreen
    from ui.screens.home import HomeScreen
    db, world = shell_world
    ch = receive(db, world.actor(db, "thukho"), [phone()])
    screen = CasesScreen(ctx_for(db, world, "thutruong"))  # the CQĐT's leader: his agency's cases
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == 1 and screen.assign_button.isVisibleTo(screen)
    screen.show_case(ch.case_id)
    assert screen.assign_officer(world.persons["thutruong"]), recorder.messages
    rows = [[screen.periods.item(r, c).text() for c in range(5)] for r in range(screen.periods.rowCount())]
    assert len(rows) == 2 and rows[-1][1] == "Hoàng Văn Thắng" and rows[-1][3] == "nay"
    officer = CasesScreen(ctx_for(db, world, "canbo"))  # no longer his case, but handled before: still listed
    qtbot.addWidget(officer)
    assert officer.model.rowCount() == 1 and not officer.assign_button.isVisibleTo(officer)
    home = HomeScreen(ctx_for(db, world, "canbo"))
    qtbot.addWidget(home)
    assert home.task_buttons["inbox"].isVisibleTo(home) and home.cards["awaiting"] is not None


def test_a_milestone_entered_from_paper_is_confirmed_by_the_issuing_agency(qtbot, shell_world, recorder):
    from tests.integration.builders import phone, receive
    from ui.screens.cases import CasesScreen
    db, world = shell_world
    a = world.agencies
    ch = receive(db, world.actor(db, "thukho"), [phone()])
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])  # entered by the console
    desk = Desk(qtbot, db, world)
    confirm = next(t for t in desk.inbox("thutruong").tasks if t.kind == "confirm")  # the CQĐT's leader
    assert not [t for t in desk.inbox("kiemsatvien").tasks if t.kind == "confirm"]  # not the VKS's milestone
    screen = CasesScreen(ctx_for(db, world, "thutruong"))
    qtbot.addWidget(screen)
    screen.show_case(ch.case_id)
    assert screen.milestones.select_milestone(int(confirm.ref.lstrip("#")))
    assert screen.milestones.confirm_selected(), recorder.messages
    assert not [t for t in desk.inbox("thutruong").tasks if t.kind == "confirm"]
    assert verify(db).ok
