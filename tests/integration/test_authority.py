"""Who may decide what (issue #11) through the services: the refusals the issue reported, each case with the
article it enforces, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text

from evidence_store.error_texts import message
from evidence_store.services import milestones, setup
from evidence_store.services.commands import DocumentInput, NewItem, PersonInput
from evidence_store.services.commands import (DecideDisposal, ProposeDisposal, RecordIncident, ReleaseItems,
                                              TransferResponsibility)
from evidence_store.services.context import UnitOfWork
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.incidents import record_incident
from evidence_store.services.intake import receive_items
from evidence_store.services.release import release_items
from evidence_store.services.transfer import transfer_responsibility
from evidence_store.services.verify import verify

from .builders import deliverer, intake_order, phone, receive, seizure_record
from .lifecycle_builders import seals_checked
from .lifecycle_builders import (PAST, TODAY, approved_release, carry_out, dismissed, doc, examiner, item_row,
                                 judgment_in_force, milestone, owner, refused, rep, run, thads_council, to_enforcement)

CAR = NewItem("car", "Ô tô Toyota Vios BKS 30A-123.45", 1, "chiếc", attributes={"plate": "30A-123.45"},
              owner_name="Nguyễn Văn Nam", owner_id_number="001090012345")
CASH = NewItem("cash_vnd", "Tiền Việt Nam", 5_000_000, "đồng", sealed=True, seal_state="intact", seal_number="NP-5")
GUN = NewItem("military_weapon", "Súng K54", 1, "khẩu", sealed=True, seal_state="intact", seal_number="NP-6")
DRUGS = NewItem("drugs", "Heroin", 3, "gam", sealed=True, seal_state="intact", seal_number="NP-7")
WILD = NewItem("wildlife", "Vảy tê tê", 2, "kg")


def _case(db, clerk, items, number):
    ch = receive(db, clerk, items, case_number=number)
    return ch.case_id, ch.item_codes


def _stage(db, case_id) -> str:
    with db.reader.connect() as c:
        return c.execute(text("SELECT stage FROM cases WHERE id = :i"), {"i": case_id}).scalar()


# ---- issuers from the registry, competent at the stage (ND 142/2024 Điều 3, 14; BLTTHS Điều 34, 35) ---------

def test_pc10_and_ward_police_orders_are_refused_investigators_accepted(world, clerk):
    """ND 142/2024 Điều 14 with BLTTHS Điều 34–35: PC10 and ward police are no investigating body; Hải quan,
    Kiểm lâm, Biên phòng, the military CQĐT and the VKSNDTC's CQĐT are."""
    db, w = world
    a = w.agencies
    for key in ("pc10", "hoankiem"):
        err = refused(db, lambda: receive(db, clerk, [phone()], case_number=f"R-{key}", agency_id=a["pc02"],
                                           order=None) if False else _receive_order(db, clerk, a[key], f"R-{key}"))
        assert err.code == "issuer_not_competent", err.code
        assert "chỉ" in message(err)
    with UnitOfWork(db) as uow:
        bp = setup.add_agency(uow, "Đồn Biên phòng cửa khẩu Nội Bài", "border_guard", check=False).id
        uow.commit()
    for key in ("haiquan", "kiemlam", "cqdtqd", "cqdtvks"):
        _receive_order(db, clerk, a[key], f"OK-{key}")
    _receive_order(db, clerk, bp, "OK-bp")
    assert verify(db).ok


def _receive_order(db, clerk, agency_id, case_number):
    from evidence_store.services.commands import CaseInput, ReceiveItems
    cmd = ReceiveItems(intake_order(f"LNK-{case_number}", agency_id), (phone(),), deliverer(agency_id),
                       new_case=CaseInput(case_number, handling_agency_id=None), seizure_record=seizure_record())
    return run(db, clerk, receive_items, cmd)


def test_a_document_without_issuer_is_refused(world, clerk):
    """ND 142/2024 Điều 3: no order without its competent issuer (the issue's issuer-less transfer decision)."""
    db, w = world
    case_id, codes = _case(db, clerk, [phone()], "A-1")
    bare = DocumentInput("transfer_decision", "9/QĐ", PAST)
    err = refused(db, lambda: run(db, clerk, transfer_responsibility,
                                   TransferResponsibility(bare, w.agencies["cqdt"], case_id=case_id, receiver=rep(w.agencies["cqdt"]))))
    assert err.code == "issuer_required"
    assert message(err).startswith("Quyết định chuyển giao vật chứng số 9/QĐ chưa có cơ quan ban hành")


