"""LEGAL-RULES §2 (issue #12): at the enforcement stage a return of money opens «15 ngày» from the NOTICE to the owner
(Luật THADS Điều 126), and the 5 years from the judgment's legal effect; both stay open at the commander's approval
and close only when the return is carried out (the money handled), dated on the act. Both engines."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from evidence_store.services.commands import DecideDisposal, NewItem, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal

from .builders import receive
from .lifecycle_builders import carry_out, doc, owner, run, to_enforcement
from evidence_store.domain import chronology


def _deadlines(db, code):
    with db.reader.connect() as c:
        return {r[0]: (str(r[1])[:10], r[2]) for r in c.execute(text(
            "SELECT d.kind, d.start_on, d.closed_at FROM deadlines d JOIN items i ON i.id = d.item_id "
            "WHERE i.code = :c"), {"c": code})}


def test_unclaimed_money_counts_from_the_notice_and_closes_when_handled_not_at_approval(world, clerk):
    db, w = world
    a = w.agencies
    cash = NewItem("cash_vnd", "Tiền Việt Nam", 2_000_000, "đồng", "500.000 đ × 4 tờ", sealed=True, seal_state="intact",
                   seal_number="NP-77", location_code=w.locations["safe"], attributes={"total_amount": "2000000"},
                   owner_name="Nguyễn Văn Nam")
    got = receive(db, clerk, [cash], case_number="U-1/2026")
    code = got.item_codes[0]
    qd = to_enforcement(db, w, got.case_id)
    with db.reader.connect() as c:
        effective = c.execute(text("SELECT judgment_effective_on FROM cases WHERE id = :i"), {"i": got.case_id}).scalar()
    assert effective is not None
    notice = chronology.today() - timedelta(days=2)
    number = run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "returned", qd, recipient=owner(), notice_on=notice, receipt="Đã nhận đủ",
        return_decision=doc("return_decision", "U1/QĐ-THADS", a["thads"], notice - timedelta(days=1)))).handover_number
    opened = _deadlines(db, code)
    assert opened["unclaimed_money"] == (notice.isoformat(), None)  # from the notice, not the decision
    assert opened["unclaimed_confiscation"] == (str(effective)[:10], None)  # 5 years from the legal effect
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    assert _deadlines(db, code)["unclaimed_money"][1] is None  # approved is not handled
    carry_out(db, clerk, number, "Trụ sở Thi hành án dân sự thành phố Hà Nội")
    closed = _deadlines(db, code)
    assert closed["unclaimed_money"][1] is not None and closed["unclaimed_confiscation"][1] is not None


def test_papers_returned_at_enforcement_count_one_year_from_the_notice(world, clerk):
    db, w = world
    a = w.agencies
    papers = NewItem("papers", "Giấy đăng ký xe mô tô", 1, "tờ", "Bản chính", sealed=False, seal_number="",
                     location_code=w.locations["bin_A111"], owner_name="Nguyễn Văn Nam")
    got = receive(db, clerk, [papers], case_number="U-2/2026")
    code = got.item_codes[0]
    qd = to_enforcement(db, w, got.case_id)
    notice = chronology.today() - timedelta(days=1)  # the QĐ THA is of 3 days ago, the return decision after it
    run(db, clerk, propose_disposal, ProposeDisposal(
        (code,), "returned", qd, recipient=owner(), notice_on=notice, receipt="Đã nhận đủ",
        return_decision=doc("return_decision", "U2/QĐ-THADS", a["thads"], notice - timedelta(days=1))))
    opened = _deadlines(db, code)
    assert opened["papers_return"] == (notice.isoformat(), None) and "unclaimed_property" in opened
