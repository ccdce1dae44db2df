"""Biological samples are kept at a specialised body (BLTTHS Điều 90.1.c; LEGAL-RULES R4: a blood sample's deposit
was refused as «not depositable»): deposited with a cơ sở chuyên ngành once the commander approves (ND 142/2024 Điều
4), never with the Kho bạc; while the sample stays in the warehouse it warns «phải chuyển ngay» like the Điều 90.1.b
items, and the warning closes at the deposit."""

from __future__ import annotations

from evidence_store.services.commands import DepositItems, NewItem
from evidence_store.services.custody import deposit_items

from .builders import receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_deposit, doc, item_row, open_deadlines, refused, rep, run

BLOOD = NewItem("bio_sample", "Mẫu máu của đối tượng Nguyễn Văn A", 1, "mẫu", sealed=True, seal_state="intact", seal_number="NP-21",
                attributes={"kind": "Máu", "storage_condition": "2–8 °C"})


def test_a_blood_sample_goes_to_a_specialised_body_and_warns_until_it_does(world, clerk):
    db, w = world
    a = w.agencies
    code = receive(db, clerk, [BLOOD]).item_codes[0]
    assert open_deadlines(db, code) == ["transfer_immediately"]  # Điều 90.1.c: not to be kept here
    err = refused(db, lambda: run(db, clerk, deposit_items, DepositItems(
        (code,), a["khobac"], doc("deposit_decision", "3/QĐ-PC02", a["pc02"]), receiver=rep(a["khobac"]),
        seal_states=seals_checked((code,)))))
    assert err.code == "wrong_keeper"
    run(db, clerk, approved_deposit, DepositItems(
        (code,), a["chemlab"], doc("deposit_decision", "4/QĐ-PC02", a["pc02"]), receiver=rep(a["chemlab"]),
        seal_states=seals_checked((code,))))
    row = item_row(db, code)
    assert row["state"] == "deposited" and "Trung tâm Kỹ thuật hóa chất" in row["holder"]
    assert open_deadlines(db, code) == []