def test_a_prosecution_stage_case_cannot_go_back_to_the_police_unit(world, clerk):
    """BLTTHS Điều 245: back to investigation only by the VKS's trả hồ sơ; never to PC10 (not a CQĐT)."""
    db, w = world
    a = w.agencies
    case_id, codes = _case(db, clerk, [phone()], "A-2")
    milestone(db, case_id, "opening", "case_opening", "A2/KT", a["pc02"])
    offer = run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("investigation_conclusion", "A2/KLĐT", a["pc02"]), a["vks"], case_id=case_id, receiver=rep(a["vks"])))
    assert _stage(db, case_id) == "prosecution"
    if offer.extra.get("acceptance") == "pending":  # the VKS has users: it accepts before anything else moves (#13)
        from evidence_store.services import acceptance
        with UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
            acceptance.accept_handover(uow, offer.handover_number)
            uow.commit()
    for issuer in ("vks", "pc10"):
        err = refused(db, lambda: run(db, clerk, transfer_responsibility, TransferResponsibility(
            doc("transfer_decision", f"A2/QĐ-{issuer}", a[issuer]), a["pc10"], case_id=case_id,
            receiver=rep(a["pc10"]))))
        assert err.code in ("transfer_wrong_stage", "issuer_not_competent"), err.code
    # a destruction on PC10's decision is refused as well
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        codes, "destroyed", doc("disposal_decision", "A2/QĐ-XL", a["pc10"]), **thads_council(w))))
    assert err.code == "issuer_not_competent"
    # going back: the VKS's trả hồ sơ điều tra bổ sung (its own milestone)
    milestone(db, case_id, "supplementary_investigation", "supplementary_investigation", "A2/TH", a["vks"])
    assert _stage(db, case_id) == "investigation"
    run(db, clerk, transfer_responsibility, TransferResponsibility(
        doc("transfer_decision", "A2/QĐ-TL", a["vks"]), a["pc02"], case_id=case_id, receiver=rep(a["pc02"])))
    assert verify(db).ok


def test_a_document_given_by_id_is_checked_like_one_given_inline(world, clerk):
    """ND 142/2024 Điều 14: an existing judgment passed by id is no lệnh nhập kho; a document of another case is
    no basis for this one."""
    db, w = world
    a = w.agencies
    case_id, codes = _case(db, clerk, [phone()], "B-1")
    to_enforcement(db, w, case_id)
    with db.reader.connect() as c:
        judgment_id = c.execute(text("SELECT id FROM documents WHERE kind = 'judgment'")).scalar()
        order_id = c.execute(text("SELECT id FROM documents WHERE kind = 'intake_order' AND case_id = :c"),
                             {"c": case_id}).scalar()
    from evidence_store.services.commands import CaseInput, ReceiveItems
    cmd = ReceiveItems(DocumentInput("intake_order", id=judgment_id), (phone(),), PersonInput(full_name="A"),
                       case_id=case_id)
    assert refused(db, lambda: run(db, clerk, receive_items, cmd)).code == "wrong_basis"
    other = ReceiveItems(DocumentInput("intake_order", id=order_id), (phone(),), PersonInput(full_name="A"),
                         new_case=CaseInput("B-2", handling_agency_id=a["pc02"]))
    err = refused(db, lambda: run(db, clerk, receive_items, other))
    assert err.code == "document_of_other_case" and "B-1" in message(err)


# ---- disposal powers (BLTTHS Điều 106; Luật THADS Điều 36.2, 124–126) ---------------------------------------

def test_a_car_is_not_sold_during_investigation(world, clerk):
    """Điều 106.3.c: only perishable or hard-to-keep items are sold before judgment or đình chỉ."""
    db, w = world
    case_id, codes = _case(db, clerk, [CAR], "C-1")
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        codes, "sold", doc("sale_decision", "C1/QĐ-BVC", w.agencies["pc02"]), proceeds=1e8,
        holding_account="3949")))
    assert err.code == "sale_not_perishable" and "Chỉ được bán vật chứng mau hỏng, khó bảo quản" in message(err)


def test_pilot_cases_may_sell_before_judgment(world, clerk):
    """NQ 164/2024/QH15 + TTLT 01/2025: pilot measures only for flagged cases."""
    db, w = world
    case_id, codes = _case(db, clerk, [CAR], "C-2")
    with UnitOfWork(db) as uow:
        milestones.set_pilot(uow, case_id, True, "Thông báo 12/TB-BCĐTW")
    ch = run(db, clerk, propose_disposal, ProposeDisposal(
        codes, "sold", doc("sale_decision", "C2/QĐ-BVC", w.agencies["pc02"]), proceeds=1e8, holding_account="3949"))
    assert ch.handover_number


