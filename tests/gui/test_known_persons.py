"""Known people are not retyped (HANDS-ON 14, 24, 38): the release form names the case and proposes its
officer with the case's agency, entrusting proposes the owner, the return proposes who took the items out,
and typing a few letters of a name — or digits of a CCCD — offers the persons of the registry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from evidence_store.db.models import Handover, Person
from evidence_store.services.context import UnitOfWork
from ui.scan_feedback import ScanSounds
from ui.screens.release import ReleaseScreen

from .lifecycle_helpers import check_release_seals
from .lifecycle_helpers import TODAY, approved_save, detail, fill_document, qdate, received, select as choose
from .conftest import make_ctx


@pytest.fixture
def screen(qtbot, shell_world, recorder):
    db, world = shell_world
    screen = ReleaseScreen(make_ctx(db, world, "thukho"))
    for panel in (screen.release_panel, screen.return_panel):
        panel.batch.indicator.sounds = ScanSounds(muted=True)
    qtbot.addWidget(screen)
    screen.show()
    screen.db, screen.world = db, world
    return screen


def _read(db, world, stmt):
    with UnitOfWork(db, world.actor(db, "thukho"), write=False) as uow:
        return uow.session.execute(stmt).first()


def _persons(db, world) -> int:
    return _read(db, world, select(func.count()).select_from(Person))[0]


def _officer(db, world):  # builders.receive: the case's officer is person 3, its agency 3
    return _read(db, world, select(Person.full_name, Person.id_number, Person.id).where(Person.id == 3))


def _release(panel, world, number="15/LXK-PC02") -> bool:
    choose(panel.purpose, "examination")
    panel.due_on.setDate(qdate(TODAY + timedelta(days=7)))
    fill_document(panel.form, "order", number, world.agencies["pc02"])
    if panel.letter_needed():
        panel.form.widget("receiver_letter").setText("07/GGT-PC09")
    check_release_seals(panel)
    return approved_save(panel)


def test_release_names_the_case_and_proposes_its_officer_who_is_not_duplicated(screen, recorder):
    db, world = screen.db, screen.world
    code = received(db, world)[0]
    officer = _officer(db, world)
    panel = screen.release_panel
    assert not panel.case_label.isVisible()
    assert panel.handle_scan(code)
    f = panel.form
    assert panel.case_label.isVisible() and "125/2026/CSHS" in panel.case_label.text()
    assert officer.full_name in panel.case_label.text()
    assert f.value("receiver_name") == officer.full_name and f.value("receiver_id") == officer.id_number
    assert f.value("receiver_agency") == 3 and f.fields["receiver_agency"].label.text().endswith("*")
    before = _persons(db, world)
    assert _release(panel, world), recorder.messages
    assert _persons(db, world) == before  # the registry's officer, not a second copy of him
    receiver_id = _read(db, world, select(Handover.receiver_id).where(Handover.kind == "release"))[0]
    assert receiver_id == officer.id
    assert f.value("receiver_name") == ""  # saved: the next batch starts from a clean form


def test_what_the_clerk_typed_is_never_replaced_by_a_proposal(screen, recorder):
    db, world = screen.db, screen.world
    codes = received(db, world)
    panel = screen.release_panel
    panel.form.widget("receiver_name").setText("Trần Văn Bình")
    assert panel.handle_scan(codes[0])
    assert panel.form.value("receiver_name") == "Trần Văn Bình"
    choose(panel.purpose, "entrust")
    assert panel.form.value("receiver_name") == "Trần Văn Bình"


def test_entrusting_proposes_the_owner(screen, recorder):
    db, world = screen.db, screen.world
    code = received(db, world)[0]
    panel = screen.release_panel
    panel.handle_scan(code)
    choose(panel.purpose, "entrust")
    assert panel.form.value("receiver_name") == "Nguyễn Văn Nam"  # the phone's owner
    choose(panel.purpose, "examination")  # back: the officer again, the owner gone
    assert panel.form.value("receiver_name") == _officer(db, world).full_name


def _pick_from_popup(qtbot, edit, typed: str, expected: str):
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, typed)
    popup = edit.completer().popup()
    texts = [edit.completer().completionModel().index(r, 0).data()
             for r in range(edit.completer().completionModel().rowCount())]
    assert any(expected in t for t in texts), texts
    row = next(r for r, t in enumerate(texts) if expected in t)
    popup.setCurrentIndex(edit.completer().completionModel().index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "CCCD" not in edit.text())
    return texts


def test_a_person_is_found_by_name_without_accents_or_by_cccd_and_fills_the_section(qtbot, screen, recorder):
    db, world = screen.db, screen.world
    received(db, world)  # the giver Lê Văn Cường (CCCD 001088012345) is now in the registry
    f = screen.release_panel.form
    texts = _pick_from_popup(qtbot, f.widget("receiver_name"), "le van cu", "Lê Văn Cường")
    assert any("CCCD 001088012345" in t for t in texts)
    assert f.value("receiver_name") == "Lê Văn Cường" and f.value("receiver_rank") == "Đại úy"
    assert f.value("receiver_position") == "Điều tra viên" and f.value("receiver_id") == "001088012345"
    assert f.value("receiver_agency") == 3
    f.widget("receiver_name").clear()
    f.widget("receiver_rank").clear()
    _pick_from_popup(qtbot, f.widget("receiver_id"), "0010880", "Lê Văn Cường")
    assert f.value("receiver_id") == "001088012345" and f.value("receiver_name") == "Lê Văn Cường"
    assert f.value("receiver_rank") == "Đại úy"


def test_the_return_proposes_who_took_the_items_out(screen, recorder):
    db, world = screen.db, screen.world
    code = received(db, world)[0]
    panel = screen.release_panel
    panel.handle_scan(code)
    f = panel.form
    f.widget("receiver_name").setText("Đỗ Minh An")  # typed: a new person
    f.widget("receiver_id").setText("001085009876")
    choose(f.widget("receiver_agency"), world.agencies["ca"])
    assert _release(panel, world), recorder.messages
    back = screen.show_mode("return")
    assert not back.form.value("giver_name")
    back.handle_scan(code)
    assert back.form.value("giver_name") == "Đỗ Minh An" and back.form.value("giver_id") == "001085009876"
    assert back.form.value("giver_agency") == world.agencies["ca"]
    assert "125/2026/CSHS" in back.case_label.text()
    before = _persons(db, world)
    assert back.handle_scan(world.locations["bin_A111"])
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("intact"))  # the clerk looked: seal whole (issue #12)
    assert back.save(), recorder.messages
    assert _persons(db, world) == before
    assert detail(db, world, code).state == "in_storage"


def test_a_cccd_already_held_by_someone_else_is_refused_naming_him(screen, recorder):
    db, world = screen.db, screen.world
    code = received(db, world)[0]  # Lê Văn Cường, CCCD 001088012345, is in the registry
    panel = screen.release_panel
    panel.handle_scan(code)
    f = panel.form
    f.widget("receiver_name").setText("Trần Văn Bình")
    f.widget("receiver_id").setText("001088012345")
    before = _persons(db, world)
    assert _release(panel, world) is False
    assert "Lê Văn Cường" in f.error("receiver_id")
    assert _persons(db, world) == before and detail(db, world, code).state == "in_storage"
    f.widget("receiver_id").setText("001090054321")  # corrected: saved
    assert _release(panel, world), recorder.messages
