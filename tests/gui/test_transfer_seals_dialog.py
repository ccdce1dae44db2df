"""Issue #12: the transfer dialog. Moving the items out to the THADS warehouse, the storekeeper states each seal —
one tick «Đã kiểm tra niêm phong: nguyên vẹn, đúng số» or an item marked torn; left unticked, the transfer is refused
under the box. A transfer on the shelf looks at no seal: unticked, the record prints the register's numbers."""

from __future__ import annotations

from evidence_store.domain.states import Doc
from evidence_store.services import printing
from evidence_store.services.handovers import handover_detail
from tests.integration.lifecycle_builders import handover_state, read
from tests.integration.test_transfer_seals import SHELF, _indicted_phones
from tests.unit.printing_helpers import text as pdf_text
from ui.screens.lifecycle import open_dialog

from .lifecycle_helpers import ctx_for, fill_document


def _dialog(qtbot, db, world, codes):
    dialog = open_dialog(ctx_for(db, world, "thukho"), "transfer", codes, None)
    qtbot.addWidget(dialog)
    fill_document(dialog.form, "decision", "8/QĐ-VKS", world.agencies["vks"], Doc.TRANSFER_DECISION.value)
    dialog.form.widget("receiver_name").setText("Trần Thị Hoa")
    dialog.form.widget("receiver_letter").setText("12/GGT")
    return dialog


def _check(dialog):
    return dialog.seals.checks[dialog.seals.scope]


def test_moving_out_needs_each_seal_stated_and_sends_what_was_ticked(qtbot, shell_world, recorder):
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    codes = _indicted_phones(db, world, clerk)
    dialog = _dialog(qtbot, db, world, codes)
    assert dialog.to_agency.currentData() == world.agencies["thads"]
    dialog.move_out.setChecked(True)
    check = _check(dialog)
    assert dialog.seals.isVisibleTo(dialog) and check.isVisibleTo(dialog)
    assert check.confirm.text() == "Đã kiểm tra niêm phong: nguyên vẹn, đúng số" and not check.confirm.isChecked()
    assert set(check.broken) == set(codes)  # one box per sealed item of the transfer
    assert "phải kiểm tra từng niêm phong" in dialog.seals.hint.text()
    dialog.submit()  # nobody looked: refused under the box, nothing recorded
    assert dialog.result_changes is None
    assert "(niêm phong số NP-0201)" in dialog.form.error("seal_states"), (dialog.form.error("seal_states"),
                                                                            dialog.error_label.text())
    check.broken[codes[1]].click()
    check.confirm.click()
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    number = dialog.result_changes.handover_number
    assert [ln.seal_state for ln in read(db, clerk, handover_detail, number).lines] == ["intact", "broken"]
    assert handover_state(db, number)[2]["broken_codes"] == [codes[1]]


def test_on_the_shelf_the_tick_is_optional_and_the_record_prints_the_register(qtbot, shell_world, recorder):
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    codes = _indicted_phones(db, world, clerk)
    dialog = _dialog(qtbot, db, world, codes)
    dialog.move_out.setChecked(False)
    assert dialog.seals.isVisibleTo(dialog)
    assert "không đánh dấu thì biên bản ghi số niêm phong theo sổ kho" in dialog.seals.hint.text()
    assert dialog.seals.states() == {}
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, dialog.result_changes.handover_number)).split())
    assert f"Số NP-0201, {SHELF}" in words and "nguyên vẹn" not in words


def test_the_box_lists_the_items_the_chosen_scope_transfers(qtbot, shell_world, recorder):
    db, world = shell_world
    codes = _indicted_phones(db, world, world.actor(db, "thukho"))
    dialog = _dialog(qtbot, db, world, codes[:1])
    dialog.move_out.setChecked(True)
    scope = dialog.form.widget("scope")
    scope.setCurrentIndex(scope.findData("case"))  # the whole case: both phones
    assert set(_check(dialog).broken) == set(codes)
    scope.setCurrentIndex(scope.findData("items"))  # only the one picked
    assert set(_check(dialog).broken) == {codes[0]}
    _check(dialog).confirm.click()
    assert dialog.seals.states() == {codes[0]: "intact"}