def test_destruction_during_investigation_needs_dismissal(world, clerk):
    """Điều 106.1: before đình chỉ or a judgment, no destruction; after đình chỉ the CQĐT that dropped it decides."""
    db, w = world
    a = w.agencies
    case_id, codes = _case(db, clerk, [NewItem("weapon", "Dao", 1, "chiếc")], "D-1")
    destroy = lambda issuer, n: ProposeDisposal(codes, "destroyed", doc("disposal_decision", n, a[issuer]),  # noqa
                                                council_decision=doc("council_decision", n + "H", a[issuer]),
                                                council_members=("A",), supervisor="B", method="Đốt")
    err = refused(db, lambda: run(db, clerk, propose_disposal, destroy("pc02", "D1/1")))
    assert message(err).startswith("Chưa có quyết định đình chỉ hoặc bản án có hiệu lực")
    dismissed(db, w, case_id, "pc02")
    assert _stage(db, case_id) == "closed"
    err = refused(db, lambda: run(db, clerk, propose_disposal, destroy("cqdt", "D1/2")))
    assert err.code == "disposal_not_dismissing_body" and "Phòng Cảnh sát hình sự" in message(err)
    ch = run(db, clerk, propose_disposal, destroy("pc02", "D1/3"))
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(ch.handover_number))
    carry_out(db, clerk, ch.handover_number)
    assert item_row(db, codes[0])["state"] == "destroyed"


def test_a_judgment_alone_does_not_allow_destruction(world, clerk):
    """Luật THADS Điều 36.2, 125: through THADS on the QĐ THA, with its council."""
    db, w = world
    a = w.agencies
    case_id, codes = _case(db, clerk, [NewItem("weapon", "Dao", 1, "chiếc")], "E-1")
    judgment = judgment_in_force(db, w, case_id)
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        codes, "destroyed", judgment, **thads_council(w, "E1/HĐ"))))
    assert err.code == "disposal_needs_enforcement_decision"
    qd = doc("enforcement_decision", "E1/THA", a["thads"])
    milestone(db, case_id, "enforcement_decision", "enforcement_decision", "E1/THA", a["thads"])
    council = thads_council(w, "E1/HĐ2")
    for missing, code in (("council_chair", "council_chair_required"),
                          ("council_finance_agency_id", "council_finance_required"),
                          ("supervisor_agency_id", "council_supervisor_required")):
        cmd = ProposeDisposal(codes, "destroyed", qd, **(council | {missing: "" if missing == "council_chair"
                                                                     else None}))
        assert refused(db, lambda: run(db, clerk, propose_disposal, cmd)).code == code
    police_council = council | {"council_decision": doc("council_decision", "E1/HĐ3", a["pc02"])}
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(codes, "destroyed", qd,
                                                                                **police_council)))
    assert err.code == "issuer_not_competent"
    no_council = {k: v for k, v in council.items() if k != "council_decision"}
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(codes, "destroyed", qd,
                                                                                **no_council)))
    assert err.code in ("council_required", "disposal_details_missing")
    ch = run(db, clerk, propose_disposal, ProposeDisposal(codes, "destroyed", qd, **council))
    with UnitOfWork(db, write=False) as uow:
        from evidence_store.services.handovers import handover_detail
        members = handover_detail(uow, ch.handover_number)
    assert ch.handover_number and members
    assert verify(db).ok


def test_confiscation_goes_to_the_receiver_the_category_requires(world, clerk):
    """Luật THADS Điều 124; ND 70/2013 (weapons → Bộ CHQS); cash via KBNN; drugs destroyed (Điều 106.2)."""
    db, w = world
    a = w.agencies
    case_id, codes = _case(db, clerk, [CASH, GUN, DRUGS], "F-1")
    qd = to_enforcement(db, w, case_id)
    cash, gun, drugs = codes
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        (cash,), "confiscated", qd, receiving_agency_id=a["taichinh"])))
    assert err.code == "confiscation_wrong_receiver" and "Kho bạc" in message(err)
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        (gun,), "confiscated", qd, receiving_agency_id=a["taichinh"])))
    assert err.code == "confiscation_wrong_receiver"
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        (drugs,), "confiscated", qd, receiving_agency_id=a["taichinh"])))
    assert err.code == "outcome_not_for_category"
    run(db, clerk, propose_disposal, ProposeDisposal((cash,), "confiscated", qd, receiving_agency_id=a["khobac"]))
    run(db, clerk, propose_disposal, ProposeDisposal((gun,), "confiscated", qd, receiving_agency_id=a["quansu"]))


def test_wildlife_after_the_examination_to_a_specialised_body(world, clerk):
    """Điều 106.3.d."""
    db, w = world
    a = w.agencies
    case_id, codes = _case(db, clerk, [WILD], "G-1")
    decision = doc("disposal_decision", "G1/QĐ", a["pc02"])
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        codes, "handed_to_specialist", decision, receiving_agency_id=a["specialist"])))
    assert err.code == "specialist_needs_examination"
    exam = doc("examination_conclusion", "G1/KLGĐ", a["pc09"])
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        codes, "handed_to_specialist", decision, receiving_agency_id=a["taichinh"], examination_conclusion=exam)))
    assert err.code == "specialist_wrong_receiver"
    run(db, clerk, propose_disposal, ProposeDisposal(codes, "handed_to_specialist", decision,
                                                     receiving_agency_id=a["specialist"], examination_conclusion=exam))


