"""Issue 13, through the GUI: the release form asks for the giấy giới thiệu of a receiver from another agency;
the investigator refuses a release from his inbox and the items are back on their shelf (the warehouse's pick
task comes back); a return he made is confirmed by him from his inbox before the clerk completes the record."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.db.models import Person
from evidence_store.services import release, requests
from evidence_store.services import commands
from evidence_store.services.commands import PersonInput
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify
from ui.scan_feedback import ScanSounds
from ui.screens.release import ReleaseScreen

from tests.integration.lifecycle_builders import seals_checked
from tests.integration.lifecycle_builders import approved_release, doc

from .lifecycle_helpers import check_release_seals
from .lifecycle_helpers import TODAY, approved_save, detail, fill_document, fill_person, qdate, received, select
from .agency_desks import Desk, record_dialog, release_on_order, sign


def test_the_release_form_asks_for_the_letter_of_another_agencys_receiver(qtbot, shell_world, recorder):
    db, world = shell_world
    a = world.agencies
    code = received(db, world)[0]
    desk = Desk(qtbot, db, world)
    screen = desk.screen(ReleaseScreen, "thukho")
    panel = screen.release_panel
    panel.batch.indicator.sounds = ScanSounds(muted=True)
    assert panel.handle_scan(code)
    select(panel.purpose, "examination")
    panel.due_on.setDate(qdate(TODAY + timedelta(days=5)))
    fill_person(panel.form, "receiver", "Đỗ Minh An", a["ca"])
    fill_document(panel.form, "order", "51/LXK-PC02", a["pc02"])
    check_release_seals(panel)
    label = panel.form.fields["receiver_letter"].label
    assert label.text().endswith("*")  # CATP Hà Nội is not the warehouse's PC10
    assert panel.save() is False and panel.form.error("receiver_letter")
    assert detail(db, world, code).state == "in_storage"
    select(panel.form.widget("receiver_agency"), a["pc10"])
    assert not label.text().endswith("*")  # the warehouse's own unit: no letter asked
    select(panel.form.widget("receiver_agency"), a["ca"])
    panel.form.widget("receiver_letter").setText("09/GGT-PC09")
    assert approved_save(panel), recorder.messages
    assert detail(db, world, code).state == "out_temporary"
    number = panel.result.number
    record = record_dialog(desk, "thukho", number)
    assert [s.letter_number for s in record.detail.signatures if s.role == "receiver"] == ["09/GGT-PC09"]


def test_the_investigator_refuses_a_release_and_confirms_a_return_from_his_inbox(qtbot, shell_world, recorder):
    db, world = shell_world
    a = world.agencies
    bin_code = world.locations["bin_A111"]
    code = received(db, world)[0]
    case_id = detail(db, world, code).case_id
    desk = Desk(qtbot, db, world)
    with UnitOfWork(db, world.actor(db, "canbo")) as uow:
        request_no = requests.create_request(uow, requests.CreateRequest(
            case_id, (code,), "examination", TODAY, TODAY + timedelta(days=7))).extra["request"]
    # the clerk picks and releases from the pick list; the investigator refuses from his inbox
    pick = desk.open("thukho", "prepare", request_no)
    assert pick.handle_scan(code)
    release_no = release_on_order(pick, world, "52/LXK-PC02", recorder)
    assert desk.open("lanhdao", "approve_release", release_no).approve() is not None, recorder.messages
    desk.only_in(("accept", release_no), {"canbo"})
    offer = desk.open("canbo", "accept", release_no)
    assert offer.refuse_offer_button.isVisibleTo(offer) and offer.refuse_offer_button.text() == "Từ chối tiếp nhận…"
    assert offer.refuse_offer("Lịch giám định đã dời"), recorder.messages
    desk.only_in(("accept", release_no), set())
    item = detail(db, world, code)
    assert item.state == "in_storage" and item.location_code == bin_code
    assert [e.kind for e in item.events][-1] == "release_refused"
    assert ("prepare", request_no) in desk.tasks("thukho")  # asked again: prepared anew
    assert (offer.detail.status, offer.detail.acceptance) == ("void", "refused")

    # released again (accepted), then given back: the investigator confirms the return record himself
    out = _release_to_canbo(db, world, code)
    with UnitOfWork(db) as uow:
        canbo = uow.session.get(Person, world.persons["canbo"])
        name, id_number = canbo.full_name, canbo.id_number
    screen = desk.screen(ReleaseScreen, "thukho")
    back = screen.show_mode("return")
    back.batch.indicator.sounds = ScanSounds(muted=True)
    assert back.handle_scan(code) and back.handle_scan(bin_code)
    fill_person(back.form, "giver", name, a["pc02"], id_number=id_number)
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("intact"))  # the clerk looked: seal whole (issue #12)
    assert back.save(), recorder.messages
    assert detail(db, world, code).state == "in_storage"
    return_no = next(t[1] for t in desk.tasks("canbo") if t[0] == "accept")
    assert return_no != out
    desk.only_in(("accept", return_no), {"canbo"})
    record = record_dialog(desk, "thukho", return_no)
    assert not record.complete()  # the giver has not confirmed yet
    confirm = desk.open("canbo", "accept", return_no)
    assert confirm.accept_button.text() == "Xác nhận đã giao trả"
    assert confirm.accept_offer(), recorder.messages
    desk.only_in(("accept", return_no), set())
    sign(confirm, qtbot, ["giver"], recorder)
    record = record_dialog(desk, "thukho", return_no)
    sign(record, qtbot, [s.role for s in record.detail.signatures if s.status == "pending"], recorder)
    assert record.complete(), recorder.messages
    assert verify(db).ok


def _release_to_canbo(db, world, code) -> str:
    from evidence_store.services.acceptance import accept_handover
    with UnitOfWork(db, world.actor(db, "thukho")) as uow:
        number = approved_release(uow, commands.ReleaseItems(
            (code,), doc("release_order", "53/LXK-PC02", world.agencies["pc02"]), "examination",
            PersonInput(id=world.persons["canbo"]), TODAY + timedelta(days=7),
            receiver_agency_id=world.agencies["pc02"], seal_states=seals_checked((code,)))).handover_number
    with UnitOfWork(db, world.actor(db, "canbo")) as uow:
        accept_handover(uow, number)
    return number
