"""The two "done when" stories of the lifecycle: timelines, deadlines and verify agree."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.describe import describe_event
from evidence_store.services.acceptance import accept_handover
from evidence_store.services import queries
from evidence_store.services.commands import (DecideDisposal, ProposeDisposal, ReleaseItems, Reseal,
                                                        ReturnItems, TransferResponsibility)
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.release import release_items, return_items
from evidence_store.services.transfer import transfer_responsibility
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import (approved_release, JUDGED, TODAY, carry_out, doc, examiner, item_row, judged, milestone, open_deadlines, owner, read, rep, run,
                                 thads_council)


def _timeline(db, actor, code):
    item = read(db, actor, queries.item_by_code, code)
    return item, [(e.kind, describe_event(e)) for e in item.events]


def test_story_a_examination_reseal_transfers_and_destruction(world, clerk):
    db, w = world
    a = w.agencies
    bin_code = w.locations["bin_A111"]
    code = receive(db, clerk, [phone(location_code=bin_code)]).item_codes[0]
    run(db, clerk, approved_release, ReleaseItems(
        (code,), doc("release_order", "15/LXK-PC02", a["pc02"]), "examination", examiner(a["ca"]),
        TODAY + timedelta(days=10), receiver_agency_id=a["ca"], seal_states=seals_checked((code,))))
    assert open_deadlines(db, code) == ["temporary_return"]
    run(db, clerk, return_items, ReturnItems(
        (code,), bin_code, examiner(a["ca"]),
        reseal=Reseal("NP-0002", reason="giám định", sealed_by=("Đỗ Minh An",), witnesses=("Nguyễn Thị Lan",)),
        condition="Đã giám định, máy còn nguyên"))
    assert open_deadlines(db, code) == []
    officer, boss = w.actor(db, "canbo"), w.actor(db, "lanhdao")
    case_id = read(db, clerk, queries.item_by_code, code).case_id
    milestone(db, case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"], JUDGED)
    # CQĐT → VKS on the kết luận điều tra, VKS → TA on the cáo trạng, VKS → THADS on its transfer decision
    # (BLTTHS Điều 232, 243; TT 04/2023/TT-BTP Điều 10): each basis document is the milestone moving the stage;
    # the clerk records the offer, the receiving agency's user accepts it (issue 13)
    for kind, number, issuer, target in [("investigation_conclusion", "20/KLĐT-CSHS", "pc02", "vks"),
                                         ("indictment", "08/CT-VKS", "vks", "ta"),
                                         ("transfer_decision", "09/QĐ-CGVC-VKS", "vks", "thads")]:
        out = run(db, clerk, transfer_responsibility, TransferResponsibility(doc(kind, number, a[issuer], JUDGED), a[target],
                                                                             case_id=case_id, receiver=rep(a[target])))
        acceptor = {"vks": "kiemsatvien", "ta": "thuky", "thads": "chaphanh"}[target]
        run(db, w.actor(db, acceptor), accept_handover, out.handover_number)
    assert item_row(db, code)["responsible_agency_id"] == a["thads"]
    assert item_row(db, code)["location_id"] is not None  # stayed on its shelf
    judged(db, case_id, "25/2026/HS-ST", a["ta"])
    milestone(db, case_id, "enforcement_decision", "enforcement_decision", "31/QĐ-THADS", a["thads"])
    proposal = run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "destroyed", doc("enforcement_decision", "31/QĐ-THADS", a["thads"]),
        **thads_council(w, "32/QĐ-THADS")))
    assert open_deadlines(db, code) == ["destruction"]
    run(db, boss, approve_disposal, DecideDisposal(proposal.handover_number))
    assert open_deadlines(db, code) == ["destruction"]  # closes when the items are destroyed, not at approval
    carry_out(db, clerk, proposal.handover_number)
    item, timeline = _timeline(db, clerk, code)
    assert item.state == "destroyed" and item.location_code == ""
    assert [k for k, _ in timeline] == ["receive", "release_prepared", "release_temporary", "unseal", "reseal", "return",
                                        "transfer_responsibility", "transfer_responsibility",
                                        "transfer_responsibility", "disposal_proposed", "disposal_approved", "dispose"]
    texts = dict(timeline)
    assert "giám định" in texts["release_temporary"]
    assert "NP-0002" in texts["reseal"] and "đã niêm phong lại" in texts["return"]
    assert "THADS" in timeline[8][1] and "Đã tiêu hủy" in texts["dispose"]
    assert open_deadlines(db, code) == []
    assert item.case_stage == "enforcement"
    assert verify(db).ok


def test_story_b_return_to_owner(world, clerk):
    db, w = world
    a = w.agencies
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A112"])]).item_codes[0]
    officer, boss = w.actor(db, "canbo"), w.actor(db, "lanhdao")
    proposal = run(db, officer, propose_disposal, ProposeDisposal(
        (code,), "returned", doc("disposal_decision", "40/QĐ-CSHS", a["pc02"]), recipient=owner(),
        receipt="Đã nhận đủ"))
    assert item_row(db, code)["state"] == "in_storage"
    run(db, boss, approve_disposal, DecideDisposal(proposal.handover_number))
    assert item_row(db, code)["state"] == "in_storage"
    carry_out(db, clerk, proposal.handover_number, "Trụ sở Phòng CSHS")
    item, timeline = _timeline(db, clerk, code)
    assert item.state == "returned" and item.holder == "Nguyễn Văn Nam"
    assert [k for k, _ in timeline] == ["receive", "disposal_proposed", "disposal_approved", "dispose"]
    assert "Đã trả lại" in timeline[-1][1]
    assert open_deadlines(db, code) == []
    assert verify(db).ok
