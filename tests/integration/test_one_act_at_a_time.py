"""An item cannot be promised to two acts at once (issue #11; ND 142/2024/NĐ-CP Điều 4; BLTTHS Điều 106): while an
act out of the warehouse (tạm xuất, gửi, giao bảo quản, chuyển kho THADS) waits for the commander's approval, no
disposal is proposed for the item; while a disposal proposal waits for its decision, no act out is prepared. Each
refusal names the other record and says what to do; nothing is written; once the first is decided, the second goes."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.error_texts import message
from evidence_store.services.commands import (DecideDisposal, DecideRelease, DepositItems, EntrustItems,
                                              ProposeDisposal, ReleaseItems)
from evidence_store.services.custody import deposit_items, entrust_items
from evidence_store.services.disposal import propose_disposal, withdraw_disposal
from evidence_store.services.release import release_items
from evidence_store.services.release_approval import reject_release
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import (TODAY, actor_named, doc, examiner, indicted, item_row, milestone, owner, refused, rep,
                                 run, seals_checked)


def _shown(code: str) -> str:
    from evidence_store.domain.codes import parse_code
    return parse_code(code).display  # the code as printed and shown: VC-26-000001-Q


def _item(db, w, clerk):
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A112"])])
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", w.agencies["pc02"])
    return ch.item_codes[0]


def _return_to_owner(w, code, number="40/QĐ-CSHS"):
    """During investigation the CQĐT returns an item whose return does not affect the case (BLTTHS Điều 106.3.a)."""
    return ProposeDisposal((code,), "returned", doc("disposal_decision", number, w.agencies["pc02"]), recipient=owner())


def _release(w, code, number="15/LXK-PC02"):
    a = w.agencies
    return ReleaseItems((code,), doc("release_order", number, a["pc02"]), "examination", examiner(a["ca"]),
                        TODAY + timedelta(days=7), receiver_agency_id=a["ca"], seal_states=seals_checked((code,)))


def test_no_disposal_proposal_for_an_item_waiting_for_the_approval_of_a_release(world, clerk):
    db, w = world
    code = _item(db, w, clerk)
    number = run(db, clerk, release_items, _release(w, code)).handover_number  # chờ lãnh đạo duyệt xuất
    err = refused(db, lambda: run(db, clerk, propose_disposal, _return_to_owner(w, code)))
    assert err.code == "disposal_awaiting_removal"
    text = message(err)
    assert _shown(code) in text and number in text and "chờ lãnh đạo duyệt xuất" in text and "Điều 4" in text, text
    run(db, actor_named(db, "lanhdao"), reject_release, DecideRelease(number, "Chưa cần giám định"))
    proposal = run(db, clerk, propose_disposal, _return_to_owner(w, code))  # the item is free again
    assert proposal.extra["approval"] == "pending" and item_row(db, code)["state"] == "in_storage"
    assert verify(db).ok


def test_no_act_out_prepared_for_an_item_whose_disposal_proposal_waits(world, clerk):
    db, w = world
    a = w.agencies
    code = _item(db, w, clerk)
    number = run(db, clerk, propose_disposal, _return_to_owner(w, code)).handover_number
    attempts = {
        "release": lambda: run(db, clerk, release_items, _release(w, code)),
        "entrust": lambda: run(db, clerk, entrust_items, EntrustItems(
            (code,), owner(), "owner", doc("entrust_decision", "4/QĐ-PC02", a["pc02"]))),
    }
    for act, attempt in attempts.items():
        err = refused(db, attempt)
        assert err.code == "removal_disposal_proposed", (act, err.code)
        text = message(err)
        assert _shown(code) in text and number in text and "chờ lãnh đạo phê duyệt" in text and "Điều 106" in text, text
    assert item_row(db, code)["state"] == "in_storage"
    run(db, clerk, withdraw_disposal, DecideDisposal(number, "Chủ sở hữu chưa đến nhận"))
    out = run(db, clerk, release_items, _release(w, code))
    assert out.extra["approval"] == "pending"
    assert verify(db).ok


def test_cash_proposed_for_return_is_not_deposited_meanwhile(world, clerk):
    from evidence_store.services.commands import NewItem
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [NewItem("cash_vnd", "Tiền Việt Nam", 2_000_000, "đồng", sealed=True, seal_state="intact", seal_number="NP-7",
                                             owner_name="Nguyễn Văn Nam")])
    code = ch.item_codes[0]
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    number = run(db, clerk, propose_disposal, _return_to_owner(w, code)).handover_number
    err = refused(db, lambda: run(db, clerk, deposit_items, DepositItems(
        (code,), a["khobac"], doc("deposit_decision", "3/QĐ-PC02", a["pc02"]), receiver=rep(a["khobac"]),
        account="3949.0.1055000", seal_states=seals_checked((code,)))))
    assert err.code == "removal_disposal_proposed" and number in message(err)
    assert item_row(db, code)["state"] == "in_storage"


def test_a_move_out_to_thads_is_refused_while_a_disposal_proposal_waits(world, clerk):
    from evidence_store.services.commands import TransferResponsibility
    from evidence_store.services.transfer import transfer_responsibility
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    code = ch.item_codes[0]
    indicted(db, w, ch.case_id)
    proposal = run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "returned", doc("disposal_decision", "41/QĐ-TA", a["ta"]), recipient=owner())).handover_number
    err = refused(db, lambda: run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("transfer_decision", "8/QĐ-VKS", a["vks"]), a["thads"], codes=(code,), move_out=True,
        receiver=rep(a["thads"]), seal_states=seals_checked((code,)))))
    assert err.code == "removal_disposal_proposed" and proposal in message(err)
    assert verify(db).ok


def test_an_item_held_for_its_approved_disposal_is_neither_entrusted_nor_deposited(world, clerk):
    """The approved disposal is carried out on the item as held (BLTTHS Điều 106.1): like a release or a transfer
    (domain.moves.HELD_FOR_DISPOSAL), an entrusting or a deposit meanwhile is refused naming the approved record."""
    from .lifecycle_builders import approved_return
    db, w = world
    _ch, code, number = approved_return(db, w, clerk)
    err = refused(db, lambda: run(db, clerk, entrust_items, EntrustItems(
        (code,), owner(), "owner", doc("entrust_decision", "4/QĐ-PC02", w.agencies["pc02"]))))
    assert err.code == "held_for_approved_disposal" and number in message(err), (err.code, message(err))
    err = refused(db, lambda: run(db, clerk, deposit_items, DepositItems(
        (code,), w.agencies["khobac"], doc("deposit_decision", "3/QĐ-PC02", w.agencies["pc02"]),
        receiver=rep(w.agencies["khobac"]), seal_states=seals_checked((code,)))))
    assert err.code == "held_for_approved_disposal" and number in message(err), (err.code, message(err))
    assert item_row(db, code)["state"] == "in_storage"
