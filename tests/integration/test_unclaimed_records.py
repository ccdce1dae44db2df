"""The records of unclaimed money (Luật THADS Điều 126), read from the rendered PDF and checked against the database:
the savings deposit record states the bank, branch, book number and amount, the owner it is kept for and the notice
left unanswered, its real times, its persons (the chấp hành viên, the storekeeper who gives, the bank's person) and
its status; it cites the law in force on the day of the act; a phiếu xuất kho is due (the money left the shelf); the
return it replaced prints void, saying where the money went. Both engines."""

from __future__ import annotations

import json

from sqlalchemy import text

from evidence_store.printing.formatting import clock, short_date
from evidence_store.services import printing
from evidence_store.services.commands import PersonInput
from evidence_store.services.printing_data import local
from evidence_store.services.unclaimed import deposit_savings

from ..unit.printing_helpers import text as pdf_text
from .lifecycle_builders import read, run
from .test_record_content import _flat, _keep
from .unclaimed_builders import cash, noticed_return, savings


def _record_row(db, number):
    with db.reader.connect() as c:
        return c.execute(text("SELECT started_at, ended_at, status, details, place FROM handovers WHERE number = :n"),
                         {"n": number}).mappings().one()


def _slots(db, number):
    with db.reader.connect() as c:
        return dict(c.execute(text("SELECT s.role, s.person_name FROM signatures s JOIN handovers h ON h.id = "
                                   "s.handover_id WHERE h.number = :n"), {"n": number}).all())


def test_the_savings_record_states_bank_book_amount_persons_times_and_status_from_the_database(world, clerk):
    from datetime import datetime
    db, w = world
    _ch, code, ret, notice = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=30)
    got = run(db, w.actor(db, "chaphanh"), deposit_savings, savings(code, keeper=PersonInput(id=w.persons["thukho"])))
    number = got.handover_number
    row, slots = _record_row(db, number), _slots(db, number)
    details = json.loads(row["details"])
    words = _flat(pdf_text(_keep("savings-record.pdf", read(db, clerk, printing.handover_pdf, number))))
    assert "Giao nhận tiền gửi tiết kiệm không kỳ hạn" in words
    for value in (details["bank"], details["branch"], details["account"], "2.000.000 đồng", "Hai triệu đồng",
                  details["owner"], notice.strftime("%d/%m/%Y"), ret):
        assert value in words, value
    start, end = (local(v if isinstance(v, datetime) else datetime.fromisoformat(str(v)))
                  for v in (row["started_at"], row["ended_at"]))
    assert f"{clock(start)}" in words and short_date(start) in words and clock(end) in words
    for role in ("maker", "giver", "receiver"):
        assert slots[role] in words, role
    assert (slots["maker"], slots["giver"], slots["receiver"]) == ("Bùi Thanh Sơn", "Nguyễn Thị Lan", "Lê Thị Ngân")
    assert "CHẤP HÀNH VIÊN" in words and "ĐẠI DIỆN NGÂN HÀNG" in words and "Giao dịch viên" in words
    assert row["status"] == "open" and "CHƯA HOÀN TẤT" in words  # open for signature: marked
    from evidence_store.services.legal_bases import citations_for
    with db.session(write=False) as s:  # the law in force on the act's day (Luật 2008 Điều 126 / Luật 106/2025)
        cited = citations_for(s, "savings", start.date(), enforcement=True)
    assert cited and all(_flat(c) in words for c in cited)
    assert row["place"] in words
    slip = _flat(pdf_text(read(db, clerk, printing.stock_slip_pdf, number, "out")))
    assert "PHIẾU XUẤT KHO" in slip and "Lê Thị Ngân" in slip
    void = _flat(pdf_text(_keep("savings-void-return.pdf", read(db, clerk, printing.handover_pdf, ret))))
    assert "KHÔNG CÓ HIỆU LỰC" in void and "gửi tiết kiệm" in void and number in void
    assert "không được phê duyệt" not in void  # it was approved: the owner did not come


def test_the_savings_record_scanned_back_matches_the_database(world, clerk):
    """The QR of the printed savings record (issue 13's paper check): «khớp» — the paper says what the rows say."""
    from evidence_store.printing.docbase import record_qr_payload
    from evidence_store.services import paper_check
    db, w = world
    _ch, code, _ret, _notice = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=30)
    number = run(db, clerk, deposit_savings, savings(code)).handover_number
    record = read(db, clerk, printing.handover_record, number)
    check = read(db, clerk, paper_check.check_record_qr, record_qr_payload(number, record.stamp))
    assert check.matches and check.handover_number == number, check.differences


def test_foreign_money_on_savings_is_stated_in_its_currency(world, clerk):
    """Ngoại tệ goes on savings as money too (Điều 126): the record states «300 USD», never «300 đồng»."""
    from evidence_store.services.commands import NewItem
    db, w = world
    usd = NewItem("foreign_cash", "Ngoại tệ", 3, "tờ", "100 USD × 3 tờ", sealed=True, seal_number="NP-88",
                  location_code=w.locations["safe"], owner_name="Nguyễn Văn Nam",
                  attributes={"currency": "USD", "denominations": "100 × 3", "total_amount": "300 USD"})
    _ch, code, _ret, _notice = noticed_return(db, w, clerk, usd, notice_days_ago=30)
    number = run(db, clerk, deposit_savings, savings(code, amount=300)).handover_number
    words = _flat(pdf_text(read(db, clerk, printing.handover_pdf, number)))
    assert "Số tiền 300 USD được giao cho" in words and "300 đồng" not in words
