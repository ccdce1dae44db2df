"""Issue #12: carrying out a disposal, the storekeeper states each seal as the items leave (ND 127/2017; ND 142/2024
Điều 11) — one confirmation «Đã kiểm tra niêm phong: nguyên vẹn, đúng số» or an item marked torn / missing; left
unstated, the act is refused under the box and nothing is recorded; the record prints what he stated."""

from __future__ import annotations

from evidence_store.services import printing

from tests.integration.lifecycle_builders import handover_state, read
from tests.integration.test_disposal_seals import _approved_return, _shown
from tests.unit.printing_helpers import text as pdf_text
from ui.screens.item_view import ItemViewScreen

from .lifecycle_helpers import ctx_for, detail, enter_act_times


def test_the_storekeeper_states_each_seal_and_the_record_prints_it(qtbot, shell_world, recorder):
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    codes, number = _approved_return(db, world, clerk)
    view = ItemViewScreen(ctx_for(db, world, "thukho"))
    qtbot.addWidget(view)
    assert view.show_item(codes[0])
    view.start_action("carry_out")
    dialog = view.dialog
    dialog.place.setText("Trụ sở Phòng Cảnh sát hình sự")
    enter_act_times(qtbot, dialog)
    assert dialog.seal_confirm.text() == "Đã kiểm tra niêm phong: nguyên vẹn, đúng số"
    assert not dialog.seal_confirm.isChecked()  # nothing assumed
    torn = dialog.seal_broken[codes[1]]
    assert torn.text().startswith("Rách, mất, bóc mở: ") and "(NP-0102)" in torn.text() and not torn.isChecked()
    # nobody looked at the seals: refused under the box, nothing recorded
    assert dialog.submit() is None
    said = dialog.error_texts()
    assert list(said) == ["seal_states"] and "(niêm phong số NP-0101)" in said["seal_states"], said
    assert detail(db, world, codes[0]).state == "in_storage"
    # the second found torn, the first not yet stated: still refused, naming the first
    torn.click()
    assert dialog.submit() is None and "NP-0101" in dialog.error_texts()["seal_states"]
    dialog.seal_confirm.click()  # the others whole, with the right number
    assert dialog.submit() is not None, (dialog.error_texts(), recorder.messages)
    assert [detail(db, world, c).state for c in codes] == ["returned", "returned"]
    incident = handover_state(db, number)[2]["seal_incident"]
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert (f"Tình trạng niêm phong khi giao nhận: {_shown(codes[0])}: Số NP-0101, nguyên vẹn; {_shown(codes[1])}: "
            f"Số NP-0102, có dấu hiệu bóc mở.") in words
    assert f"đã lập biên bản sự cố số {incident} và báo cáo Phòng Cảnh sát hình sự" in words
