"""Two-sided acts on items (issue 13): a release refused by the receiving agency's user puts the items back
where they stood (ledger event, record void and saying so); a return (nhận lại) whose giver has a seat waits
for him to confirm it, and his refusal puts the items back out with their holder, due date and deadline; a
person receiving for another agency shows the number of his giấy giới thiệu (ND 142/2024 Art 14)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from evidence_store.db.models import Location
from evidence_store.domain.errors import DomainError
from evidence_store.services import acceptance, handovers, printing, release, requests, tasks
from evidence_store.services import commands
from evidence_store.services.commands import PersonInput
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_release, TODAY, doc, examiner, item_row, open_deadlines, read, run


def _inbox(db, w, username):
    with UnitOfWork(db, w.actor(db, username), write=False) as uow:
        return {(t.kind, t.ref) for t in tasks.inbox(uow)}


def _occupancy(db, code):
    with UnitOfWork(db, write=False) as uow:
        return uow.session.scalars(select(Location.occupancy).where(Location.code == code)).one()


def _events(db, code):
    with db.reader.connect() as c:
        return [r[0] for r in c.execute(text(
            "SELECT e.kind FROM custody_events e JOIN items i ON i.id = e.item_id WHERE i.code = :c ORDER BY e.seq"),
            {"c": code})]


def _pdf_text(db, clerk, number) -> str:
    import io
    from pypdf import PdfReader
    with UnitOfWork(db, clerk, write=False) as uow:
        pdf = printing.handover_pdf(uow, number)
    return " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)


def _release_to_canbo(db, w, clerk, codes, number="31/LXK-PC02", request_number=None):
    return run(db, clerk, approved_release, commands.ReleaseItems(
        tuple(codes), doc("release_order", number, w.agencies["pc02"]), "examination",
        PersonInput(id=w.persons["canbo"]), TODAY + timedelta(days=7), receiver_agency_id=w.agencies["pc02"],
        request_number=request_number, seal_states=seals_checked(tuple(codes))))


def test_a_refused_release_puts_the_items_back_where_they_were(world, clerk):
    db, w = world
    bin_code = w.locations["bin_A111"]
    ch = receive(db, clerk, [phone(location_code=bin_code)])
    code = ch.item_codes[0]
    before, occupied = item_row(db, code), _occupancy(db, bin_code)
    out = _release_to_canbo(db, w, clerk, [code])
    assert read(db, clerk, handovers.handover_detail, out.handover_number).acceptance == "pending"
    assert item_row(db, code)["state"] == "out_temporary" and _occupancy(db, bin_code) == occupied - 1
    assert "temporary_return" in open_deadlines(db, code)
    assert ("accept", out.handover_number) in _inbox(db, w, "canbo")
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        acceptance.refuse_handover(uow, out.handover_number, "Không đúng vật chứng cần giám định")
    after = item_row(db, code)
    assert (after["state"], after["location_id"], after["holder"], after["due_back_on"]) == (
        "in_storage", before["location_id"], before["holder"], None)
    assert _occupancy(db, bin_code) == occupied
    assert "temporary_return" not in open_deadlines(db, code)
    assert _events(db, code)[-2:] == ["release_temporary", "release_refused"]
    detail = read(db, clerk, handovers.handover_detail, out.handover_number)
    assert (detail.status, detail.acceptance) == ("void", "refused")
    assert ("accept", out.handover_number) not in _inbox(db, w, "canbo")
    assert not {t for t in _inbox(db, w, "thukho") if t[1] == out.handover_number}  # nothing left to sign
    words = " ".join(_pdf_text(db, clerk, out.handover_number).split())
    assert "từ chối tiếp nhận" in words and "trở lại kho" in words
    assert "Không đúng vật chứng cần giám định" in words
    with pytest.raises(DomainError):  # no phiếu xuất kho for an act that did not happen
        with UnitOfWork(db, clerk, write=False) as uow:
            printing.stock_slip_pdf(uow, out.handover_number, "out")
    # the item can be released again, and the ledger still verifies
    again = _release_to_canbo(db, w, clerk, [code], "32/LXK-PC02")
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        acceptance.accept_handover(uow, again.handover_number)
    assert item_row(db, code)["state"] == "out_temporary"
    assert verify(db).ok


def test_a_refused_release_from_a_request_reopens_the_request(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    code = ch.item_codes[0]
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        number = requests.create_request(uow, requests.CreateRequest(
            ch.case_id, (code,), "examination", TODAY, TODAY + timedelta(days=7))).extra["request"]
    with UnitOfWork(db, clerk) as uow:
        requests.pick_item(uow, number, code)
    out = _release_to_canbo(db, w, clerk, [code], request_number=number)
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        acceptance.refuse_handover(uow, out.handover_number, "Chưa cần, dời lịch giám định")
    view = read(db, clerk, requests.request_view, number)
    assert view.status == "open" and ("prepare", number) in _inbox(db, w, "thukho")
    assert item_row(db, code)["state"] == "in_storage"
    assert verify(db).ok


def test_a_return_is_confirmed_or_refused_by_the_giver_from_his_seat(world, clerk):
    db, w = world
    bin_code = w.locations["bin_A111"]
    ch = receive(db, clerk, [phone(location_code=bin_code)])
    code = ch.item_codes[0]
    out = _release_to_canbo(db, w, clerk, [code])
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        acceptance.accept_handover(uow, out.handover_number)
    due = item_row(db, code)["due_back_on"]
    giver = PersonInput(id=w.persons["canbo"], letter_number="")

    def give_back():
        return run(db, clerk, release.return_items, commands.ReturnItems((code,), bin_code, giver, seal_intact=True))

    back = give_back()
    number = back.handover_number
    assert read(db, clerk, handovers.handover_detail, number).acceptance == "pending"
    assert item_row(db, code)["state"] == "in_storage"  # the warehouse holds them: the giver confirms the record
    assert ("accept", number) in _inbox(db, w, "canbo")
    assert ("accept", number) not in _inbox(db, w, "kiemsatvien") | _inbox(db, w, "thukho")
    with pytest.raises(DomainError) as exc:  # not completed before the giver answers
        run(db, clerk, handovers.complete_handover, number)
    assert exc.value.code == "awaiting_acceptance"
    # refused: the item is out again, with its holder, due date and return deadline
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        acceptance.refuse_handover(uow, number, "Tôi chưa giao trả điện thoại này")
    row = item_row(db, code)
    assert (row["state"], row["location_id"], row["due_back_on"]) == ("out_temporary", None, due)
    assert "Trần Đức Hùng" in row["holder"] and "temporary_return" in open_deadlines(db, code)
    assert _events(db, code)[-1] == "return_refused"
    words = " ".join(_pdf_text(db, clerk, number).split())
    assert "không xác nhận" in words and "Tôi chưa giao trả điện thoại này" in words
    # given back again and confirmed: the record names him as the giver and can be completed
    number = give_back().handover_number
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        acceptance.accept_handover(uow, number)
    detail = read(db, clerk, handovers.handover_detail, number)
    assert detail.acceptance == "accepted" and detail.accepted_by == "canbo"
    assert {p.role: p.full_name for p in detail.participants}["giver"] == "Trần Đức Hùng"
    assert item_row(db, code)["state"] == "in_storage" and "temporary_return" not in open_deadlines(db, code)
    assert verify(db).ok


def test_another_agencys_receiver_shows_his_letter_of_introduction(world, clerk):
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    code = ch.item_codes[0]
    from dataclasses import replace
    person = replace(examiner(a["ca"]), letter_number="")
    cmd = commands.ReleaseItems((code,), doc("release_order", "41/LXK-PC02", a["pc02"]), "examination", person,
                         TODAY + timedelta(days=7), receiver_agency_id=a["ca"], seal_states=seals_checked((code,)))
    with pytest.raises(DomainError) as exc:
        run(db, clerk, approved_release, cmd)
    assert exc.value.code == "receiver_letter_required" and exc.value.params["field"] == "receiver_letter"
    assert item_row(db, code)["state"] == "in_storage"
    out = run(db, clerk, approved_release, replace(cmd, receiver=replace(person, letter_number="07/GGT-PC09")))
    detail = read(db, clerk, handovers.handover_detail, out.handover_number)
    assert next(s for s in detail.signatures if s.role == "receiver").letter_number == "07/GGT-PC09"
    words = " ".join(_pdf_text(db, clerk, out.handover_number).split())
    assert "07/GGT-PC09" in words
