"""Issue #12 in the dialogs of entrusted items and of the return from a temporary release: the storekeeper states
each seal — the entrusting, the recall and the monthly check tick «Đã kiểm tra niêm phong: nguyên vẹn, đúng số» or
mark one torn; the return panel starts «— Chưa kiểm tra —» and a choice is needed for a sealed item. Left
unstated, the act is refused at the seal field and nothing is recorded (ND 127/2017; ND 142/2024 Điều 11)."""

from __future__ import annotations

from evidence_store.services.commands import EntrustItems
from tests.integration.lifecycle_builders import approved_entrust, doc, handover_state, owner, read, run
from ui.scan_feedback import ScanSounds
from ui.screens.lifecycle import open_dialog
from ui.screens.release import ReleaseScreen

from .lifecycle_helpers import (TODAY, ctx_for, detail, fill_document, fill_entrust, fill_person, item_view_for,
                                received, release_for_examination)


def _open(qtbot, db, world, action, codes):
    dialog = open_dialog(ctx_for(db, world, "thukho"), action, codes, None)
    qtbot.addWidget(dialog)
    return dialog


def test_the_entrust_dialog_sends_the_seal_only_once_ticked(qtbot, shell_world, recorder):
    db, w = shell_world
    code = received(db, w)[0]
    view = item_view_for(qtbot, db, w, "thukho", code)
    view.start_action("entrust")
    dialog = view.dialog
    fill_entrust(dialog.form, w)
    seals = dialog.seals
    seals.confirm.setChecked(False)  # nobody looked yet
    before = len(detail(db, w, code).events)
    assert seals.confirm.text() == "Đã kiểm tra niêm phong: nguyên vẹn, đúng số" and list(seals.broken) == [code]
    dialog.submit()
    assert dialog.result_changes is None
    assert "(niêm phong số NP-0001)" in dialog.form.error("seal_states"), dialog.form.error("seal_states")
    assert detail(db, w, code).state == "in_storage" and len(detail(db, w, code).events) == before  # nothing recorded
    seals.confirm.click()
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    details = handover_state(db, dialog.result_changes.handover_number)[2]
    assert details["seal_states"] == {code: "intact"} and "seal_incident" not in details


def _entrusted(db, w):
    code = received(db, w)[0]
    run(db, w.actor(db, "thukho"), approved_entrust, EntrustItems(
        (code,), owner(), "owner", doc("entrust_decision", "4/QĐ-PC02", w.agencies["pc02"]),
        address="Số 5 ngõ 12 Láng Hạ, Hà Nội", seal_states={code: "intact"}))
    return code


def test_the_recall_dialog_reports_a_seal_marked_torn(qtbot, shell_world, recorder):
    db, w = shell_world
    code = _entrusted(db, w)
    dialog = _open(qtbot, db, w, "recall", [code])
    f = dialog.form
    f.widget("location").setText(w.locations["bin_A111"])
    fill_document(f, "order", "7/LNK-PC02", w.agencies["pc02"])
    fill_person(f, "giver", "Nguyễn Văn Nam", id_number="001090012345")
    assert not dialog.seals.confirm.isChecked() and dialog.seals.title() == "Kiểm tra niêm phong khi nhận lại"
    dialog.submit()
    assert dialog.result_changes is None and "NP-0001" in f.error("seal_states")
    assert detail(db, w, code).state == "entrusted"
    dialog.seals.broken[code].click()
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    incident = handover_state(db, dialog.result_changes.handover_number)[2]["seal_incident"]
    item = detail(db, w, code)
    assert item.state == "in_storage" and not item.sealed and incident
    assert f"đã lập biên bản sự cố số {incident} và báo cáo" in dialog.error_label.text()  # told at once


def test_the_check_dialog_needs_the_seal_as_found(qtbot, shell_world, recorder):
    from evidence_store.services.handovers import handover_detail
    db, w = shell_world
    code = _entrusted(db, w)
    dialog = _open(qtbot, db, w, "check", [code])
    for key, value in {"accountant_name": "Trần Thị Mai", "head_name": "Phạm Quang Dũng"}.items():
        dialog.form.widget(key).setText(value)
    dialog.submit()
    assert dialog.result_changes is None and "NP-0001" in dialog.form.error("seal_states")
    dialog.seals.confirm.click()
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    lines = read(db, w.actor(db, "thukho"), handover_detail, dialog.result_changes.handover_number).lines
    assert [ln.seal_state for ln in lines] == ["intact"]


def test_the_return_panel_starts_unchecked_and_asks_for_the_seal(qtbot, shell_world, recorder):
    db, w = shell_world
    screen = ReleaseScreen(ctx_for(db, w, "thukho"))
    qtbot.addWidget(screen)
    for panel in (screen.release_panel, screen.return_panel):
        panel.batch.indicator.sounds = ScanSounds(muted=True)
    code = received(db, w)[0]
    assert release_for_examination(screen.release_panel, w, code, due=TODAY), recorder.messages
    back = screen.show_mode("return")
    assert back.seal_mode.currentData() == "" and back.seal_mode.currentText() == "— Chưa kiểm tra —"
    assert back.handle_scan(code) and back.handle_scan(w.locations["bin_A111"])
    fill_person(back.form, "giver", "Đỗ Minh An", w.agencies["ca"])
    assert back.save() is False
    assert back.form.error("seal_mode").startswith("Chưa xác nhận tình trạng niêm phong khi nhận lại")
    assert detail(db, w, code).state == "out_temporary"  # nothing recorded
    assert back.command().seal_intact is None  # what would be sent: no statement
    back.seal_mode.setCurrentIndex(back.seal_mode.findData("intact"))
    assert back.command().seal_intact is True
    assert back.save(), recorder.messages
    assert detail(db, w, code).state == "in_storage"
    assert back.seal_mode.currentData() == ""  # the next items' seals are looked at anew
