"""The ≥ 1-year backlog and its joint review (TT 01/2017/TT-BTP Điều 13.2; LEGAL-RULES R34; issue 12): it counts
for the items THADS holds without a judgment, from THADS's receipt (the accepted transfer of responsibility), never
from the warehouse's receipt nor at the police stage; it shows as a deadline where the others do; items held under a
live procedural decision stay out; it closes when the judgment comes or the item is disposed of."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.domain.deadlines import add_years
from evidence_store.services import queries, reports, tasks
from evidence_store.services.commands import DecideDisposal, ProposeDisposal
from evidence_store.services.context import UnitOfWork
from evidence_store.services.deadlines_service import dashboard
from evidence_store.services.disposal import propose_disposal, reject_disposal
from evidence_store.services.verify import verify

from .lifecycle_builders import doc, held_by_thads, milestone, open_deadlines, owner, read, run
from evidence_store.domain import chronology

TODAY = chronology.today()


def _backlog(db, actor):
    """(count, codes) on the home screen, checked against the backlog report (they count the same items)."""
    board = read(db, actor, dashboard)
    with UnitOfWork(db, actor, write=False) as uow:
        rows = reports.build_report(uow, "backlog", reports.ReportFilter(TODAY - timedelta(days=30), TODAY),
                                    today=TODAY).backlog
    assert sum(r.count for r in rows) == board.pending_year_count  # the report counts what the home screen counts
    return board.pending_year_count, {i.code for i in board.pending_year_items}


def _reviews(db, actor):
    """The review deadlines the home screen's table and the task inbox show: {item code: (start, due)}."""
    with UnitOfWork(db, actor, write=False) as uow:
        shown = {d.item_code: (d.start_on, d.due_on) for d in queries.deadlines(uow, open_only=True)
                 if d.kind == "pending_review"}
        inbox = {t.ref for t in tasks.inbox(uow) if t.deadline_kind == "pending_review"}
    return shown, inbox


def test_the_backlog_counts_from_thads_receipt_never_from_the_warehouse_receipt_nor_at_the_police_stage(world, clerk):
    db, w = world
    police = held_by_thads(db, w, clerk, received_days_ago=800, thads_days_ago=None, case_number="1/2024/CSHS")
    recent = held_by_thads(db, w, clerk, received_days_ago=800, thads_days_ago=200, case_number="2/2024/CSHS")
    old = held_by_thads(db, w, clerk, received_days_ago=800, thads_days_ago=370, case_number="3/2024/CSHS")
    [police_code], [recent_code], [old_code] = police.item_codes, recent.item_codes, old.item_codes
    # only the item THADS has held a year without a judgment; the two others came in 800 days ago too
    assert _backlog(db, clerk) == (1, {old_code})
    assert _backlog(db, w.actor(db, "lanhdao")) == (1, {old_code})
    assert open_deadlines(db, police_code) == []  # the police stage opens no review
    shown, inbox = _reviews(db, clerk)
    received_old = TODAY - timedelta(days=370)
    assert shown[old_code][0] == received_old and shown[old_code][1] >= add_years(received_old, 1)
    assert shown[recent_code][0] == TODAY - timedelta(days=200)
    assert inbox == {old_code}  # due: in Việc cần làm; the recent one is not due yet
    # an item with another deadline too (cash still not at the Kho bạc: Điều 90.1.b): both are tasks, one each
    from evidence_store.services.commands import NewItem
    cash = NewItem("cash_vnd", "Tiền mặt 12.500.000 đồng", 25, "tờ", characteristics="25 tờ mệnh giá 500.000 đồng",
                   sealed=True, seal_state="intact", seal_number="NP-0100", attributes={"total_amount": "12500000"})
    [cash_code] = held_by_thads(db, w, clerk, received_days_ago=800, thads_days_ago=370, case_number="4/2024/CSHS",
                                item=cash).item_codes
    with UnitOfWork(db, clerk, write=False) as uow:
        kinds = sorted(t.deadline_kind for t in tasks.inbox(uow) if t.ref == cash_code)
    assert kinds == ["pending_review", "transfer_immediately"]
    assert _backlog(db, clerk) == (2, {old_code, cash_code})
    # the judgment comes: the item is no longer held without one (the enforcement deadlines take over)
    milestone(db, old.case_id, "first_instance_judgment", "judgment", "9/2026/HS-ST", w.agencies["ta"])
    assert _backlog(db, clerk) == (1, {cash_code})
    assert open_deadlines(db, old_code) == [] and _reviews(db, clerk)[0].keys() == {recent_code, cash_code}
    assert verify(db).ok


