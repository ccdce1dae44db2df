"""Two-sided acts, item requests and the task inbox (issue 13): a transfer waits "chờ tiếp nhận" until the
receiving agency's user accepts (or refuses with a reason); an agency without a seat needs its representative's
paper signature; a request becomes a pick list, a wrong item is refused, the release follows from the request and
the requester confirms receipt; each task appears in the right inbox and disappears when done."""

from __future__ import annotations

from datetime import timedelta

import pytest

from evidence_store.domain.errors import DomainError, PermissionDenied
from evidence_store.services import acceptance, handovers, release, requests, setup, tasks, transfer
from evidence_store.services import commands
from evidence_store.services.commands import PersonInput
from evidence_store.services.context import UnitOfWork
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_release, TODAY, doc, item_row, ledger_head, milestone, read, run


def _inbox(db, w, username, **kw):
    with UnitOfWork(db, w.actor(db, username), write=False) as uow:
        return {(t.kind, t.ref) for t in tasks.inbox(uow, **kw)}


def _offer(db, w, clerk, case_id, number="20/KLĐT-CSHS"):
    """CQĐT → VKS: on the kết luận điều tra the first time (the milestone moving the case to prosecution,
    BLTTHS Điều 232), on a transfer decision once the case is at prosecution."""
    kind = "investigation_conclusion" if "KLĐT" in number else "transfer_decision"
    if kind == "investigation_conclusion":
        milestone(db, case_id, "opening", "case_opening", f"{case_id}/QĐ-KTVA", w.agencies["pc02"])
    return run(db, clerk, transfer.transfer_responsibility, commands.TransferResponsibility(
        doc(kind, number, w.agencies["pc02"]), w.agencies["vks"], case_id=case_id,
        receiver=PersonInput(id=w.persons["kiemsatvien"]))).handover_number


