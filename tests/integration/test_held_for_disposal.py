"""An item whose disposal is approved and waits to be carried out stays for the act (issues #12, #18): the services
refuse to release it or to pass it to another agency, with the domain's reason naming the approval record; the item
page greys those actions with the same sentence. Nothing is written by a refusal. Both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest

from evidence_store.domain import moves
from evidence_store.domain.errors import DomainError
from evidence_store.domain.states import State
from evidence_store.error_texts import message
from evidence_store.services import queries
from evidence_store.services.commands import RecordIncident, ReleaseItems, TransferResponsibility
from evidence_store.services.incidents import record_incident
from evidence_store.services.release import release_items
from evidence_store.services.transfer import transfer_responsibility

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import (approved_release, approved_return, TODAY, doc, examiner, item_row, ledger_head, read,
                                 rep, run)


def _refused(fn) -> DomainError:
    with pytest.raises(DomainError) as exc:
        fn()
    return exc.value


def _release(w, code):
    return ReleaseItems((code,), doc("release_order", "15/LXK-PC02", w.agencies["pc02"]), "examination",
                        examiner(w.agencies["ca"]), TODAY + timedelta(days=10), receiver_agency_id=w.agencies["ca"], seal_states=seals_checked((code,)))


def test_an_item_awaiting_its_approved_disposal_is_not_released(world, clerk):
    db, w = world
    _ch, code, number = approved_return(db, w, clerk)
    before = ledger_head(db)
    err = _refused(lambda: run(db, clerk, approved_release, _release(w, code)))
    assert err.code == "held_for_approved_disposal" and err.params["handover"] == number
    text = message(err)
    assert number in text and "chờ thực hiện" in text and "«Tạm xuất»" in text, text
    assert ledger_head(db) == before and item_row(db, code)["state"] == "in_storage"


def test_an_item_awaiting_its_approved_disposal_is_not_transferred(world, clerk):
    db, w = world
    ch, code, number = approved_return(db, w, clerk)
    before = ledger_head(db)
    for move_out in (False, True):
        err = _refused(lambda: run(db, w.actor(db, "canbo"), transfer_responsibility, TransferResponsibility(
            doc("investigation_conclusion", "20/KLĐT-CSHS", w.agencies["pc02"]), w.agencies["vks"],
            case_id=ch.case_id, codes=(code,), move_out=move_out, receiver=rep(w.agencies["vks"]))))
        assert err.code == "held_for_approved_disposal" and number in message(err), (move_out, err)
    assert ledger_head(db) == before
    assert item_row(db, code)["responsible_agency_id"] == w.agencies["pc02"]


def test_what_stays_possible_and_what_the_item_page_says(world, clerk):
    """The same answer for the item page (domain.moves with the item's read) — and a loss is still recorded."""
    db, w = world
    _ch, code, number = approved_return(db, w, clerk)
    item = read(db, clerk, queries.item_by_code, code)
    assert item.awaiting_disposal == number
    page = {m.key: m for m in moves.available_moves(State(item.state), clerk.roles, code=item.code,
                                                    sealed=item.sealed, awaiting_disposal=item.awaiting_disposal)}
    assert not page["release"].ok and number in message(page["release"].reason)
    assert page["carry_out"].ok and page["move"].ok and page["incident"].ok
    run(db, clerk, record_incident, RecordIncident((code,), "lost", doc("incident_report", "3/BB-M",
                                                                         w.agencies["pc10"]), "Mất khi kiểm kê"))
    assert item_row(db, code)["state"] == "lost_or_damaged"


def test_without_an_approved_disposal_the_same_release_goes_through(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A112"])]).item_codes[0]
    run(db, clerk, approved_release, _release(w, code))
    assert item_row(db, code)["state"] == "out_temporary"


def test_a_request_cannot_pick_an_item_held_for_its_disposal(world, clerk):
    """The officer's request (Việc cần làm → chuẩn bị) leads to a release: its pick refuses the held item too."""
    from evidence_store.services import requests
    from evidence_store.services.context import UnitOfWork
    db, w = world
    ch, code, number = approved_return(db, w, clerk)
    cmd = requests.CreateRequest(ch.case_id, (code,), "examination", TODAY, TODAY + timedelta(days=7))
    with UnitOfWork(db, w.actor(db, "canbo")) as uow:
        request = requests.create_request(uow, cmd).extra["request"]
    with UnitOfWork(db, clerk) as uow:
        err = _refused(lambda: requests.pick_item(uow, request, code))
    assert err.code == "held_for_approved_disposal" and number in message(err)
