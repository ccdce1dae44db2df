"""Issue #12: a phiếu xuất kho states, in its "Vị trí" column, the shelf each item left from — read from the ledger as
it stood at the release, not where the item is now (it came back to another shelf). A paper printed before the
column was filled (empty) still reads "khớp" at the QR paper check; a paper naming another shelf does not. Both
engines."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import text

from evidence_store.domain.ledger import short_hash
from evidence_store.services import paper_check, printing, storage
from evidence_store.services.commands import MoveItems, ReleaseItems, ReturnItems
from evidence_store.services.printing_data import record_hash
from evidence_store.services.release import return_items

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import TODAY, approved_release, doc, examiner, read, run


def test_the_release_slip_names_the_shelf_the_item_left_from_and_old_papers_still_match(world, clerk):
    db, w = world
    a, L = w.agencies, w.locations
    codes = receive(db, clerk, [phone(location_code=L["bin_A111"]), phone(location_code=L["bin_A111"],
                                                                          seal_number="NP-0002")]).item_codes
    run(db, clerk, storage.move_items, MoveItems((codes[1],), L["bin_A112"]))  # one moved before it leaves
    number = run(db, clerk, approved_release, ReleaseItems(
        codes, doc("release_order", "15/LXK-PC02", a["pc02"]), "examination", examiner(a["ca"]),
        TODAY + timedelta(days=5), receiver_agency_id=a["ca"], seal_states=seals_checked(codes))).handover_number
    # back to a third shelf: the slip of the release still states where the items were when they left
    run(db, clerk, return_items, ReturnItems(codes, L["bin_B222"], examiner(a["ca"]), seal_intact=True))
    with db.reader.connect() as c:  # the database's names of the shelves, and where the items are now
        name = dict(c.execute(text("SELECT code, name FROM locations")).all())
        now = c.execute(text("SELECT DISTINCT l.code FROM items i JOIN locations l ON l.id = i.location_id "
                             "WHERE i.code IN (:a, :b)"), {"a": codes[0], "b": codes[1]}).scalars().all()
    assert now == [L["bin_B222"]]
    left = [name[L["bin_A111"]], name[L["bin_A112"]]]
    slip = read(db, clerk, printing.stock_slip, number, "out")
    assert [ln.location for ln in slip.items] == left == ["Ô A1-1-01", "Ô A1-1-02"], slip.items
    words = " ".join(pdf_text(read(db, clerk, printing.stock_slip_pdf, number, "out")).split())
    assert left[0] in words and left[1] in words and name[L["bin_B222"]] not in words
    # the paper printed before (empty column) still reads "khớp"; one naming another shelf reads "KHÔNG KHỚP"
    seq, head = slip.stamp.head_seq, short_hash(slip.stamp.head_hash)
    old = replace(slip, items=tuple(replace(ln, location="") for ln in slip.items))
    check = read(db, clerk, paper_check.check_record_qr, f"KVC|{slip.number}|{short_hash(record_hash(old))}|{seq}|{head}")
    assert check.matches, check.differences
    now = read(db, clerk, paper_check.check_record_qr, f"KVC|{slip.number}|{short_hash(slip.stamp.record_hash)}|{seq}|{head}")
    assert now.matches, now.differences
    forged = replace(slip, items=(replace(slip.items[0], location="Ô B2-2-02"),) + slip.items[1:])
    bad = read(db, clerk, paper_check.check_record_qr, f"KVC|{slip.number}|{short_hash(record_hash(forged))}|{seq}|{head}")
    assert not bad.matches


def test_the_slip_of_a_disposal_carried_out_names_the_shelf_it_left(world, clerk):
    from evidence_store.services.commands import DecideDisposal, ProposeDisposal
    from evidence_store.services.disposal import approve_disposal, propose_disposal
    from .lifecycle_builders import carry_out, dismissed, owner
    db, w = world
    L = w.locations
    got = receive(db, clerk, [phone(location_code=L["bin_A121"])], case_number="140/2026/CSHS")
    dismissed(db, w, got.case_id)
    officer, boss = w.actor(db, "canbo"), w.actor(db, "lanhdao")
    number = run(db, officer, propose_disposal, ProposeDisposal(
        got.item_codes, "returned", doc("disposal_decision", "40/QĐ-CSHS", w.agencies["pc02"]), recipient=owner(),
        receipt="Đã nhận đủ")).handover_number
    run(db, boss, approve_disposal, DecideDisposal(number))
    carry_out(db, clerk, number, "Trụ sở Công an phường Láng")
    with db.reader.connect() as c:
        shelf = c.execute(text("SELECT name FROM locations WHERE code = :c"), {"c": L["bin_A121"]}).scalar()
        assert c.execute(text("SELECT location_id FROM items WHERE code = :c"), {"c": got.item_codes[0]}).scalar() \
            is None  # gone from the shelf
    slip = read(db, clerk, printing.stock_slip, number, "out")
    assert [ln.location for ln in slip.items] == [shelf]
    assert shelf in " ".join(pdf_text(read(db, clerk, printing.stock_slip_pdf, number, "out")).split())