def test_the_backlog_leaves_out_suspended_cases_and_disposals_under_way(world, clerk):
    db, w = world
    plain = held_by_thads(db, w, clerk, received_days_ago=400, thads_days_ago=380, case_number="1/2025/CSHS")
    suspended = held_by_thads(db, w, clerk, received_days_ago=400, thads_days_ago=380, case_number="2/2025/CSHS")
    disposing = held_by_thads(db, w, clerk, received_days_ago=400, thads_days_ago=380, case_number="3/2025/CSHS")
    everything = set(plain.item_codes) | set(suspended.item_codes) | set(disposing.item_codes)
    assert _backlog(db, clerk) == (3, everything)
    court = w.agencies["ta"]
    milestone(db, suspended.case_id, "suspension", "suspension_decision", "5/QĐ-TĐC", court,
              issued_on=TODAY - timedelta(days=20))  # the court suspends the case (BLTTHS Điều 281)
    ch = run(db, clerk, propose_disposal, ProposeDisposal(tuple(disposing.item_codes), "returned",
                                                          doc("disposal_decision", "40/QĐ-TA", court),
                                                          recipient=owner()))
    assert _backlog(db, clerk) == (1, set(plain.item_codes))
    assert set(_reviews(db, clerk)[0]) == set(plain.item_codes)  # nor are they shown as due
    # nor on the scanned item's page, for the warehouse's clerk (all cases) as for the THADS enforcer (his cases)
    for user in (clerk, w.actor(db, "chaphanh")):
        for code, shown in ((plain.item_codes[0], True), (suspended.item_codes[0], False),
                            (disposing.item_codes[0], False)):
            page = read(db, user, queries.item_by_code, code)
            assert ("pending_review" in {d.kind for d in page.deadlines}) is shown, (user.username, code)
    milestone(db, suspended.case_id, "resumption", "resumption_decision", "6/QĐ-PH", court,
              issued_on=TODAY - timedelta(days=10))  # resumed: held without a decision again
    run(db, w.actor(db, "lanhdao"), reject_disposal,
        DecideDisposal(ch.handover_number, reason="Chưa xác minh chủ sở hữu"))
    assert _backlog(db, clerk) == (3, everything)
    assert verify(db).ok


def test_the_review_closes_when_the_item_is_returned_to_its_owner(world, clerk):
    from evidence_store.services.disposal import approve_disposal
    from .lifecycle_builders import carry_out
    db, w = world
    held = held_by_thads(db, w, clerk, received_days_ago=400, thads_days_ago=380, case_number="4/2025/CSHS")
    [code] = held.item_codes
    assert open_deadlines(db, code) == ["pending_review"]
    ch = run(db, clerk, propose_disposal, ProposeDisposal((code,), "returned",
                                                          doc("disposal_decision", "41/QĐ-TA", w.agencies["ta"]),
                                                          recipient=owner()))
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(ch.handover_number))
    assert open_deadlines(db, code) == ["pending_review"]  # approved, not yet done: left out, still open
    carry_out(db, clerk, ch.handover_number, place="Kho vật chứng")
    assert open_deadlines(db, code) == [] and _backlog(db, clerk) == (0, set())
    assert verify(db).ok


def test_an_upgraded_database_opens_the_reviews_of_the_items_thads_already_held(world, clerk):
    """Migration 0017: items handed to THADS before the reviews were opened get theirs, from THADS's receipt."""
    from sqlalchemy import text

    from evidence_store.db.migrate import upgrade
    db, w = world
    [held] = held_by_thads(db, w, clerk, received_days_ago=800, thads_days_ago=370,
                           case_number="5/2024/CSHS").item_codes
    held_by_thads(db, w, clerk, received_days_ago=800, thads_days_ago=None, case_number="6/2024/CSHS")
    judged = held_by_thads(db, w, clerk, received_days_ago=800, thads_days_ago=370, case_number="7/2024/CSHS")
    milestone(db, judged.case_id, "first_instance_judgment", "judgment", "7/2025/HS-ST", w.agencies["ta"])
    with db.session() as s:  # as a database of the release before: no review was ever opened
        s.execute(text("DELETE FROM deadlines WHERE kind = 'pending_review'"))
        s.execute(text("DROP INDEX ix_handovers_status"))  # nor the indexes of 0018
        s.execute(text("DROP INDEX ix_signatures_pending"))
        s.execute(text("UPDATE alembic_version SET version_num = '0016'"))
        s.commit()
    assert _backlog(db, clerk) == (0, set())
    upgrade(db)
    assert _backlog(db, clerk) == (1, {held})
    shown, _inbox = _reviews(db, clerk)
    assert set(shown) == {held} and shown[held][0] == TODAY - timedelta(days=370)
    upgrade(db)  # once: nothing opened twice
    assert len(_reviews(db, clerk)[0]) == 1
