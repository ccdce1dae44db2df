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
from .lifecycle_builders import TODAY, actor_named, check_signers, doc, item_row, milestone, owner, refused, rep, run, \
    seals_checked

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
                                 a["thads"], codes=(code,), move_out=True, receiver=rep(a["thads"]), occurred_at=_at(10),
                                 seal_states=seals_checked((code,)))
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
        TODAY + timedelta(days=7), receiver_agency_id=a["ca"], occurred_at=_at(4), seal_states=seals_checked((code,)))).handover_number
    boss = actor_named(db, "lanhdao")
    err = refused(db, lambda: run(db, boss, reject_release, DecideRelease(number, "Thiếu giấy giới thiệu",
                                                                          occurred_at=_at(6))))
    assert err.code == "release_decision_before_preparation"
    assert _shown(_at(6)) in message(err) and _shown(_at(4)) in message(err)
    run(db, boss, reject_release, DecideRelease(number, "Thiếu giấy giới thiệu", occurred_at=_at(3)))
    assert item_row(db, code)["state"] == "in_storage"
    assert verify(db).ok


def _entrusted(db, w, clerk, at):
    from evidence_store.services.commands import EntrustItems
    from .lifecycle_builders import approved_entrust, seals_checked
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])], started_at=_at(50)).item_codes[0]
    run(db, clerk, approved_entrust, EntrustItems((code,), owner(), "owner", doc(
        "entrust_decision", "4/QĐ-PC02", w.agencies["pc02"], issued_on=LONG_AGO), occurred_at=at,
        seal_states=seals_checked((code,))))
    return code


def test_an_entrusted_item_is_neither_checked_nor_recalled_before_it_was_entrusted(world, clerk):
    from evidence_store.services.commands import CheckEntrusted, RecallItems
    from evidence_store.services.custody import check_entrusted, recall_items
    from .lifecycle_builders import seals_checked
    db, w = world
    code = _entrusted(db, w, clerk, _at(20))
    err = refused(db, lambda: run(db, clerk, check_entrusted, CheckEntrusted(
        (code,), occurred_at=_at(25), seal_states=seals_checked((code,)), **check_signers())))
    assert err.code == "act_before_previous_act"
    err = refused(db, lambda: run(db, clerk, recall_items, RecallItems(
        (code,), doc("intake_order", "9/LNK-PC02", w.agencies["pc02"], issued_on=LONG_AGO), w.locations["bin_A111"],
        giver=owner(), occurred_at=_at(22), seal_states=seals_checked((code,)))))
    assert err.code == "act_before_previous_act"
    assert item_row(db, code)["state"] == "entrusted"


def test_a_milestone_dated_before_the_previous_one_is_refused(world, clerk):
    from evidence_store.domain.errors import DomainError
    import pytest
    db, w = world
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])], started_at=_at(50))
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", w.agencies["pc02"], issued_on=LONG_AGO + timedelta(days=10))
    with pytest.raises(DomainError) as exc:
        milestone(db, ch.case_id, "investigation_conclusion", "investigation_conclusion", "2/KLĐT", w.agencies["pc02"],
                  issued_on=LONG_AGO)
    assert exc.value.code == "milestone_before_previous"


def test_a_disposal_decision_dated_before_the_dismissal_that_gives_the_power_is_refused(world, clerk):
    """After đình chỉ the body that dropped the case decides (BLTTHS Điều 106.1.a): its decision on the evidence is
    made with or after the QĐ đình chỉ, never before it (when no power existed)."""
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A112"])], started_at=_at(50))
    code = ch.item_codes[0]
    milestone(db, ch.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"], issued_on=LONG_AGO)
    milestone(db, ch.case_id, "dismissal", "dismissal_decision", "5/QĐ-ĐC", a["pc02"], issued_on=_at(10).date())
    early = ProposeDisposal((code,), "returned", doc("disposal_decision", "40/QĐ-CSHS", a["pc02"],
                                                      issued_on=_at(15).date()), recipient=owner())
    err = refused(db, lambda: run(db, clerk, propose_disposal, early))
    assert err.code == "disposal_decision_before_dismissal"
    text = message(err)
    assert _at(15).date().strftime("%d/%m/%Y") in text and _at(10).date().strftime("%d/%m/%Y") in text, text
    on_the_day = ProposeDisposal((code,), "returned", doc("disposal_decision", "41/QĐ-CSHS", a["pc02"],
                                                           issued_on=_at(10).date()), recipient=owner())
    assert run(db, clerk, propose_disposal, on_the_day).extra["approval"] == "pending"  # with the đình chỉ: fine


def test_a_thads_decision_dated_before_the_enforcement_decision_is_refused(world, clerk):
    """After the judgment THADS disposes on its QĐ THA (Luật THADS Điều 36.2, 126): a QĐ trả lại vật chứng dated
    before the QĐ THA is refused — the competence table is read at the document's date, when the case was not yet at
    enforcement (already so before issue #11's last review: kept as a regression test)."""
    from .lifecycle_builders import PAST, to_enforcement
    db, w = world
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A112"])], started_at=_at(50))
    code = ch.item_codes[0]
    to_enforcement(db, w, ch.case_id)
    early = ProposeDisposal((code,), "returned", doc("return_decision", "7/QĐ-THADS", w.agencies["thads"],
                                                      issued_on=PAST - timedelta(days=1)), recipient=owner())
    err = refused(db, lambda: run(db, clerk, propose_disposal, early))
    assert err.code == "document_not_in_context" and "không được ban hành ở giai đoạn" in message(err), message(err)
    ok = ProposeDisposal((code,), "returned", doc("return_decision", "8/QĐ-THADS", w.agencies["thads"]),
                         recipient=owner())
    assert run(db, clerk, propose_disposal, ok).extra["approval"] == "pending"


def test_a_council_set_up_before_the_enforcement_decision_is_refused_naming_both(world, clerk):
    """Luật THADS Điều 125: the destruction council is set up for a QĐ THA; one dated before it (here after the
    judgment took effect) is refused by the competence table, naming the council's decision and the stage at its
    date. (With a table an administrator opened to councils at trial, services.disposal_details refuses it as
    «council_before_enforcement», naming both dates; it printed «số  (…)» with no number.)"""
    from evidence_store.services import milestones
    from evidence_store.services.context import UnitOfWork
    from .lifecycle_builders import PAST, judged, thads_council
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A112"])], started_at=_at(50))
    early = PAST - timedelta(days=10)
    for kind, doc_kind, number, agency in (("opening", "case_opening", "1/QĐ-KTVA", "pc02"),
                                           ("investigation_conclusion", "investigation_conclusion", "2/KLĐT", "pc02"),
                                           ("indictment", "indictment", "3/CT-VKS", "vks")):
        milestone(db, ch.case_id, kind, doc_kind, number, a[agency], issued_on=early - timedelta(days=7))
    judged(db, ch.case_id, "4/HS-ST", a["ta"], effective_on=early)
    qd = doc("enforcement_decision", "5/QĐ-THADS", a["thads"])
    with UnitOfWork(db) as uow:
        milestones.record_milestone(uow, milestones.RecordMilestone(ch.case_id, "enforcement_decision", qd))
    council_day = PAST - timedelta(days=2)
    council = thads_council(w) | {"council_decision": doc("council_decision", "9/QĐ-HĐTH", a["thads"],
                                                          issued_on=council_day)}
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(ch.item_codes, "destroyed", qd,
                                                                               **council)))
    said = message(err)
    assert err.code == "document_not_in_context" and "9/QĐ-HĐTH" in said and "«Xét xử»" in said, said
    assert "số  " not in said and "()" not in said
