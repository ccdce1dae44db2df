"""«Báo niêm phong rách, mất» on the item page (BLTTHS Điều 90.3; ND 142/2024 Điều 11; issue #12): a seal found torn on
the shelf is reported from the item view — what was found, when, the witness who signs — and the incident record
(BB-SC) is there to sign and print: it names the item, the seal, the witness and the agency reported to. The item is
unsealed afterwards; an item not sealed, or not in the warehouse, has the action greyed with the reason."""

from __future__ import annotations

from evidence_store.services import printing
from tests.integration.lifecycle_builders import read
from tests.unit.printing_helpers import text as pdf_text

from .lifecycle_helpers import detail, item_view_for, received


def _report_dialog(qtbot, db, w, code):
    view = item_view_for(qtbot, db, w, "thukho", code)
    button = view.action_buttons["seal_broken"]
    assert button.text() == "Báo niêm phong rách, mất" and button.isEnabled()
    button.click()
    dialog = view.dialog
    qtbot.addWidget(dialog)
    return view, dialog


def test_a_torn_seal_found_on_the_shelf_is_reported_and_its_record_printed(qtbot, shell_world, recorder):
    db, w = shell_world
    code = received(db, w)[0]
    view, dialog = _report_dialog(qtbot, db, w, code)
    assert "NP-0001" in dialog.heading.text() + "".join(
        label.text() for label in dialog.findChildren(type(dialog.heading)))
    f = dialog.form
    dialog.description.setPlainText("Giấy niêm phong bị rách một góc, chữ ký không còn nguyên vẹn")
    before = len(detail(db, w, code).events)
    dialog.submit()  # no witness: nothing recorded, the name field says why
    assert dialog.result_changes is None and f.error("witness_name")
    assert detail(db, w, code).sealed and len(detail(db, w, code).events) == before
    f.widget("witness_name").setText("Lê Quang Sơn")
    f.widget("witness_position").setText("Đại diện UBND phường Láng")
    f.widget("witness_id").setText("001075004321")
    cmd = dialog.command()
    assert (cmd.codes, cmd.found_during, cmd.witness.full_name) == ((code,), "check", "Lê Quang Sơn")
    dialog.submit()
    assert dialog.result_changes is not None, (recorder.messages, dialog.error_label.text())
    number = dialog.number
    assert number.endswith("/BB-SC") and number in dialog.error_label.text()
    assert dialog.print_button.text() == "In biên bản sự cố" and dialog.sign_button.isVisible() is not None
    item = detail(db, w, code)
    assert not item.sealed
    words = " ".join(pdf_text(read(db, w.actor(db, "thukho"), printing.handover_pdf, number)).split())
    assert "BIÊN BẢN" in words and "Lê Quang Sơn" in words and "001075004321" in words
    assert "NP-0001" in words and item.name in words
    assert item.responsible_agency and item.responsible_agency in words
    view.refresh()  # the item page now offers to seal it again, and no second report
    assert "seal" in view.action_buttons and "seal_broken" not in view.action_buttons
    assert view.unavailable_buttons["seal_broken"].toolTip().endswith("không có niêm phong: không có niêm phong nào để báo rách, mất")


def test_the_report_is_greyed_for_an_item_out_of_the_warehouse(qtbot, shell_world, recorder):
    from tests.integration.lifecycle_builders import approved_release, examination_release, run
    db, w = shell_world
    code = received(db, w)[0]
    run(db, w.actor(db, "thukho"), approved_release, examination_release(w, [code]))
    view = item_view_for(qtbot, db, w, "thukho", code)
    button = view.unavailable_buttons["seal_broken"]
    assert not button.isEnabled()
    assert "chỉ báo niêm phong rách, mất đối với vật chứng đang lưu kho" in button.toolTip()