def test_offer_accept_refuse_and_paper(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    code = ch.item_codes[0]
    number = _offer(db, w, clerk, ch.case_id)
    assert ("accept", number) in _inbox(db, w, "kiemsatvien")
    assert ("accept", number) not in _inbox(db, w, "thuky") | _inbox(db, w, "canbo")
    # another agency's user, and a second offer while one waits, are refused
    with pytest.raises(PermissionDenied) as exc, UnitOfWork(db, w.actor(db, "thuky")) as uow:
        acceptance.accept_handover(uow, number)
    assert exc.value.code == "not_receiving_side"
    with pytest.raises(DomainError) as exc:
        _offer(db, w, clerk, ch.case_id, "21/QĐ-CSHS")
    assert exc.value.code == "transfer_pending"
    with pytest.raises(DomainError):  # no completion while the other side has not answered
        run(db, clerk, handovers.complete_handover, number)
    # refused with a reason: nothing moves
    before = item_row(db, code)["responsible_agency_id"]
    with pytest.raises(DomainError) as exc, UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
        acceptance.refuse_handover(uow, number, "  ")
    assert exc.value.code == "reason_required"
    with UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
        acceptance.refuse_handover(uow, number, "Thiếu bản gốc quyết định")
    assert item_row(db, code)["responsible_agency_id"] == before
    assert ("accept", number) not in _inbox(db, w, "kiemsatvien")
    detail = read(db, clerk, handovers.handover_detail, number)
    assert detail.acceptance == "refused" and detail.acceptance_note == "Thiếu bản gốc quyết định"
    # offered again and accepted: the record names both persons, the case moves with its officer
    number = _offer(db, w, clerk, ch.case_id, "22/QĐ-CSHS")
    with UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
        acceptance.accept_handover(uow, number)
    detail = read(db, clerk, handovers.handover_detail, number)
    parties = {p.role: p.full_name for p in detail.participants}
    assert parties["giver"] == "Trần Đức Hùng" and parties["receiver"] == "Đỗ Minh Châu"  # officer, not clerk
    assert detail.acceptance == "accepted" and detail.accepted_by == "kiemsatvien"
    assert item_row(db, code)["responsible_agency_id"] == w.agencies["vks"]
    # an agency with no seat: the representative's paper signature, never the agency alone
    with UnitOfWork(db) as uow:
        court = setup.add_agency(uow, "Tòa án nhân dân khu vực 1 - Hà Nội", "court", check=False).id
        uow.commit()
    bare = commands.TransferResponsibility(doc("indictment", "9/CT-VKS", w.agencies["vks"]), court,
                                    case_id=ch.case_id)
    with pytest.raises(DomainError) as exc:
        run(db, clerk, transfer.transfer_responsibility, bare)
    assert exc.value.code == "person_required"  # a person receives, never the agency alone
    rep = PersonInput(full_name="Lê Văn Tòa", position="Thư ký Tòa án", agency_id=court, id_number="001080000111")
    from dataclasses import replace
    with pytest.raises(DomainError) as exc:  # name, position, ID and the letter of introduction
        run(db, clerk, transfer.transfer_responsibility, replace(bare, receiver=rep))
    assert exc.value.code == "representative_required"
    out = run(db, clerk, transfer.transfer_responsibility,
              replace(bare, receiver=rep, receiver_letter="Giấy giới thiệu số 12/GGT-TA ngày 01/12/2026"))
    assert out.extra["acceptance"] == "paper" and item_row(db, code)["responsible_agency_id"] == court
    detail = read(db, clerk, handovers.handover_detail, out.handover_number)
    assert {p.role: p.full_name for p in detail.participants}["receiver"] == "Lê Văn Tòa"
    assert verify(db).ok


def test_request_pick_list_release_and_receipt(world, clerk):
    db, w = world
    a = w.agencies
    ch = receive(db, clerk, [phone(name="Điện thoại A", location_code=w.locations["bin_B111"]),
                             phone(name="Điện thoại B", location_code=w.locations["bin_A111"]),
                             phone(name="Điện thoại C", location_code=w.locations["bin_A112"])])
    a_code, b_code, c_code = ch.item_codes
    canbo = w.actor(db, "canbo")
    cmd = requests.CreateRequest(ch.case_id, (a_code, b_code), "examination", TODAY, TODAY + timedelta(days=7),
                                 note="Giám định dữ liệu điện thoại")
    with UnitOfWork(db, canbo) as uow:
        number = requests.create_request(uow, cmd).extra["request"]
    with pytest.raises(PermissionDenied), UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
        requests.create_request(uow, cmd)  # not the VKS's case
    assert ("prepare", number) in _inbox(db, w, "thukho")
    view = read(db, clerk, requests.request_view, number)
    assert [ln.item_code for ln in view.lines] == [b_code, a_code]  # pick list by location: A1 before B1
    with pytest.raises(DomainError) as exc, UnitOfWork(db, clerk) as uow:
        requests.pick_item(uow, number, c_code)
    assert exc.value.code == "not_in_request"
    order = doc("release_order", "5/LXK-PC02", a["pc02"])
    rel = commands.ReleaseItems((a_code, b_code), order, "examination", PersonInput(id=w.persons["canbo"]),
                         TODAY + timedelta(days=7), receiver_agency_id=a["pc02"], request_number=number, seal_states=seals_checked((a_code, b_code)))
    with pytest.raises(DomainError) as exc:
        run(db, clerk, approved_release, rel)
    assert exc.value.code == "request_not_picked"
    for code in (a_code, b_code):
        with UnitOfWork(db, clerk) as uow:
            requests.pick_item(uow, number, code)
    out = run(db, clerk, approved_release, rel)
    assert ("prepare", number) not in _inbox(db, w, "thukho")
    assert ("accept", out.handover_number) in _inbox(db, w, "canbo")
    assert read(db, clerk, requests.request_view, number).status == "released"
    with UnitOfWork(db, canbo) as uow:
        acceptance.accept_handover(uow, out.handover_number)
    assert read(db, clerk, requests.request_view, number).status == "received"
    assert ("accept", out.handover_number) not in _inbox(db, w, "canbo")
    assert item_row(db, a_code)["state"] == "out_temporary"
    # the record to sign: canbo's own slot from his seat; the clerk finishes it at the desk
    assert ("sign", out.handover_number) in _inbox(db, w, "canbo")
    detail = read(db, clerk, handovers.handover_detail, out.handover_number)
    mine = next(s for s in detail.signatures if s.role == "receiver")
    other = next(s for s in detail.signatures if s.role == "giver")
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    with pytest.raises(PermissionDenied), UnitOfWork(db, canbo) as uow:
        handovers.sign_on_screen(uow, commands.SignOnScreen(out.handover_number, other.id, png))
    with UnitOfWork(db, canbo) as uow:
        handovers.sign_on_screen(uow, commands.SignOnScreen(out.handover_number, mine.id, png))
    assert ("sign", out.handover_number) not in _inbox(db, w, "canbo")
    assert verify(db).ok


def test_escalation_and_digest(world, clerk):
    db, w = world
    ch = receive(db, clerk, [phone()])
    number = _offer(db, w, clerk, ch.case_id)
    later = TODAY + timedelta(days=5)
    with UnitOfWork(db, w.actor(db, "kiemsatvien"), write=False) as uow:
        mine = [t for t in tasks.inbox(uow, today=later) if t.ref == number]
    assert mine and mine[0].overdue and not mine[0].escalated
    with UnitOfWork(db, w.actor(db, "thutruong"), write=False) as uow:  # a CQĐT leader: not the VKS's work
        assert not [t for t in tasks.inbox(uow, today=later, agency=True) if t.ref == number]
        csv_text = tasks.digest_csv(uow, agency=True).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Việc;")
    with UnitOfWork(db, w.actor(db, "thukho"), write=False) as uow:
        pdf = tasks.digest_pdf(uow, agency=True)
    assert pdf.startswith(b"%PDF")
    _ = ledger_head


def test_a_clerk_is_never_the_case_officer(world, clerk):
    """Issue 17: the court's clerk who accepts for the court is not its «người thụ lý» — he is not offered, and
    naming him is refused with the reason, nothing accepted; the judge is."""
    from evidence_store.services import responsibility
    db, w = world
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    to_vks = _offer(db, w, clerk, ch.case_id)
    with UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
        acceptance.accept_handover(uow, to_vks)
    number = run(db, clerk, transfer.transfer_responsibility, commands.TransferResponsibility(
        doc("indictment", "08/CT-VKS", w.agencies["vks"]), w.agencies["ta"], case_id=ch.case_id,
        receiver=PersonInput(id=w.persons["thuky"]))).handover_number
    court = read(db, w.actor(db, "thuky"), responsibility.officers_of, w.agencies["ta"])
    assert [person for person, _label in court] == [w.persons["thamphan"]]
    with pytest.raises(DomainError) as exc, UnitOfWork(db, w.actor(db, "thuky")) as uow:
        acceptance.accept_handover(uow, number, officer_id=w.persons["thuky"])
    assert exc.value.code == "officer_not_case_officer"
    assert read(db, clerk, handovers.handover_detail, number).acceptance == "pending"
    with UnitOfWork(db, w.actor(db, "thuky")) as uow:
        acceptance.accept_handover(uow, number, officer_id=w.persons["thamphan"])
    from evidence_store.db.models import Case
    with UnitOfWork(db, write=False) as uow:
        assert uow.session.get(Case, ch.case_id).officer_id == w.persons["thamphan"]


def test_a_case_taken_over_without_officer_is_the_leaders_task_until_he_assigns(world, clerk):
    """Issue 17: the court's clerk accepts leaving the assignment to the chánh án, who finds it in his inbox."""
    from evidence_store.services import accounts, responsibility
    db, w = world
    with UnitOfWork(db) as uow:
        accounts.create_user(uow, "chanhan", "ChanhAn@2026x", ["leader"], agency_id=w.agencies["ta"],
                             full_name="Trịnh Văn Chánh", check_permission=False, must_change_password=False)
        uow.commit()
    ch = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])])
    to_vks = _offer(db, w, clerk, ch.case_id)
    with UnitOfWork(db, w.actor(db, "kiemsatvien")) as uow:
        acceptance.accept_handover(uow, to_vks)
    assert not {k for k, _ref in _inbox(db, w, "chanhan")} & {"assign"}
    number = run(db, clerk, transfer.transfer_responsibility, commands.TransferResponsibility(
        doc("indictment", "08/CT-VKS", w.agencies["vks"]), w.agencies["ta"], case_id=ch.case_id,
        receiver=PersonInput(id=w.persons["thuky"]))).handover_number
    with UnitOfWork(db, w.actor(db, "thuky")) as uow:
        acceptance.accept_handover(uow, number)  # no officer chosen
    assert ("assign", "125/2026/CSHS") in _inbox(db, w, "chanhan")
    assert ("assign", "125/2026/CSHS") not in _inbox(db, w, "thuky") | _inbox(db, w, "thutruong")
    run(db, w.actor(db, "chanhan"), lambda uow, _cmd: responsibility.assign_officer(uow, ch.case_id,
                                                                                     w.persons["thamphan"]), None)
    assert ("assign", "125/2026/CSHS") not in _inbox(db, w, "chanhan")
