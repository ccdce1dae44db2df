"""The formalities a printed record owes its reader, read from the PDF and checked against the database (issue 12;
HANDS-ON 34, 47, 53, 75): the phiếu xuất kho of a tạm xuất gives its due date; persons carry the issue date and place
of their identity card; the deposit record; "Ông/Bà" before names and the "Nơi nhận" list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from evidence_store.services import printing
from evidence_store.services.commands import ReleaseItems
from evidence_store.services.release import release_items

from ..unit.printing_helpers import text as pdf_text
from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_release, TODAY, doc, examiner, read, run


def _flat(words: str) -> str:
    return " ".join(words.split())


def _details(db, number):
    import json
    with db.reader.connect() as c:
        return json.loads(c.execute(text("SELECT details FROM handovers WHERE number = :n"), {"n": number}).scalar())


def test_the_release_slip_gives_the_due_date_the_record_holds(world, clerk):
    """HANDS-ON 34: the phiếu xuất kho of a temporary release prints the day the items must be back."""
    db, w = world
    a = w.agencies
    code = receive(db, clerk, [phone()]).item_codes[0]
    out = run(db, clerk, approved_release, ReleaseItems((code,), doc("release_order", "15/LXK-PC02", a["pc02"]),
                                                     "examination", examiner(a["ca"]), TODAY + timedelta(days=9),
                                                     receiver_agency_id=a["ca"], seal_states=seals_checked((code,))))
    due = date.fromisoformat(_details(db, out.handover_number)["due_on"])
    assert due == TODAY + timedelta(days=9)
    slip = _flat(pdf_text(read(db, clerk, printing.stock_slip_pdf, out.handover_number, "out")))
    assert "PHIẾU XUẤT KHO" in slip and f"Hạn trả lại kho: {due:%d/%m/%Y}." in slip
    assert "Lý do xuất: giám định" in slip
    intake = _flat(pdf_text(read(db, clerk, printing.stock_slip_pdf, _intake_number(db, code), "in")))
    assert "Hạn trả lại kho" not in intake  # an intake has no due date


def _intake_number(db, code):
    with db.reader.connect() as c:
        return c.execute(text("SELECT h.number FROM handovers h JOIN handover_lines l ON l.handover_id = h.id "
                              "JOIN items i ON i.id = l.item_id WHERE i.code = :c AND h.kind = 'intake'"),
                         {"c": code}).scalar()


def test_persons_carry_their_card_as_issued_and_ong_or_ba(world, clerk):
    """HANDS-ON 47, 75: the receiver's identity card with its issue date and place, as stored; "Ông"/"Bà" from the
    recorded gender, "Ông/Bà" when none is recorded; the same person named again keeps what he had."""
    from dataclasses import replace

    from evidence_store.db.models import Person
    from sqlalchemy import select
    db, w = world
    a = w.agencies
    receiver = replace(examiner(a["ca"]), gender="male", id_issued_on=date(2021, 3, 15),
                       id_issued_by="Cục Cảnh sát QLHC về TTXH")
    code = receive(db, clerk, [phone()]).item_codes[0]
    out = run(db, clerk, approved_release, ReleaseItems((code,), doc("release_order", "15/LXK-PC02", a["pc02"]),
                                                     "examination", receiver, TODAY + timedelta(days=9),
                                                     receiver_agency_id=a["ca"], seal_states=seals_checked((code,))))
    with db.session(write=False) as s:
        p = s.scalars(select(Person).where(Person.id_number == receiver.id_number)).one()
        giver = s.get(Person, clerk.person_id)
    assert (p.gender, p.id_issued_on, p.id_issued_by) == ("male", date(2021, 3, 15), "Cục Cảnh sát QLHC về TTXH")
    words = _flat(pdf_text(read(db, clerk, printing.handover_pdf, out.handover_number)))
    assert (f"Ông {p.full_name} — {p.rank}, {p.position}" in words
            and f"căn cước số {p.id_number} cấp ngày 15/03/2021 tại Cục Cảnh sát QLHC về TTXH" in words)
    expected = {"male": "Ông", "female": "Bà"}.get(giver.gender, "Ông/Bà")
    assert f"{expected} {giver.full_name} —" in words
    slip = _flat(pdf_text(read(db, clerk, printing.stock_slip_pdf, out.handover_number, "out")))
    assert f"Ông {p.full_name}" in slip and "cấp ngày 15/03/2021" in slip


def test_the_deposit_record_names_the_keepers_person_the_account_and_the_seals_as_checked(world, clerk):
    """HANDS-ON 53: a deposit at the Kho bạc prints its holding account; the receiver signs for the keeper (one
    agency field: the keeper's, when none is given) and each seal as checked when handed over."""
    from evidence_store.db.models import Agency, Person
    from evidence_store.services.commands import NewItem, PersonInput
    from evidence_store.services.commands import DepositItems
    from .lifecycle_builders import approved_deposit
    from sqlalchemy import select
    db, w = world
    a = w.agencies
    items = [NewItem("cash_vnd", "Tiền Việt Nam", 5_000_000, "đồng", "500.000 đ × 10 tờ", sealed=True, seal_state="intact",
                     seal_number="NP-5", location_code=w.locations["safe"], attributes={"total_amount": "5000000"}),
             NewItem("gold", "Nhẫn vàng tròn trơn", 1, "chiếc", sealed=True, seal_state="intact", seal_number="NP-6",
                     location_code=w.locations["safe"])]
    cash, ring = receive(db, clerk, items).item_codes

    def deposit(seal_states, account="3949.0.1055555"):
        return run(db, clerk, approved_deposit, DepositItems(
            (cash, ring), a["khobac"], doc("deposit_decision", "05/QĐ-CSHS", a["pc02"]),
            receiver=PersonInput(full_name="Hoàng Thị Thu", position="Cán bộ tiếp nhận", gender="female",
                                 letter_number="12/GGT-KB"),
            account=account, seal_states=seal_states))
    # LEGAL-RULES R25 (TT 135/2018/TT-BTC Mẫu 02): the Kho bạc takes sealed packages only; R24: money needs the account
    from evidence_store.domain.errors import DomainError
    # (a torn seal: the deposit refused, its incident kept — test_treasury_seals.py)
    for states, account, code in (({cash: "intact", ring: "intact"}, "  ", "treasury_account_required"),):
        with pytest.raises(DomainError) as err:
            deposit(states, account)
        assert err.value.code == code
    out = deposit({cash: "intact", ring: "intact"})
    with db.session(write=False) as s:
        keeper = s.get(Agency, a["khobac"]).name
        thu = s.scalars(select(Person).where(Person.full_name == "Hoàng Thị Thu")).one()
    assert thu.agency_id == a["khobac"]
    assert _details(db, out.handover_number)["account"] == "3949.0.1055555"
    words = _flat(pdf_text(read(db, clerk, printing.handover_pdf, out.handover_number)))
    assert f"Bên nhận: Bà Hoàng Thị Thu — Cán bộ tiếp nhận, {keeper}; giấy giới thiệu số 12/GGT-KB" in words
    assert "Tài khoản tạm giữ tại Kho bạc Nhà nước: 3949.0.1055555." in words
    assert "Số NP-5, nguyên vẹn" in words and "Số NP-6, nguyên vẹn" in words
