"""No act before the act or document it rests on (BLTTHS Điều 132, 133; LEGAL-RULES R37; issue #11 «every act is
checked for sense»): the receiving side cannot accept a handing over before it happened or was prepared, a
commander cannot approve or refuse a disposal before it was proposed. Each refusal names both dates and leaves
nothing recorded; the same act dated in order goes through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from evidence_store.error_texts import message
from evidence_store.services.acceptance import accept_handover
from evidence_store.services.commands import DecideDisposal, DecideRelease, ProposeDisposal, TransferResponsibility
from evidence_store.services.disposal import approve_disposal, propose_disposal, reject_disposal
from evidence_store.services.release_approval import approve_release
from evidence_store.services.transfer import transfer_responsibility
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import TODAY, actor_named, doc, item_row, milestone, owner, refused, rep, run

LONG_AGO = TODAY - timedelta(days=60)


def _at(days_ago: int, hour: int = 3) -> datetime:
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC).replace(tzinfo=None)


def _shown(moment: datetime) -> str:
    from evidence_store.formatting import wall_time
    return wall_time(moment).strftime("%d/%m/%Y %H:%M")


def _at_trial(db, w, case_id):
    a = w.agencies
    milestone(db, case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"], issued_on=LONG_AGO)
    milestone(db, case_id, "investigation_conclusion", "investigation_conclusion", "2/KLĐT", a["pc02"],
              issued_on=LONG_AGO + timedelta(days=5))
    milestone(db, case_id, "indictment", "indictment", "3/CT-VKS", a["vks"], issued_on=LONG_AGO + timedelta(days=10))


def test_thads_cannot_accept_a_move_out_before_it_was_handed_over(world, clerk):
    """The move out to THADS prepared 10 days ago, approved (the items handed over) 6 days ago: THADS's acceptance
    dated 8 days ago is refused naming both times; dated 5 days ago it is recorded."""
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])], started_at=_at(50))
    code = ch.item_codes[0]
    _at_trial(db, w, ch.case_id)
    cmd = TransferResponsibility(doc("transfer_decision", "8/QĐ-VKS", a["vks"], issued_on=LONG_AGO + timedelta(days=20)),
                                 a["thads"], codes=(code,), move_out=True, receiver=rep(a["thads"]), occurred_at=_at(10))
    number = run(db, clerk, transfer_responsibility, cmd).handover_number
    run(db, actor_named(db, "lanhdao"), approve_release, DecideRelease(number, occurred_at=_at(6)))
    thads = actor_named(db, "chaphanh")
    err = refused(db, lambda: run(db, thads, lambda uow, n: accept_handover(uow, n, occurred_at=_at(8)), number))
    assert err.code == "acceptance_before_act"
    text = message(err)
    assert _shown(_at(8)) in text and _shown(_at(6)) in text and number in text, text
    err = refused(db, lambda: run(db, thads, lambda uow, n: accept_handover(uow, n, occurred_at=_at(12)), number))
    assert _shown(_at(12)) in message(err) and _shown(_at(6)) in message(err)
    assert item_row(db, code)["state"] == "in_storage"  # nothing moved
    run(db, thads, lambda uow, n: accept_handover(uow, n, occurred_at=_at(5)), number)
    assert item_row(db, code)["state"] == "transferred_out"
    assert verify(db).ok


def test_the_vks_cannot_accept_a_transfer_before_it_was_offered(world, clerk):
    """A transfer that leaves the items on the shelf (no approval step): the acceptance is compared with the offer."""
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])], started_at=_at(50))
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"], issued_on=LONG_AGO)
    number = run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("investigation_conclusion", "20/KLĐT-CSHS", a["pc02"], issued_on=LONG_AGO + timedelta(days=5)), a["vks"],
        case_id=ch.case_id, receiver=rep(a["vks"]), occurred_at=_at(4))).handover_number
    vks = actor_named(db, "kiemsatvien")
    err = refused(db, lambda: run(db, vks, lambda uow, n: accept_handover(uow, n, occurred_at=_at(7)), number))
    assert err.code == "acceptance_before_act" and _shown(_at(4)) in message(err)
    assert item_row(db, ch.item_codes[0])["responsible_agency_id"] == a["pc02"]
    run(db, vks, lambda uow, n: accept_handover(uow, n, occurred_at=_at(4, hour=5)), number)
    assert item_row(db, ch.item_codes[0])["responsible_agency_id"] == a["vks"]
    assert verify(db).ok


def _proposed(db, w, clerk, at):
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A112"])], started_at=_at(50))
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"], issued_on=LONG_AGO)
    return run(db, clerk, propose_disposal, ProposeDisposal(
        (ch.item_codes[0],), "returned", doc("disposal_decision", "40/QĐ-CSHS", a["pc02"], issued_on=LONG_AGO),
        recipient=owner(), occurred_at=at)).handover_number, ch.item_codes[0]


def test_a_disposal_cannot_be_approved_or_refused_before_it_was_proposed(world, clerk):
    db, w = world
    number, code = _proposed(db, w, clerk, _at(5))
    boss = actor_named(db, "lanhdao")
    err = refused(db, lambda: run(db, boss, approve_disposal, DecideDisposal(number, occurred_at=_at(9))))
    assert err.code == "decision_before_proposal"
    assert _shown(_at(9)) in message(err) and _shown(_at(5)) in message(err) and number in message(err)
    err = refused(db, lambda: run(db, boss, reject_disposal, DecideDisposal(number, "Sai người nhận",
                                                                            occurred_at=_at(9))))
    assert err.code == "decision_before_proposal"
    run(db, boss, approve_disposal, DecideDisposal(number, occurred_at=_at(3)))
    assert verify(db).ok


def test_a_prepared_act_out_cannot_be_refused_before_it_was_prepared(world, clerk):
    from evidence_store.services.commands import ReleaseItems
    from evidence_store.services.release import release_items
    from evidence_store.services.release_approval import reject_release
    from .lifecycle_builders import examiner
    db, w = world
    a = w.agencies
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])], started_at=_at(50)).item_codes[0]
    number = run(db, clerk, release_items, ReleaseItems(
        (code,), doc("release_order", "15/LXK-PC02", a["pc02"], issued_on=LONG_AGO), "examination", examiner(a["ca"]),
        TODAY + timedelta(days=7), receiver_agency_id=a["ca"], occurred_at=_at(4))).handover_number
    boss = actor_named(db, "lanhdao")
    err = refused(db, lambda: run(db, boss, reject_release, DecideRelease(number, "Thiếu giấy giới thiệu",
                                                                          occurred_at=_at(6))))
    assert err.code == "release_decision_before_preparation"
    assert _shown(_at(6)) in message(err) and _shown(_at(4)) in message(err)
    run(db, boss, reject_release, DecideRelease(number, "Thiếu giấy giới thiệu", occurred_at=_at(3)))
    assert item_row(db, code)["state"] == "in_storage"
    assert verify(db).ok
