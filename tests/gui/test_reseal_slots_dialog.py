"""Issue #12: the record dialog of a return with a seal sealed again shows a signature slot for the person who sealed
again and for each witness of it, named, waiting for their signatures (ND 127/2017; BLTTHS Điều 133)."""

from __future__ import annotations

from evidence_store.services.commands import Reseal, ReturnItems
from evidence_store.services.release import return_items
from tests.integration.lifecycle_builders import examiner, run
from tests.integration.test_record_content import _released

from .lifecycle_helpers import ctx_for


def test_the_record_dialog_has_a_slot_for_the_resealer_and_each_witness(qtbot, shell_world):
    from ui.screens import handover
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    code, _release = _released(db, world, clerk)
    number = run(db, clerk, return_items, ReturnItems(
        (code,), world.locations["bin_A111"], examiner(world.agencies["ca"]), seal_intact=False,
        reseal=Reseal("000903/NP-GĐ", reason="mở để giám định", sealed_by=("Vũ Văn Niêm, Giám định viên",),
                      witnesses=("Trần Đức Hùng, Điều tra viên", "Lê Văn Tâm, Bảo vệ")))).handover_number
    dialog = handover.HandoverDialog(ctx_for(db, world, "thukho"), number)
    qtbot.addWidget(dialog)
    rows = [(dialog.slots.item(r, 0).text(), dialog.slots.item(r, 1).text(), dialog.slots.item(r, 2).text())
            for r in range(dialog.slots.rowCount())]
    assert ("Người niêm phong lại", "Vũ Văn Niêm", "Chưa ký") in rows, rows
    assert ("Người chứng kiến việc niêm phong lại", "Trần Đức Hùng", "Chưa ký") in rows, rows
    assert ("Người chứng kiến việc niêm phong lại", "Lê Văn Tâm", "Chưa ký") in rows, rows
    assert dialog.status.text() == "0/5 ô đã ký hoặc ghi nhận từ chối"
    assert dialog.windowTitle() == f"Biên bản giao nhận {number}"
    import os
    if os.environ.get("KVC_KEEP_PNG"):  # for a person to look at (the report names it)
        dialog.grab().save(os.path.join(os.environ["KVC_KEEP_PNG"], "reseal-slots-dialog.png"))
