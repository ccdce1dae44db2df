"""HANDS-ON 42 and its follow-up: the item view offers the phiếu xuất kho of a transfer only when the items left
the warehouse (chuyển kho THADS, xuất hẳn), never for a change of responsibility that leaves them on the shelf;
and the PXK it offers prints."""

from __future__ import annotations

import io

from pypdf import PdfReader

from evidence_store.services.acceptance import accept_handover
from evidence_store.services.commands import TransferResponsibility
from evidence_store.services.transfer import transfer_responsibility
from tests.integration.builders import phone, receive
from tests.integration.lifecycle_builders import approved_transfer, doc, milestone, rep, run, seals_checked


def _records_menu(window, code):
    window.open_code(code)
    view = window.screens["item_view"]
    view._fill_print_menu()
    menu = next(a.menu() for a in view.print_menu.actions() if a.menu() is not None)
    return view, {a.text(): a for a in menu.actions()}


def test_the_pxk_is_offered_for_a_transfer_out_and_not_for_one_on_the_shelf(main_window, shell_world, recorder):
    db, w = shell_world
    a = w.agencies
    clerk = w.actor(db, "thukho")
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"]), phone(location_code=w.locations["bin_A111"])])
    shelf_code, out_code = ch.item_codes
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    # to the VKS on the kết luận điều tra: the items stay on the shelf (BLTTHS Điều 232)
    to_vks = run(db, w.actor(db, "canbo"), transfer_responsibility, TransferResponsibility(
        doc("investigation_conclusion", "2/KLĐT", a["pc02"]), a["vks"], case_id=ch.case_id, receiver=rep(a["vks"])))
    run(db, w.actor(db, "kiemsatvien"), accept_handover, to_vks.handover_number)
    milestone(db, ch.case_id, "indictment", "indictment", "3/CT-VKS", a["vks"])
    # to the THADS warehouse on the VKS's decision, moved out (TT 04/2023/TT-BTP Điều 10)
    to_thads = run(db, clerk, approved_transfer, TransferResponsibility(
        doc("transfer_decision", "8/QĐ-VKS", a["vks"]), a["thads"], codes=(out_code,), move_out=True,
        receiver=rep(a["thads"]), seal_states=seals_checked((out_code,))))
    run(db, w.actor(db, "chaphanh"), accept_handover, to_thads.handover_number)
    window = main_window("thukho")
    _view, entries = _records_menu(window, shelf_code)
    assert f"Biên bản giao nhận {to_vks.handover_number} (" in " ".join(entries)
    assert not any(t.startswith("Phiếu xuất kho") for t in entries), entries
    view, entries = _records_menu(window, out_code)
    # the slip by its kind and its own number, with the record it is printed from (issue #12)
    slip = to_thads.handover_number.replace("/BB-GN", "/PXK")
    pxk = f"Phiếu xuất kho {slip} (theo biên bản {to_thads.handover_number})"
    assert pxk in entries, entries
    assert not any(to_vks.handover_number in t and t.startswith("Phiếu") for t in entries)
    preview = entries[pxk].trigger() or view.findChild(
        __import__("ui.widgets.print_preview", fromlist=["x"]).PrintPreviewDialog)
    assert preview is not None and recorder.messages == [], recorder.messages
    words = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages).split())
    assert "PHIẾU XUẤT KHO" in words.upper() and to_thads.handover_number in words
    preview.close()
