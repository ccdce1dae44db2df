"""Issue #12: the record dialog of a THADS council's destruction asks for the signatures its paper has places for,
under the same names: the storekeeper who hands the items over («Bên giao») and the commander who approved it
(«Thủ trưởng đơn vị», as the biên bản tiêu hủy prints him), beside the council and the procurator."""

from __future__ import annotations

from evidence_store.services import printing
from evidence_store.services.commands import DecideDisposal, NewItem, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal
from tests.integration.builders import receive
from tests.integration.lifecycle_builders import carry_out, read, run, thads_council, to_enforcement
from tests.unit.printing_helpers import page_texts

from .lifecycle_helpers import ctx_for


def test_the_destruction_dialog_slots_match_the_signature_places_of_its_record(qtbot, shell_world):
    from ui.screens import handover
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    got = receive(db, clerk, [NewItem("weapon", "Dao bầu", 1, "chiếc", sealed=True, seal_state="intact", seal_number="NP-31",
                                      location_code=world.locations["bin_A111"])], case_number="D-1/2026")
    qd = to_enforcement(db, world, got.case_id)
    number = run(db, clerk, propose_disposal, ProposeDisposal(got.item_codes, "destroyed", qd,
                                                              **thads_council(world))).handover_number
    run(db, world.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    carry_out(db, world.actor(db, "lanhdao"), number)
    dialog = handover.HandoverDialog(ctx_for(db, world, "thukho"), number)
    qtbot.addWidget(dialog)
    rows = {dialog.slots.item(r, 0).text(): dialog.slots.item(r, 1).text() for r in range(dialog.slots.rowCount())}
    assert rows["Bên giao"] == "Nguyễn Thị Lan"
    assert rows["Thủ trưởng đơn vị (người phê duyệt)"] == "Phạm Quang Dũng"
    assert rows["Chủ tịch Hội đồng"] == "Bùi Thanh Sơn"
    last = page_texts(read(db, clerk, printing.destruction_pdf, number))[-1]
    for title, name in (("BÊN GIAO", "Nguyễn Thị Lan"), ("THỦ TRƯỞNG ĐƠN VỊ", "Phạm Quang Dũng"),
                        ("CHỦ TỊCH HỘI ĐỒNG", "Bùi Thanh Sơn"), ("KIỂM SÁT VIÊN", "Lê Thu Hà")):
        assert title in last and name in last.split(title, 1)[1]
    assert dialog.windowTitle() == f"Biên bản giao nhận {number}"
    import os
    if os.environ.get("KVC_KEEP_PNG"):  # for a person to look at (the report names it)
        dialog.grab().save(os.path.join(os.environ["KVC_KEEP_PNG"], "destruction-slots-dialog.png"))
