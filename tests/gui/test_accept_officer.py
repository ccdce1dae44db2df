"""Issue 17: a court clerk (thuky) or a THADS storekeeper (thukhothads) accepting a transfer of responsibility for
his agency is not its case officer. The accept dialog never proposes him as «Người thụ lý»: it proposes the
agency's only officer, or nobody and asks for a choice; the officer chosen reaches the case even when the choice is
made before the dialog is on screen."""

from __future__ import annotations

from evidence_store.db.models import Case
from evidence_store.services import accounts, commands, transfer
from evidence_store.services.commands import PersonInput
from evidence_store.services.context import UnitOfWork

from tests.integration.builders import phone, receive
from tests.integration.lifecycle_builders import doc, milestone, run
from ui.screens.handover_acceptance import LATER

from .lifecycle_helpers import select


def _offer(db, world, kind, number, issuer, target, receiver, case_id=None):
    clerk = world.actor(db, "thukho")
    if case_id is None:
        case_id = receive(db, clerk, [phone(location_code=world.locations["bin_A111"])]).case_id
        milestone(db, case_id, "opening", "case_opening", "1/QĐ-KTVA", world.agencies["pc02"])
    out = run(db, clerk, transfer.transfer_responsibility, commands.TransferResponsibility(
        doc(kind, number, world.agencies[issuer]), world.agencies[target], case_id=case_id,
        receiver=PersonInput(id=world.persons[receiver])))
    return case_id, out.handover_number


def _at_court(db, world):
    """CQĐT → VKS (accepted by the procurator), then VKS → TA on the cáo trạng, offered to the court's clerk."""
    case_id, to_vks = _offer(db, world, "investigation_conclusion", "20/KLĐT-CSHS", "pc02", "vks", "kiemsatvien")
    from evidence_store.services import acceptance
    with UnitOfWork(db, world.actor(db, "kiemsatvien")) as uow:
        acceptance.accept_handover(uow, to_vks)
    return _offer(db, world, "indictment", "08/CT-VKS", "vks", "ta", "thuky", case_id)


def _court_seat(db, world, username, role, name) -> int:
    """A further seat at the court (a judge, its chánh án); returns the person."""
    from evidence_store.db.models import User
    with UnitOfWork(db) as uow:
        user = accounts.create_user(uow, username, "GheToa@2026x", [role], agency_id=world.agencies["ta"],
                                    full_name=name, check_permission=False, must_change_password=False)
        person = uow.session.get(User, user).person_id
        uow.commit()
    return person


def _case_officer(db, case_id):
    with UnitOfWork(db, write=False) as uow:
        return uow.session.get(Case, case_id).officer_id


def _accept_dialog(window, number):
    inbox = window.navigate("inbox")
    inbox.reload()
    row = inbox.row_of("accept", number)
    assert row >= 0, inbox.tasks
    return inbox.open_task(row, modal=False)


def _choices(box):
    return [box.itemData(i) for i in range(box.count())]


def test_the_court_clerk_accepting_is_not_proposed_and_must_choose_the_judge(qtbot, main_window, shell_world,
                                                                              recorder):
    db, world = shell_world
    judge2 = _court_seat(db, world, "thamphan2", "judge", "Lương Văn Bình")  # no judge is the obvious one
    case_id, number = _at_court(db, world)
    window = main_window("thuky")
    dialog = _accept_dialog(window, number)
    qtbot.addWidget(dialog)
    box = dialog.officer_box
    assert box.isVisibleTo(dialog) and dialog.accept_button.isVisibleTo(dialog)
    assert dialog.officer_label.isVisibleTo(dialog) and dialog.officer_label.text() == "Người thụ lý:"
    assert world.persons["thuky"] not in _choices(box)  # a clerk is not an officer
    assert {world.persons["thamphan"], judge2} <= set(_choices(box))
    assert box.currentData() is None  # nobody proposed…
    # …and no chánh án has a seat to assign later: the clerk enters the judge named in his phân công
    assert LATER not in _choices(box)
    assert not dialog.accept_offer()  # Tiếp nhận asks for the choice, nothing accepted
    assert recorder.messages and "theo quyết định phân công" in recorder.messages[-1][2], recorder.messages
    recorder.messages.clear()
    dialog.reload()
    assert dialog.detail.acceptance == "pending"
    select(box, judge2)  # the dialog is not on screen: the choice still reaches the service
    assert dialog.accept_offer(), recorder.messages
    assert dialog.detail.acceptance == "accepted"
    assert _case_officer(db, case_id) == judge2


def test_the_court_clerk_may_leave_the_assignment_to_the_chief_judge(qtbot, main_window, shell_world, recorder):
    db, world = shell_world
    _court_seat(db, world, "chanhan", "leader", "Trịnh Văn Chánh")  # the chánh án assigns in the app
    case_id, number = _at_court(db, world)
    dialog = _accept_dialog(main_window("thuky"), number)
    qtbot.addWidget(dialog)
    assert dialog.officer_box.currentData() == world.persons["thamphan"]  # the court's only judge
    assert _choices(dialog.officer_box) == [None, world.persons["thamphan"], LATER]  # not the chánh án himself
    select(dialog.officer_box, LATER)
    assert dialog.accept_offer(), recorder.messages
    assert _case_officer(db, case_id) is None
    # the chánh án finds it in Việc cần làm, opens the case and assigns the judge
    window = main_window("chanhan")
    inbox = window.navigate("inbox")
    inbox.reload()
    case_number = next(t.ref for t in inbox.tasks if t.kind == "assign")
    cases = inbox.open_task(inbox.row_of("assign", case_number), modal=False)
    assert cases is window.current_screen() and cases.current_case.id == case_id
    assert cases.assign_button.isEnabled() and window.focusWidget() is cases.assign_button
    assert cases.assign_officer(world.persons["thamphan"]), recorder.messages
    assert _case_officer(db, case_id) == world.persons["thamphan"]
    inbox.reload()
    assert not [t for t in inbox.tasks if t.kind == "assign"]


def test_the_thads_storekeeper_accepting_proposes_the_enforcer_not_himself(qtbot, main_window, shell_world,
                                                                           recorder):
    db, world = shell_world
    case_id, number = _at_court(db, world)
    from evidence_store.services import acceptance
    with UnitOfWork(db, world.actor(db, "thuky")) as uow:
        acceptance.accept_handover(uow, number, officer_id=world.persons["thamphan"])
    _case, to_thads = _offer(db, world, "transfer_decision", "09/QĐ-CGVC-VKS", "vks", "thads", "thukhothads",
                             case_id)
    dialog = _accept_dialog(main_window("thukhothads"), to_thads)
    qtbot.addWidget(dialog)
    assert world.persons["thukhothads"] not in _choices(dialog.officer_box)
    assert dialog.officer_box.currentData() == world.persons["chaphanh"]  # THADS's only enforcer
    assert dialog.accept_offer(), recorder.messages
    assert _case_officer(db, case_id) == world.persons["chaphanh"]
