"""Issue #12: scanning the QR of a phiếu xuất kho opens its record and the paper check says «Phiếu xuất kho
…/PXK: khớp», in the record dialog and in the scan indicator — it said «Biên bản 9/2026/PXK»."""

from __future__ import annotations

import os
from datetime import timedelta

from evidence_store.printing.docbase import record_qr_payload
from evidence_store.services import printing
from evidence_store.services.commands import ReleaseItems
from tests.integration.builders import phone, receive
from tests.integration.lifecycle_builders import seals_checked
from tests.integration.lifecycle_builders import TODAY, approved_release, doc, examiner, read, run


def test_a_scanned_slip_is_named_a_phieu_xuat_kho(main_window, shell_world, qtbot):
    db, world = shell_world
    clerk = world.actor(db, "thukho")
    a = world.agencies
    code = receive(db, clerk, [phone(location_code=world.locations["bin_A111"])]).item_codes[0]
    number = run(db, clerk, approved_release, ReleaseItems(
        (code,), doc("release_order", "15/LXK-PC02", a["pc02"]), "examination", examiner(a["ca"]),
        TODAY + timedelta(days=5), receiver_agency_id=a["ca"], seal_states=seals_checked((code,)))).handover_number
    slip = read(db, clerk, printing.stock_slip, number, "out")
    window = main_window("thukho")
    found = window.open_code(record_qr_payload(slip.number, slip.stamp))
    assert found.found is not None and found.found.matches
    dialog = window.last_record_dialog
    assert dialog.status.text() == f"Phiếu xuất kho {slip.number}: khớp với cơ sở dữ liệu"
    assert f"Phiếu xuất kho {slip.number}" in window.toolbar.indicator.text()
    assert "Biên bản " + slip.number not in window.toolbar.indicator.text() + dialog.status.text()
    assert dialog.windowTitle() == f"Biên bản giao nhận {number}"  # the record the slip was printed from
    folder = os.environ.get("KVC_KEEP_PNG")
    if folder:  # for a person to look at (the report names it)
        dialog.grab().save(os.path.join(folder, "paper-check-pxk-dialog.png"))
        window.grab().save(os.path.join(folder, "paper-check-pxk-window.png"))
    dialog.close()