def test_return_only_to_the_recorded_owner_or_with_an_authorisation(world, clerk):
    """Điều 106.3.a/b: to the owner or lawful custodian; anyone else carries an authorisation."""
    db, w = world
    case_id, codes = _case(db, clerk, [CAR], "H-1")
    decision = doc("disposal_decision", "H1/QĐ", w.agencies["pc02"])
    stranger = PersonInput(full_name="Trần Thị Lạ", id_number="001199000111")
    err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
        codes, "returned", decision, recipient=stranger)))
    assert err.code == "return_not_owner" and "Trần Thị Lạ" in message(err) and "Nguyễn Văn Nam" in message(err)
    auth = DocumentInput("authorisation", "12/GUQ", PAST, summary="Nguyễn Văn Nam ủy quyền cho Trần Thị Lạ")
    ch = run(db, clerk, propose_disposal, ProposeDisposal(codes, "returned", decision, recipient=stranger,
                                                          authorisation=auth))
    assert ch.handover_number


def test_items_out_deposited_or_lost_are_not_disposed_of_damaged_is_a_condition(world, clerk):
    """ND 142/2024 Điều 4: nothing leaves the warehouse from elsewhere; damage is recorded as the item's condition."""
    db, w = world
    a = w.agencies
    case_id, codes = _case(db, clerk, [phone(), phone(), CASH, phone()], "K-1")
    out, lost, cash, damaged = codes
    run(db, clerk, approved_release, ReleaseItems((out,), doc("release_order", "K1/LXK", a["pc02"]), "examination",
                                               examiner(a["ca"]), TODAY + timedelta(days=5),
                                               receiver_agency_id=a["ca"], seal_states=seals_checked((out,))))
    run(db, clerk, record_incident, RecordIncident((lost,), "lost", doc("incident_report", "K1/SC", a["pc10"]), "Mất"))
    run(db, clerk, record_incident, RecordIncident((damaged,), "damaged", doc("incident_report", "K1/SC2", a["pc10"]),
                                                   "Vỡ màn hình"))
    row = item_row(db, damaged)
    assert row["state"] == "in_storage" and "Hư hỏng: Vỡ màn hình" in row["condition"]
    from evidence_store.services.commands import DepositItems
    from .lifecycle_builders import approved_deposit
    run(db, clerk, approved_deposit, DepositItems((cash,), a["khobac"], doc("deposit_decision", "K1/G", a["pc02"]),
                                               account="3949", receiver=rep(a["khobac"]), seal_states=seals_checked((cash,))))
    decision = doc("disposal_decision", "K1/QĐ", a["pc02"])
    for code in (out, lost, cash):
        err = refused(db, lambda: run(db, clerk, propose_disposal, ProposeDisposal(
            (code,), "returned", decision, recipient=owner())))
        assert err.code == "disposal_not_in_warehouse" and "không ở trong kho" in message(err)
    run(db, clerk, propose_disposal, ProposeDisposal((damaged,), "returned", decision, recipient=owner()))
    assert verify(db).ok


# ---- chronology (BLTTHS Điều 132–133) --------------------------------------------------------------------

def test_no_act_before_its_basis_or_the_receipt_or_in_the_future(world, clerk):
    db, w = world
    a = w.agencies
    case_id, codes = _case(db, clerk, [phone()], "L-1")
    late = doc("release_order", "L1/LXK", a["pc02"], TODAY)
    yesterday = datetime.now() - timedelta(days=1)
    err = refused(db, lambda: run(db, clerk, approved_release, ReleaseItems(
        codes, late, "examination", examiner(a["ca"]), TODAY + timedelta(days=5), receiver_agency_id=a["ca"],
        occurred_at=yesterday, seal_states=seals_checked(codes))))
    assert err.code in ("act_before_basis", "act_before_receipt")
    early = doc("release_order", "L1/LXK2", a["pc02"])
    err = refused(db, lambda: run(db, clerk, approved_release, ReleaseItems(
        codes, early, "examination", examiner(a["ca"]), TODAY + timedelta(days=5), receiver_agency_id=a["ca"],
        occurred_at=yesterday, seal_states=seals_checked(codes))))
    assert err.code == "act_before_receipt"
    err = refused(db, lambda: run(db, clerk, approved_release, ReleaseItems(
        codes, early, "examination", examiner(a["ca"]), TODAY + timedelta(days=5), receiver_agency_id=a["ca"],
        occurred_at=datetime.now() + timedelta(days=2), seal_states=seals_checked(codes))))
    assert err.code == "act_in_future"

