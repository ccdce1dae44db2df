"""Property nobody came for (Luật THADS Điều 126; LEGAL-RULES §2 «3 months: property → sale»): 3 months after the
notice of the QĐ trả lại the chấp hành viên sells it (Điều 98, 99, 101: an auction organisation's representative or the
buyer as a person) and the proceeds go on a non-term savings deposit — refused earlier (the day given), for money,
without the savings bank or its book number. The 3 months close at the sale; the return it replaces prints void;
the sale record and the item page say where the proceeds are and when the 5 years end. Both engines."""

from __future__ import annotations

from datetime import date, timedelta

from evidence_store.error_texts import message
from evidence_store.services import printing
from evidence_store.services.commands import DecideDisposal, PersonInput, ProposeDisposal
from evidence_store.services.disposal import approve_disposal, propose_disposal

from ..unit.printing_helpers import text as pdf_text
from .builders import phone
from .lifecycle_builders import (carry_out, doc, handover_state, item_row, open_deadlines, read, refused, run)
from .test_record_content import _flat, _keep
from .unclaimed_builders import cash, noticed_return
from evidence_store.domain import chronology

BANK = "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam – Chi nhánh Hoàn Kiếm"


def _sale(w, case_id, code, **kw) -> ProposeDisposal:
    a = w.agencies
    base = dict(codes=(code,), outcome="sold", decision=doc("sale_decision", f"{case_id}/QĐ-BTS", a["thads"],
                                                            chronology.today() - timedelta(days=2)),
                proceeds=3_500_000.0, holding_account="STK-778899", buyer="Công ty Đấu giá hợp danh Hà Nội",
                unclaimed=True, savings_bank=BANK)
    return ProposeDisposal(**(base | kw))


def test_unclaimed_property_is_sold_after_3_months_and_the_proceeds_go_on_savings(world, clerk):
    db, w = world
    ch, code, ret, notice = noticed_return(db, w, clerk, phone(location_code=w.locations["bin_A112"]),
                                           notice_days_ago=100)
    number = run(db, w.actor(db, "chaphanh"), propose_disposal, _sale(w, ch.case_id, code)).handover_number
    assert "unclaimed_property" in open_deadlines(db, code)  # proposed is not handled
    run(db, w.actor(db, "lanhdao"), approve_disposal, DecideDisposal(number))
    auctioneer = PersonInput(full_name="Đặng Quốc Việt", position="Đấu giá viên", id_number="001080004567")
    carry_out(db, clerk, number, "Trụ sở Công ty Đấu giá hợp danh Hà Nội", receiver=auctioneer)
    row = item_row(db, code)
    assert row["state"] == "sold" and BANK in row["holder"] and "STK-778899" in row["holder"]
    assert open_deadlines(db, code) == []  # the 3 months close at the sale (the 5 years: on the record)
    _a, status, details = handover_state(db, ret)
    assert status == "void" and details["unclaimed"] == number and details["unclaimed_mode"] == "sale"
    words = _flat(pdf_text(_keep("unclaimed-sale.pdf", read(db, clerk, printing.handover_pdf, number))))
    for value in (BANK, "STK-778899", "3.500.000 đồng", "Đặng Quốc Việt", "Đấu giá viên", notice.strftime("%d/%m/%Y"),
                  ret, "sung quỹ nhà nước"):
        assert value in words, value
    void = _flat(pdf_text(read(db, clerk, printing.handover_pdf, ret)))
    assert "KHÔNG CÓ HIỆU LỰC" in void and "3 tháng" in void and number in void


def test_unclaimed_sale_refused_before_3_months_with_the_day(world, clerk):
    db, w = world
    ch, code, _ret, _notice = noticed_return(db, w, clerk, phone(location_code=w.locations["bin_A112"]),
                                             notice_days_ago=30)
    e = refused(db, lambda: run(db, clerk, propose_disposal, _sale(w, ch.case_id, code)))
    assert e.code == "unclaimed_sale_too_early"
    with db.reader.connect() as c:
        from sqlalchemy import text
        due = c.execute(text("SELECT d.due_on FROM deadlines d JOIN items i ON i.id = d.item_id WHERE i.code = :c "
                             "AND d.kind = 'unclaimed_property'"), {"c": code}).scalar()
    assert date.fromisoformat(str(due)[:10]).strftime("%d/%m/%Y") in message(e)


def test_unclaimed_sale_needs_the_savings_bank_and_book_and_is_not_for_money(world, clerk):
    db, w = world
    ch, code, _ret, _n = noticed_return(db, w, clerk, phone(location_code=w.locations["bin_A112"]),
                                        notice_days_ago=100)
    assert refused(db, lambda: run(db, clerk, propose_disposal, _sale(w, ch.case_id, code, savings_bank=""))).code \
        == "unclaimed_sale_bank_required"
    assert refused(db, lambda: run(db, clerk, propose_disposal, _sale(w, ch.case_id, code, holding_account=""))).code \
        == "disposal_details_missing"
    ch2, money, _r, _n2 = noticed_return(db, w, clerk, cash(location_code=w.locations["safe"]), notice_days_ago=100,
                                         case_number="U-12/2026")
    assert refused(db, lambda: run(db, clerk, propose_disposal, _sale(w, ch2.case_id, money))).code == \
        "unclaimed_sale_money"
