"""Items change state when a disposal is CARRIED OUT, not when it is approved (issue #12; BLTTHS Điều 106.1:
the execution of a disposal is recorded; Điều 133.1: the record states the real times and place); the THADS
destruction council's presence at the act (Luật THADS Điều 125; ND 62/2015 Điều 33). Both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from evidence_store.domain.errors import DomainError
from evidence_store.error_texts import message
from evidence_store.services import printing
from evidence_store.services import queries, tasks
from evidence_store.services.commands import NewItem
from evidence_store.services.commands import (CarryOutDisposal, DecideDisposal, EndRecord, ProposeDisposal,
                                                        RecordIncident, ReleaseItems)
from evidence_store.services.persistence import utcnow
from evidence_store.services.disposal import approve_disposal, propose_disposal
from evidence_store.services.disposal_carry_out import carry_out_disposal, carry_out_form
from evidence_store.services.handovers import end_record, handover_detail
from evidence_store.services.incidents import record_incident
from evidence_store.services.printing_data import local
from evidence_store.services.release import release_items
from evidence_store.services.verify import verify

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import (approved_release, TODAY, doc, intact_seals, examiner, item_row, open_deadlines, owner, read, run, thads_council,
                                 to_enforcement)


def _refused(fn) -> DomainError:
    with pytest.raises(DomainError) as exc:
        fn()
    return exc.value


def _events(db, code):
    with db.reader.connect() as c:
        return c.execute(text("SELECT e.kind, e.occurred_at FROM custody_events e JOIN items i ON i.id = e.item_id "
                              "WHERE i.code = :c ORDER BY e.seq"), {"c": code}).all()


def _returned(db, w, clerk, n="40"):
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A112"])]).item_codes[0]
    ch = run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "returned", doc("disposal_decision", f"{n}/QĐ-CSHS", w.agencies["pc02"]), recipient=owner()))
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(ch.handover_number))
    return code, ch.handover_number


def test_approval_leaves_the_item_in_the_warehouse_until_the_act(world, clerk):
    db, w = world
    code, number = _returned(db, w, clerk)
    row = item_row(db, code)
    assert row["state"] == "in_storage" and row["location_id"] is not None and row["holder"] == ""
    assert [k for k, _at in _events(db, code)][-2:] == ["disposal_proposed", "disposal_approved"]
    assert read(db, clerk, queries.item_by_code, code).awaiting_disposal == number  # the item view's mark
    assert ("carry_out", number) in {(t.kind, t.ref) for t in read(db, clerk, tasks.inbox)}  # Việc cần làm
    # nothing else happens to the record or the item before the act
    assert _refused(lambda: run(db, clerk, end_record, EndRecord(number, utcnow()))).code == "disposal_not_carried_out"
    again = ProposeDisposal((code,), "returned", doc("disposal_decision", "41/QĐ-CSHS", w.agencies["pc02"]),
                            recipient=owner())
    err = _refused(lambda: run(db, clerk, propose_disposal, again))
    assert err.code == "disposal_awaiting_carry_out" and number in message(err)
    start = utcnow()
    end = start + timedelta(seconds=1)
    while utcnow() < end:
        pass
    run(db, clerk, carry_out_disposal, CarryOutDisposal(number, start, end, "Trụ sở Phòng CSHS",
                                                        seal_states=intact_seals(db, number)))
    row = item_row(db, code)
    assert (row["state"], row["location_id"], row["holder"]) == ("returned", None, "Nguyễn Văn Nam")
    kinds = _events(db, code)
    assert kinds[-1][0] == "dispose" and kinds[-1][1].startswith(start.isoformat()[:19])  # dated on the act
    d = read(db, clerk, handover_detail, number)
    assert (d.status, d.started_at, d.ended_at, d.place) == ("open", start, end, "Trụ sở Phòng CSHS")
    assert read(db, clerk, queries.item_by_code, code).awaiting_disposal == ""
    assert ("carry_out", number) not in {(t.kind, t.ref) for t in read(db, clerk, tasks.inbox)}
    # Điều 133.1: one act, one record of it
    assert _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(number, start, end, "x"))).code == \
        "already_carried_out"
    assert verify(db).ok


def test_carry_out_refusals_name_what_is_wrong(world, clerk):
    db, w = world
    code, number = _returned(db, w, clerk)
    now = utcnow()
    # Điều 133.1: the real start and end are entered, the end never before the start nor in the future
    assert _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(number, None, now, "Kho"))).code == \
        "start_time_required"
    assert _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(number, now, None, "Kho"))).code == \
        "end_time_required"
    assert _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(
        number, now, now - timedelta(minutes=5), "Kho"))).code == "end_before_start"
    assert _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(
        number, now + timedelta(hours=2), now + timedelta(hours=3), "Kho"))).code == "act_in_future"
    # Điều 132/133: no act before its basis (the approval)
    err = _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(
        number, now - timedelta(days=1), now, "Kho")))
    assert err.code == "act_before_approval" and "không được trước ngày phê duyệt" in message(err)
    # the approved item stays for the act: no temporary release meanwhile (issue #12, domain.moves.HELD_FOR_DISPOSAL)
    err = _refused(lambda: run(db, clerk, approved_release, ReleaseItems(
        (code,), doc("release_order", "15/LXK-PC02", w.agencies["pc02"]), "examination", examiner(w.agencies["ca"]),
        TODAY + timedelta(days=10), receiver_agency_id=w.agencies["ca"], seal_states=seals_checked((code,)))))
    assert err.code == "held_for_approved_disposal" and number in message(err)
    # it was lost since the approval: the act cannot happen from here
    run(db, clerk, record_incident, RecordIncident((code,), "lost", doc("incident_report", "3/BB-M",
                                                                         w.agencies["pc10"]), "Mất"))
    assert _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(
        number, utcnow(), utcnow(), "Kho"))).code == "disposal_not_in_warehouse"
    assert item_row(db, code)["state"] == "lost_or_damaged"


def _thads_destruction(db, w, clerk):
    """A knife destroyed under the judgment, on the QĐ THA, by the THADS council (Luật THADS Điều 125)."""
    got = receive(db, clerk, [NewItem("weapon", "Dao bầu cán gỗ", 1, "chiếc", sealed=True, seal_state="intact", seal_number="NP-31",
                                       location_code=w.locations["bin_A111"])],
                  case_number="E-9/2026")
    qd = to_enforcement(db, w, got.case_id)
    council = thads_council(w, "E9/QĐ-HĐTH") | {"council_members": ("Cán bộ kỹ thuật Trần Văn Hải",)}
    ch = run(db, clerk, propose_disposal, ProposeDisposal(got.item_codes, "destroyed", qd, **council))
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(ch.handover_number))
    return got, qd, ch.handover_number


def test_a_thads_council_member_may_be_absent_its_chair_finance_and_vks_may_not(world, clerk):
    db, w = world
    got, qd, number = _thads_destruction(db, w, clerk)
    code = got.item_codes[0]
    assert open_deadlines(db, code) == ["destruction"]  # ND 62/2015 Điều 33: closes when destroyed, not approved
    form = read(db, clerk, carry_out_form, number)
    roles = {s.role: s for s in form.council}
    assert set(roles) == {"chair", "finance", "member", "supervisor"}
    assert {s.role for s in form.council if s.required} == {"chair", "finance", "supervisor"}
    start = utcnow()
    for role, name in (("chair", "Bùi Thanh Sơn"), ("finance", "Hồ Thị Mai"), ("supervisor", "Lê Thu Hà")):
        err = _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(
            number, start, start, "Lò đốt rác thải Nam Sơn", absent_members=(roles[role].slot_id,))))
        assert err.code == "council_required_absent" and name in message(err), role  # Luật THADS Điều 125
        assert item_row(db, code)["state"] == "in_storage"
    err = _refused(lambda: run(db, clerk, carry_out_disposal, CarryOutDisposal(
        number, start, start, "Lò đốt", absent_members=(999999,))))
    assert err.code == "council_member_unknown"
    end = start + timedelta(seconds=1)
    while utcnow() < end:
        pass
    run(db, clerk, carry_out_disposal, CarryOutDisposal(number, start, end, "Lò đốt rác thải Nam Sơn, Sóc Sơn",
                                                        absent_members=(roles["member"].slot_id,),
                                                        seal_states=intact_seals(db, number)))
    assert item_row(db, code)["state"] == "destroyed" and open_deadlines(db, code) == []
    signers = {s.person_name for s in read(db, clerk, handover_detail, number).signatures}
    assert "Bùi Thanh Sơn" in signers and roles["member"].name not in signers


def test_the_printed_destruction_record_states_the_act(world, clerk):
    """The destruction record: under the THADS agency, dated on the act, at its place, the members present signing,
    citing the judgment and the enforcement decision (issue #12; LEGAL-RULES R39, R40)."""
    db, w = world
    got, qd, number = _thads_destruction(db, w, clerk)
    before = pdf_text(read(db, clerk, printing.destruction_pdf, number))
    assert "DỰ THẢO" in before and "đã được tiêu hủy" not in before  # approved, not carried out
    form = read(db, clerk, carry_out_form, number)
    member = next(s for s in form.council if s.role == "member")
    start = utcnow()
    run(db, clerk, carry_out_disposal, CarryOutDisposal(number, start, start, "Lò đốt rác thải Nam Sơn, Sóc Sơn",
                                                        absent_members=(member.slot_id,),
                                                        seal_states=intact_seals(db, number)))
    d = read(db, clerk, handover_detail, number)
    with db.reader.connect() as c:
        judgment = c.execute(text("SELECT number FROM documents WHERE kind = 'judgment' AND case_id = :c"),
                             {"c": got.case_id}).scalars().first()
        thads = c.execute(text("SELECT name FROM agencies WHERE id = :i"), {"i": w.agencies["thads"]}).scalar()
    words = pdf_text(read(db, clerk, printing.destruction_pdf, number))
    started = local(d.started_at)
    assert d.started_at == start and d.place == "Lò đốt rác thải Nam Sơn, Sóc Sơn"
    assert f"ngày {started:%d/%m/%Y}" in words and f"Hồi {started:%H} giờ {started:%M} phút" in words
    assert "Lò đốt rác thải Nam Sơn, Sóc Sơn" in words
    assert judgment and judgment in words and qd.number in words  # the judgment and the QĐ THA it executes
    assert thads.upper() in words.upper()  # issued under the THADS agency, not the police unit
    for present in ("Bùi Thanh Sơn", "Hồ Thị Mai", "Lê Thu Hà"):
        assert present in words
    # absent: named as such (BLTTHS Điều 133; ND 62/2015 Điều 33), neither listed among those present nor a place to
    # sign — the only mention of him is the «Vắng mặt» line
    assert "Vắng mặt: Cán bộ kỹ thuật Trần Văn Hải." in " ".join(words.split())
    assert words.count("Trần Văn Hải") == 1
    # a paper printed before the record named him absent still reads «khớp» at the QR check: the act is the same
    from dataclasses import replace
    from evidence_store.printing.docbase import record_qr_payload
    from evidence_store.services import paper_check
    from evidence_store.services.printing_data import stamped
    record = read(db, clerk, printing.destruction_record, number)
    old = stamped(replace(record, absent=()), record.stamp.head_seq, record.stamp.head_hash)
    assert record.absent and old.stamp.record_hash != record.stamp.record_hash
    check = read(db, clerk, paper_check.check_record_qr, record_qr_payload(record.number, old.stamp))
    assert check.matches, check.name
    assert "CHƯA HOÀN TẤT" in words  # open for signature until every present member signs


def _case_deadlines(db, case_id):
    with db.reader.connect() as c:
        return c.execute(text("SELECT kind, start_on, due_on, closed_at FROM deadlines WHERE case_id = :c "
                              "AND item_id IS NULL"), {"c": case_id}).mappings().all()


def test_the_enforcement_decision_opens_the_council_deadline(world, clerk):
    """#11, LEGAL-RULES §2: the 1-month council deadline runs from the QĐ thi hành án (Luật THADS Điều 125.1), not
    from a destruction proposal; recording the council decision closes it."""
    db, w = world
    got = receive(db, clerk, [NewItem("weapon", "Dao bầu", 1, "chiếc", sealed=True, seal_state="intact", seal_number="NP-32",
                                       location_code=w.locations["bin_A111"])],
                  case_number="E-10/2026")
    assert _case_deadlines(db, got.case_id) == []
    qd = to_enforcement(db, w, got.case_id)
    rows = _case_deadlines(db, got.case_id)
    assert [(r["kind"], str(r["start_on"])[:10], r["closed_at"]) for r in rows] == \
        [("destruction_council", qd.issued_on.isoformat(), None)]
    assert str(rows[0]["due_on"])[:10] >= (qd.issued_on + timedelta(days=28)).isoformat()  # one month on
    council = thads_council(w, "E10/QĐ-HĐTH")
    run(db, clerk, propose_disposal, ProposeDisposal(got.item_codes, "destroyed", qd, **council))
    assert [r["closed_at"] is not None for r in _case_deadlines(db, got.case_id)] == [True]


def test_no_council_deadline_for_a_case_holding_nothing_to_destroy(world, clerk):
    db, w = world
    got = receive(db, clerk, [NewItem("cash_vnd", "Tiền Việt Nam", 5_000_000, "đồng", sealed=True, seal_state="intact",
                                      seal_number="NP-33", location_code=w.locations["safe"])], case_number="E-11/2026")
    to_enforcement(db, w, got.case_id)  # cash is never destroyed (BLTTHS Điều 106.2)
    assert _case_deadlines(db, got.case_id) == []


def test_a_disposal_approved_before_this_version_is_carried_out_without_moving_again(world, clerk):
    """Databases where the approval already applied the outcome (before items waited for the act): carrying it
    out records the act and its times, and moves nothing twice."""
    db, w = world
    code, number = _returned(db, w, clerk)
    with db.writer.begin() as c:  # what the old approval did to the item
        c.execute(text("UPDATE items SET state = 'returned', location_id = NULL, holder = 'Nguyễn Văn Nam' "
                       "WHERE code = :c"), {"c": code})
    start = utcnow()
    run(db, clerk, carry_out_disposal, CarryOutDisposal(number, start, start, "Trụ sở Phòng CSHS",
                                                        seal_states=intact_seals(db, number)))
    assert [k for k, _at in _events(db, code)][-2:] == ["disposal_approved", "disposal_carried_out"]
    assert item_row(db, code)["state"] == "returned"
    assert read(db, clerk, handover_detail, number).status == "open"


@pytest.mark.parametrize("by", ["thukho", "lanhdao"])
def test_the_storekeeper_who_gives_the_items_is_asked_and_printed_once(world, clerk, by):
    """Issue #12: the storekeeper who proposed a return hands the phone over himself — he is the giver and the
    storekeeper at once: one signature slot, one line, one column, and the carry-out (by him or by the commander)
    does not ask for a «Thủ kho» again; the record completes when he has signed once."""
    from evidence_store.services.commands import FileInput, SignOnPaper
    from evidence_store.services.context import UnitOfWork
    from evidence_store.services.handovers import complete_handover, mark_signed_on_paper
    from .lifecycle_builders import approved_return, carry_out
    db, w = world
    _ch, code, number = approved_return(db, w, clerk)
    actor = w.actor(db, by)
    assert read(db, actor, carry_out_form, number).keeper_named  # not asked for the storekeeper
    carry_out(db, actor, number, place="Trụ sở Phòng Cảnh sát hình sự")
    slots = [(s.role, s.person_name) for s in read(db, clerk, handover_detail, number).signatures]
    me = clerk.full_name
    assert [name for _role, name in slots].count(me) == 1 and ("giver", me) in slots
    assert "keeper" not in {role for role, _name in slots}
    words = " ".join(pdf_text(read(db, clerk, printing.handover_pdf, number)).split())
    assert "Thủ kho:" not in words and "THỦ KHO" not in words and words.count(me) == 2  # his line, his column
    scan = FileInput("bien-ban.pdf", b"%PDF-1.4\n% scan\n%%EOF\n", "application/pdf")
    run(db, clerk, mark_signed_on_paper, SignOnPaper(number, scan))
    with UnitOfWork(db, clerk) as uow:
        complete_handover(uow, number)
    assert read(db, clerk, handover_detail, number).status == "complete" and item_row(db, code)["state"] == "returned"
    assert verify(db).ok


def test_an_act_typed_in_the_current_minute_is_not_in_the_future(world, clerk, monkeypatch):
    """Seen in the app: at 13:08:45 the clerk typed «Bắt đầu hồi 13:08», «Kết thúc hồi 13:08» and was told «Ngày thực
    hiện (06/12/2026 13:08) ở tương lai» — the editor kept the seconds it was opened with (13:08:50), unseen. Times
    are typed to the minute: the minute must have begun, not its hidden seconds passed."""
    from evidence_store.services import disposal_carry_out as module
    db, w = world
    code, number = _returned(db, w, clerk)
    now = utcnow().replace(second=30, microsecond=0) + timedelta(minutes=2)  # a fixed clock after the approval
    monkeypatch.setattr(module.persistence, "utcnow", lambda: now)
    start, end = now.replace(second=50), now.replace(second=55)  # this minute, seconds not yet reached
    run(db, clerk, carry_out_disposal, CarryOutDisposal(number, start, end, "Trụ sở Phòng CSHS",
                                                        seal_states=intact_seals(db, number)))
    assert item_row(db, code)["state"] == "returned"
