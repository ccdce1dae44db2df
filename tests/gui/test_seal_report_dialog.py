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


def test_a_torn_seal_at_a_treasury_deposit_is_refused_but_reported_and_the_screens_learn_it(qtbot, shell_world,
                                                                                           recorder):
    """TT 135/2018/TT-BTC Mẫu 02: the Kho bạc refuses the torn package; the clerk reads that the incident was
    recorded and what to do next, and the item view shows the item unsealed (services.treasury_seals)."""
    from ui.screens.release import ReleaseScreen
    from ui.screens.release_panels import SEAL_COLUMN
    from .lifecycle_helpers import cash, fill_document, screen_for, select
    db, w = shell_world
    code = received(db, w, [cash(location_code=w.locations["safe"])])[0]
    view = item_view_for(qtbot, db, w, "thukho", code)  # open in another tab of the session: it must follow
    screen = screen_for(qtbot, ReleaseScreen, db, w)
    view.ctx = screen.ctx  # one session: the screens hear the same changes
    screen.ctx.signals.changes_applied.connect(view.refresh)
    panel = screen.release_panel
    assert panel.handle_scan(code)
    select(panel.purpose, "deposit")
    f = panel.form
    f.widget("account").setText("3949.0.1055555")
    f.widget("receiver_name").setText("Hoàng Thị Thu")
    fill_document(f, "order", "16/LXK-PC02", w.agencies["pc02"])
    box = panel.batch.table.cellWidget(0, SEAL_COLUMN)
    box.setCurrentIndex(box.findData("broken"))
    assert not panel.save()
    shown = " ".join(recorder.texts())
    assert "Kho bạc chỉ nhận gói niêm phong nguyên vẹn" in shown and "Đã lập biên bản sự cố số" in shown
    assert "niêm phong lại" in shown
    item = detail(db, w, code)
    assert item.state == "in_storage" and not item.sealed
    assert view.item is not None and not view.item.sealed  # the view refreshed from the refusal's recorded change
    assert "seal" in view.action_buttons
