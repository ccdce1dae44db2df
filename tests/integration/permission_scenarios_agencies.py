"""Minimal commands for the services of issue 13 (seats, acceptance, requests, tasks), for
test_permissions_matrix: the matrix row is enforced, and an agency seat outside the case's scope is refused
with a scope reason (the exact role × agency × service outcomes are in test_scopes.py)."""

from __future__ import annotations

from datetime import timedelta

from evidence_store.services import acceptance, requests, responsibility, tasks, transfer
from evidence_store.services import commands
from evidence_store.services.context import UnitOfWork

from .lifecycle_builders import TODAY, doc
from .permission_scenarios import SYSTEM, received, scenario


def _offered(db, w, n) -> str:
    """CQĐT → VKS on the kết luận điều tra, after the khởi tố (the milestones move the case to prosecution:
    BLTTHS Điều 232; a transfer never changes the stage by itself — issue #11)."""
    from evidence_store.services.commands import PersonInput
    from .builders import phone, receive
    from .lifecycle_builders import milestone
    case_id = receive(db, SYSTEM, [phone()], case_number=f"{n}/2026/PQ").case_id
    milestone(db, case_id, "opening", "case_opening", f"{n}/QĐ-KTVA", w.agencies["pc02"])
    cmd = commands.TransferResponsibility(doc("investigation_conclusion", f"{n}/KLĐT", w.agencies["pc02"]),
                                   w.agencies["vks"], case_id=case_id,
                                   receiver=PersonInput(id=w.persons["kiemsatvien"]))
    with UnitOfWork(db, SYSTEM) as uow:
        return transfer.transfer_responsibility(uow, cmd).handover_number


@scenario("acceptance.accept_handover", "accept_handover")
def _accept(db, w, n, actor):
    number = _offered(db, w, n)
    return lambda uow: acceptance.accept_handover(uow, number)


@scenario("acceptance.refuse_handover", "accept_handover")
def _refuse(db, w, n, actor):
    number = _offered(db, w, n)
    return lambda uow: acceptance.refuse_handover(uow, number, "Thiếu quyết định chuyển giao bản gốc")


def _request_cmd(db, w, n):
    codes = received(db, n)
    from evidence_store.services.queries import item_by_code
    with UnitOfWork(db, SYSTEM, write=False) as uow:
        case_id = item_by_code(uow, codes[0]).case_id
    return requests.CreateRequest(case_id, codes, "examination", TODAY, TODAY + timedelta(days=5),
                                  recipient_person_id=w.persons["canbo"]), codes


@scenario("requests.create_request", "request_items")
def _create_request(db, w, n, actor):
    cmd, _codes = _request_cmd(db, w, n)
    return lambda uow: requests.create_request(uow, cmd)


def _requested(db, w, n):
    cmd, codes = _request_cmd(db, w, n)
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        return requests.create_request(uow, cmd).extra["request"], codes


@scenario("requests.cancel_request", "request_items")
def _cancel_request(db, w, n, actor):
    number, _codes = _requested(db, w, n)
    return lambda uow: requests.cancel_request(uow, number, "Không cần nữa")


@scenario("requests.pick_item", "prepare_request")
def _pick(db, w, n, actor):
    number, codes = _requested(db, w, n)
    return lambda uow: requests.pick_item(uow, number, codes[0])


@scenario("requests.list_requests", "read_tasks")
def _list_requests(db, w, n, actor):
    return lambda uow: requests.list_requests(uow)


@scenario("requests.request_view", "read_tasks")
def _request_view(db, w, n, actor):
    number, _codes = _requested(db, w, n)
    return lambda uow: requests.request_view(uow, number)


@scenario("responsibility.assign_officer", "assign_officer")
def _assign(db, w, n, actor):
    codes = received(db, n)
    from evidence_store.services.queries import item_by_code
    with UnitOfWork(db, SYSTEM, write=False) as uow:
        case_id = item_by_code(uow, codes[0]).case_id
    return lambda uow: responsibility.assign_officer(uow, case_id, w.persons["canbo"])


@scenario("tasks.inbox", "read_tasks")
def _inbox(db, w, n, actor):
    return lambda uow: tasks.inbox(uow)


@scenario("tasks.digest_csv", "read_tasks")
def _digest(db, w, n, actor):
    return lambda uow: tasks.digest_csv(uow)


@scenario("register.record_page", "verify_ledger")
def _register(db, w, n, actor):
    from evidence_store.services import register
    return lambda uow: register.record_page(uow, register.RegisterQuery(unfinished=True))


@scenario("register.count_records", "verify_ledger")
def _register_count(db, w, n, actor):
    from evidence_store.services import register
    return lambda uow: register.count_records(uow, register.RegisterQuery())


@scenario("paper_check.check_record_qr", "verify_ledger")
def _paper(db, w, n, actor):
    from evidence_store.domain.ledger import short_hash
    from evidence_store.services import paper_check, printing
    from .builders import phone, receive
    number = receive(db, SYSTEM, [phone()], case_number=f"{n}/2026/QR").handover_number
    with UnitOfWork(db, SYSTEM, write=False) as uow:
        stamp = printing.handover_record(uow, number).stamp
    payload = f"KVC|{number}|{short_hash(stamp.record_hash)}|{stamp.head_seq}|{short_hash(stamp.head_hash)}"
    return lambda uow: paper_check.check_record_qr(uow, payload)


@scenario("announce.announcements", "receive_items")
def _announcements(db, w, n, actor):
    from evidence_store.services import announce
    return lambda uow: announce.announcements(uow)
