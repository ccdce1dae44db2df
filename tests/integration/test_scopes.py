"""Role × agency × service (issue 13): every user sees the cases of his scope — warehouse staff all, an officer
the cases he is or was responsible for, an agency's leader and clerks the agency's cases now or before — in every
list, search, item page, record, deadline list, register, request list, task inbox and export; a case handed
over is read-only for the agency that handed it over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from evidence_store.db.models import Person
from evidence_store.domain.errors import PermissionDenied
from evidence_store.services import (acceptance, browse, deadlines_service, handovers, ledger_read, printing,
                                     printing_registers, item_search, queries, register, release, requests, storage, tasks,
                                     transfer)
from evidence_store.services import commands
from evidence_store.services.commands import PersonInput, SealItems
from evidence_store.services.context import UnitOfWork, reader_for
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_release, TODAY, doc, examiner, milestone, read, run

EVERYONE = {"thukho", "lanhdao", "kiemsat", "quantri"}


@pytest.fixture
def two_cases(world, clerk):
    """Case X: CQĐT (canbo) → VKS (kiemsatvien) → TA (thuky accepts, thamphan responsible), one item out for
    trial with its return deadline. Case Y: PC03, another investigator: nobody's but the warehouse's."""
    db, w = world
    a = w.agencies
    x = receive(db, clerk, [phone(name="Điện thoại vụ X", location_code=w.locations["bin_A111"]),
                            phone(name="Xe đạp vụ X", seal_number="NP-0009")], case_number="10/2026/X")
    with UnitOfWork(db) as uow:
        stranger = Person(full_name="Phan Văn Khác", position="Điều tra viên", agency_id=a["pc03"], is_officer=True)
        uow.session.add(stranger)
        uow.commit()
        stranger_id = stranger.id
    from evidence_store.services.commands import CaseInput, PersonInput, ReceiveItems
    from evidence_store.services.intake import receive_items
    from .builders import deliverer, intake_order, seizure_record
    with UnitOfWork(db, clerk) as uow:
        y = receive_items(uow, ReceiveItems(
            order=intake_order("13/LNK-PC03"), items=(phone(name="Điện thoại vụ Y"),),
            giver=deliverer(a["pc03"], full_name="Phan Văn Khác", id_number="001088099999"),
            seizure_record=seizure_record(agency_id=a["pc03"]),
            new_case=CaseInput("11/2026/Y", offence="Lừa đảo", handling_agency_id=a["pc03"], officer_id=stranger_id)))
    milestone(db, x.case_id, "opening", "case_opening", "1/QĐ-KTVA", a["pc02"])
    for kind, number, issuer, target, acceptor, officer in (
            ("investigation_conclusion", "20/KLĐT-CSHS", "pc02", "vks", "kiemsatvien", None),
            ("indictment", "08/CT-VKS", "vks", "ta", "thuky", "thamphan")):
        out = run(db, clerk, transfer.transfer_responsibility, commands.TransferResponsibility(
            doc(kind, number, a[issuer]), a[target], case_id=x.case_id,
            receiver=PersonInput(id=w.persons[acceptor])))
        with UnitOfWork(db, w.actor(db, acceptor)) as uow:
            acceptance.accept_handover(uow, out.handover_number,
                                       officer_id=w.persons[officer] if officer else None)
    run(db, clerk, approved_release, commands.ReleaseItems(
        (x.item_codes[1],), doc("release_order", "3/LXK-TA", a["ta"]), "trial", examiner(a["ta"]),
        TODAY + timedelta(days=2), receiver_agency_id=a["ta"], seal_states=seals_checked((x.item_codes[1],))))
    return x, y


SEES_X = EVERYONE | {"canbo", "kiemsatvien", "thamphan", "thuky", "thutruong"}
SEES_Y = EVERYONE
X_DEADLINES = EVERYONE - {"quantri"} | {"thamphan", "thuky"}  # current responsibility only (quantri: no tasks)


def _can(db, actor, fn, *args, **kw):
    try:
        with reader_for(db, actor, fn) as uow:  # as a screen reads (ui.operations.query)
            return True, fn(uow, *args, **kw)
    except PermissionDenied:
        return False, None


@pytest.mark.parametrize("username", sorted(SEES_X | {"chaphanh", "thukhothads"}))
def test_every_list_and_search_follows_the_scope(world, two_cases, username):
    db, w = world
    x, y = two_cases
    actor = w.actor(db, username)
    sees_x, sees_y = username in SEES_X, username in SEES_Y
    want_items = (set(x.item_codes) if sees_x else set()) | (set(y.item_codes) if sees_y else set())
    want_cases = ({"10/2026/X"} if sees_x else set()) | ({"11/2026/Y"} if sees_y else set())
    with UnitOfWork(db, actor, write=False) as uow:
        # item list, its count, the full export and search
        assert {r.code for r in queries.item_page(uow, queries.ItemQuery(), 0, 100)} == want_items
        assert queries.count_items(uow) == len(want_items)
        assert {r.code for r in browse.iter_items(uow, queries.ItemQuery())} == want_items
        assert {r.code for r in item_search.search(uow, "dien thoai")} == {c for c in want_items
                                                                     if c != x.item_codes[1]}
        # cases
        numbers = {r.number for r in browse.case_page(uow, browse.CaseQuery(), 0, 100)}
        assert numbers == want_cases
        assert browse.count_cases(uow) == len(numbers)
        assert (browse.case_id_by_number(uow, "11/2026/Y") is not None) == sees_y
        # records (register)
        ho_cases = {r.case_number for r in handovers.list_handovers(uow, limit=500)}
        assert ho_cases <= numbers and (("10/2026/X" in ho_cases) == sees_x)
        reg = {r.case_number for r in register.record_page(uow, register.RegisterQuery(), 0, 500)}
        assert reg == ho_cases and register.count_records(uow) == len(handovers.list_handovers(uow, limit=500))
        # deadlines: only the cases the user is responsible for now
        shown = {d.case_number for d in queries.deadlines(uow)}
        assert shown == ({"10/2026/X"} if username in X_DEADLINES | {"quantri"} else set())
        board = deadlines_service.dashboard(uow)
        assert {d.case_number for d in board.temporary_due + board.legal_due} <= shown
        assert {e.item_code for e in board.recent if e.item_code} <= want_items
        # the ledger as the user may read it
        evs = ledger_read.recent_events(uow, 0, 500)
        assert {e.item_code for e in evs if e.item_code} == want_items
        assert ledger_read.count_events(uow) >= len(evs) and (len(evs) > 0) == bool(want_items)
    # item pages, records and printouts: refused out of scope
    for code in x.item_codes:
        assert _can(db, actor, queries.item_by_code, code)[0] == sees_x
        assert _can(db, actor, printing_registers.custody_report, code)[0] == sees_x
    assert _can(db, actor, queries.item_by_code, y.item_codes[0])[0] == sees_y
    assert _can(db, actor, handovers.handover_detail, y.handover_number)[0] == sees_y
    assert _can(db, actor, printing.handover_pdf, y.handover_number)[0] == sees_y
    assert _can(db, actor, handovers.handover_detail, x.handover_number)[0] == sees_x
    # tasks never name another agency's open work or an out-of-scope case
    if username != "quantri":
        ok, inbox = _can(db, actor, tasks.inbox)
        assert ok and all(t.case_number in numbers or not t.case_number for t in inbox)
        ok, reqs = _can(db, actor, requests.list_requests)
        assert ok and all(r.case_number in numbers for r in reqs)


def test_a_case_handed_over_is_read_only_and_rights_follow_the_responsible_agency(world, two_cases):
    db, w = world
    x, _y = two_cases
    code = x.item_codes[0]
    from evidence_store.services.commands import DocumentInput, PersonInput
    unseal = SealItems((code,), "unseal", participants=("Nguyễn Thị Lan",),  # at the court's request (ND 127/2017)
                       document=DocumentInput("other", "5/YC-TA", TODAY, w.agencies["ta"]),
                       organiser=PersonInput(id=w.persons["thamphan"]),
                       witness=PersonInput(full_name="Lê Quang Sơn", position="Đại diện UBND phường Láng"))
    for username, reason in (("canbo", "case_read_only"), ("kiemsatvien", "case_read_only"),
                             ("chaphanh", "out_of_scope")):
        with pytest.raises(PermissionDenied) as exc, UnitOfWork(db, w.actor(db, username)) as uow:
            storage.seal_items(uow, unseal)
        assert exc.value.code == reason, username
    with UnitOfWork(db, w.actor(db, "thamphan")) as uow:  # the judge now responsible may
        storage.seal_items(uow, unseal)
    # the responsible officer's history: CQĐT's investigator, none named at VKS, then the judge
    from evidence_store.services import responsibility
    periods = read(db, w.actor(db, "thuky"), responsibility.history, x.case_id)
    assert [(p.agency.split()[0], p.ended_at is None) for p in periods] == [("Phòng", False), ("Viện", False),
                                                                            ("Tòa", True)]
    assert periods[-1].officer == "Ngô Thị Thanh Bình" and periods[0].officer == "Trần Đức Hùng"
    assert periods[1].handover_number and periods[2].handover_number
    assert verify(db).ok


def test_deadlines_are_the_responsible_officers_not_every_officers(world, two_cases):
    db, w = world
    for username, expected in (("canbo", 0), ("kiemsatvien", 0), ("thamphan", 1), ("thuky", 1),
                               ("thukho", 1)):
        with UnitOfWork(db, w.actor(db, username), write=False) as uow:
            rows = [t for t in tasks.inbox(uow) if t.kind == "deadline"]
        assert len(rows) == expected, username
