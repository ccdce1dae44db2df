"""Issue 17: a THADS destruction council lists each person once. The chair and the finance representative have their
own fields; the members' box (whose hint says the first line is the chair) named them again, and the record read
«Chấp hành viên Bùi Thanh Sơn — Chủ tịch Hội đồng, Hồ Thị Mai — đại diện Sở Tài chính…, Bùi Thanh Sơn - Chấp hành
viên, Hồ Thị Mai - Sở Tài chính»."""

from __future__ import annotations

from evidence_store.services.commands import NewItem, ProposeDisposal
from evidence_store.services.context import UnitOfWork
from evidence_store.services.disposal import propose_disposal
from evidence_store.services.handovers import handover_detail

from .lifecycle_builders import run, thads_council, to_enforcement
from .test_authority import _case


def test_the_chair_and_the_finance_member_are_listed_once(world, clerk):
    db, w = world
    case_id, codes = _case(db, clerk, [NewItem("weapon", "Dao", 1, "chiếc")], "M-1")
    qd = to_enforcement(db, w, case_id)
    council = thads_council(w, "M1/HĐ") | {"council_members": (
        "Bùi Thanh Sơn - Chấp hành viên", "Hồ Thị Mai — Sở Tài chính", "Trần Văn An, Thủ kho THADS")}
    ch = run(db, clerk, propose_disposal, ProposeDisposal(codes, "destroyed", qd, **council))
    with UnitOfWork(db, write=False) as uow:
        members = handover_detail(uow, ch.handover_number).details["council_members"]
    assert members[0].startswith("Chấp hành viên Bùi Thanh Sơn") and members[1].startswith("Hồ Thị Mai")
    assert members[2:] == ["Trần Văn An, Thủ kho THADS"]
