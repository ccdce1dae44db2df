"""Issue #12: the destruction record of a THADS council of six, read from the database and printed: every member
the database holds as a signer is named on the page that carries the closing statement, and no page holds a row
of signers without it (the last row used to stand alone on the last page). Several item counts move the page
breaks. Both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from evidence_store.db.models import Handover, Signature
from evidence_store.services import printing
from evidence_store.services.commands import CarryOutDisposal, DecideDisposal, NewItem, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.disposal_carry_out import carry_out_disposal
from evidence_store.services.persistence import utcnow

from ..unit.printing_helpers import page_texts
from .builders import receive
from .lifecycle_builders import intact_seals, read, run, thads_council, to_enforcement

MEMBERS = ("Trần Văn Hải", "Ngô Thị Lụa", "Đặng Văn Minh", "Phan Thị Nga")  # with the chair and finance: six


@pytest.mark.parametrize("items", (1, 9, 16, 20))  # 16 and 20 left the last row alone
def test_a_council_of_six_signs_on_the_page_of_its_closing(world, clerk, items):
    db, w = world
    knives = [NewItem("weapon", f"Dao bầu cán gỗ số {n}", 1, "chiếc", sealed=True, seal_state="intact", seal_number=f"NP-3{n}",
                      characteristics="dài 30 cm" + ", cán quấn dây" * (n % 3), location_code=w.locations["bin_A111"])
              for n in range(1, items + 1)]
    got = receive(db, clerk, knives, case_number=f"E-{items}/2026")
    qd = to_enforcement(db, w, got.case_id)
    council = thads_council(w, f"E{items}/QĐ-HĐTH") | {"council_members": MEMBERS}
    number = run(db, clerk, propose_disposal, ProposeDisposal(got.item_codes, "destroyed", qd, **council)).handover_number
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    now = utcnow()
    run(db, clerk, carry_out_disposal, CarryOutDisposal(number, now, now, "Lò đốt rác thải Nam Sơn, Sóc Sơn",
                                                        seal_states=intact_seals(db, number)))
    with db.session(write=False) as s:
        ho = s.scalars(select(Handover).where(Handover.number == number)).one()
        # the council (chair, finance and the members) and the Kiểm sát viên sign the destruction record; the
        # storekeeper who hands the items over and the approving leader sign the disposal's giao nhận record
        signers = [sig.person_name for sig in s.scalars(select(Signature).where(Signature.handover_id == ho.id))
                   if sig.person_name and sig.role in ("chair", "member", "supervisor", "witness", "keeper")]
    assert set(MEMBERS) <= set(signers) and len(signers) == 7  # a council of six and the Kiểm sát viên
    pdf = read(db, clerk, printing.destruction_pdf, number)
    import os
    if os.environ.get("KVC_KEEP_PDF"):  # kept for a person to look at (the report names them)
        with open(os.path.join(os.environ["KVC_KEEP_PDF"], f"council6-{items}.pdf"), "wb") as f:
            f.write(pdf)
    pages = page_texts(pdf)
    closing = [i for i, t in enumerate(pages) if "Biên bản kết thúc" in t]
    signing = [i for i, t in enumerate(pages) if "(Ký, ghi rõ họ tên)" in t]
    assert closing and signing == closing[-1:] == [len(pages) - 1], (items, closing, signing)
    after = pages[-1].split("Biên bản kết thúc", 1)[1]
    for name in signers:
        assert name in after, (items, name)
