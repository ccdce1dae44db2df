"""Impossible back-dated sequences are refused (HANDS-ON 30): an act on an item cannot be dated before the item's
previous act — a return before its release, a release before the item came back from the previous one — with a
Vietnamese message naming both acts; nothing is written. Acts in order, and records about acts, still pass."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from evidence_store.domain.errors import TransitionRefused
from evidence_store.error_texts import message
from evidence_store.services.commands import ReleaseItems, ReturnItems
from evidence_store.services.release import release_items, return_items
from evidence_store.services.verify import verify

from .builders import phone, receive
from .lifecycle_builders import seals_checked
from .lifecycle_builders import approved_release, PAST, TODAY, doc, examiner, item_row, ledger_head, run


def _at(days_ago: int, hour: int = 3) -> datetime:
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC).replace(tzinfo=None)


def _release(w, code, at, number="15/LXK-PC02"):
    a = w.agencies
    return ReleaseItems((code,), doc("release_order", number, a["pc02"], issued_on=PAST - timedelta(days=30)),
                        "examination", examiner(a["ca"]), TODAY + timedelta(days=7), receiver_agency_id=a["ca"],
                        occurred_at=at, seal_states=seals_checked((code,)))


def _return(w, code, at):
    return ReturnItems((code,), w.locations["bin_A111"], examiner(w.agencies["ca"]), seal_intact=True,
                       occurred_at=at)


def test_a_return_dated_before_its_release_is_refused_naming_both(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])], started_at=_at(40)).item_codes[0]
    run(db, clerk, approved_release, _release(w, code, _at(10)))
    before = ledger_head(db)
    with pytest.raises(TransitionRefused) as refused:
        run(db, clerk, return_items, _return(w, code, _at(12)))
    assert refused.value.code == "act_before_previous_act"
    text = message(refused.value)
    assert "«Tạm xuất»" in text and "«Nhập lại sau tạm xuất»" in text
    assert (TODAY - timedelta(days=12)).strftime("%d/%m/%Y") in text
    assert ledger_head(db) == before and item_row(db, code)["state"] == "out_temporary"
    run(db, clerk, return_items, _return(w, code, _at(8)))  # after the release: recorded
    assert item_row(db, code)["state"] == "in_storage"
    assert verify(db).ok


def test_a_release_dated_before_the_previous_return_is_refused(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])], started_at=_at(40)).item_codes[0]
    run(db, clerk, approved_release, _release(w, code, _at(20)))
    run(db, clerk, return_items, _return(w, code, _at(15)))
    with pytest.raises(TransitionRefused) as refused:  # the HANDS-ON 30 story: a tạm xuất before the last return
        run(db, clerk, approved_release, _release(w, code, _at(18), "16/LXK-PC02"))
    assert refused.value.code == "act_before_previous_act"
    run(db, clerk, approved_release, _release(w, code, _at(15, hour=5), "17/LXK-PC02"))  # later that day: fine
    assert item_row(db, code)["state"] == "out_temporary"
    assert verify(db).ok
