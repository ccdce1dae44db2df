"""Temporary release and return, and the refusals that leave no trace."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.services.commands import NewItem
from evidence_store.services.commands import Reseal, ReturnItems
from evidence_store.services.release import release_items, return_items
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import (approved_release, examination_release, TODAY, doc, examiner, item_row, open_deadlines,
                                 refused_code, run)


def test_release_records_seal_state_and_opens_deadline(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])]).item_codes[0]
    ch = run(db, clerk, approved_release, examination_release(w, [code]))
    row = item_row(db, code)
    assert row["state"] == "out_temporary" and row["location_id"] is None and "Đỗ Minh An" in row["holder"]
    assert open_deadlines(db, code) == ["temporary_return"]
    from evidence_store.services.handovers import handover_detail
    from .lifecycle_builders import read
    detail = read(db, clerk, handover_detail, ch.handover_number)
    assert detail.kind == "release" and detail.lines[0].seal_state == "intact"
    assert detail.basis_documents[0].number == "15/LXK-PC02"
    assert verify(db).ok


def test_return_with_intact_seal_defaults_to_the_release_order(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    run(db, clerk, approved_release, examination_release(w, [code]))
    run(db, clerk, return_items, ReturnItems((code,), w.locations["bin_A121"], examiner(w.agencies["ca"]),
                                           seal_intact=True))
    row = item_row(db, code)
    assert row["state"] == "in_storage" and row["sealed"] and row["seal_number"] == "NP-0001"
    assert open_deadlines(db, code) == []
    assert verify(db).ok



def test_due_date_in_the_past_isrefused_code(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    cmd = examination_release(w, [code], due_on=TODAY - timedelta(days=1))
    assert refused_code(db, lambda: run(db, clerk, approved_release, cmd)) == "due_date_past"
    assert item_row(db, code)["state"] == "in_storage"


def test_missing_or_wrong_basis_isrefused_code(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    wrong = examination_release(w, [code], order=doc("intake_order", "1/LNK-PC02", w.agencies["pc02"]))
    assert refused_code(db, lambda: run(db, clerk, approved_release, wrong)) == "wrong_basis"
    assert refused_code(db, lambda: run(db, clerk, approved_release, examination_release(w, [code], order=None))) == "basis_required"


def test_return_to_wrong_location_kind_is_refused_and_rolled_back(world, clerk):
    db, w = world
    drug = NewItem("drugs", "Ma túy đá", 12.5, "gam", sealed=True, seal_state="intact", seal_number="NP-9",
                   location_code=w.locations["secure"])
    code = receive(db, clerk, [drug]).item_codes[0]
    run(db, clerk, approved_release, examination_release(w, [code]))
    back = ReturnItems((code,), w.locations["bin_A111"], examiner(w.agencies["ca"]),
                       reseal=Reseal("NP-10", sealed_by=("Đỗ Minh An",), witnesses=("Nguyễn Thị Lan",)))
    assert refused_code(db, lambda: run(db, clerk, return_items, back)) == "wrong_location_kind"
    row = item_row(db, code)
    assert row["state"] == "out_temporary" and row["seal_number"] == "NP-9"


def test_release_of_a_released_item_isrefused_code(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    run(db, clerk, approved_release, examination_release(w, [code]))
    assert refused_code(db, lambda: run(db, clerk, approved_release, examination_release(w, [code]))) == "transition_refused"


def test_officer_may_not_release(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    officer = w.actor(db, "canbo")
    assert refused_code(db, lambda: run(db, officer, release_items, examination_release(w, [code]))) == "permission_denied"
