"""Incidents, found items, corrections that never edit history, labels, dashboard, announced intake."""

from __future__ import annotations

import pytest

from evidence_store.describe import describe_event
from evidence_store.domain.errors import DomainError
from evidence_store.services import queries
from evidence_store.services.announce import ReceiveAnnounced, announce_items, receive_announced
from evidence_store.services.commands import CaseInput, ReceiveItems
from evidence_store.services.commands import RecordCorrection, RecordFound, RecordIncident
from evidence_store.services.corrections import record_correction
from evidence_store.services.deadlines_service import dashboard
from evidence_store.services.incidents import record_found, record_incident
from evidence_store.services.label_prints import record_label_print
from evidence_store.services.verify import verify

from .builders import deliverer, intake_order, phone, receive, seizure_record
from .lifecycle_builders import doc, item_row, ledger_head, read, run


def test_lost_then_found(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone(location_code=w.locations["bin_A111"])]).item_codes[0]
    run(db, clerk, record_incident, RecordIncident((code,), "lost", doc("incident_report", "1/BB-SC", w.agencies["pc10"]),
                                                   "Không thấy khi kiểm kê"))
    assert item_row(db, code)["state"] == "lost_or_damaged"
    run(db, clerk, record_found, RecordFound((code,), doc("incident_report", "2/BB-SC", w.agencies["pc10"]),
                                             w.locations["bin_A111"]))
    item = read(db, clerk, queries.item_by_code, code)
    assert item.state == "in_storage" and "mất" in describe_event(item.events[1])
    assert verify(db).ok


def test_correction_points_at_the_original_which_stays(world, clerk):
    db, w = world
    code = receive(db, clerk, [phone()]).item_codes[0]
    first = read(db, clerk, queries.item_by_code, code).events[0]
    run(db, clerk, record_correction, RecordCorrection(first.seq, {"name": "Điện thoại Samsung Galaxy A53"},
                                                       "Ghi nhầm model"))
    item = read(db, clerk, queries.item_by_code, code)
    assert item.name == "Điện thoại Samsung Galaxy A53"
    assert item.events[0].data["set"]["name"] == "Điện thoại di động Samsung Galaxy A52"  # original kept
    assert item.events[0].corrected_by == (item.events[1].seq,)
    assert "Ghi nhầm model" in describe_event(item.events[1])
    before = ledger_head(db)
    with pytest.raises(DomainError) as exc:
        run(db, clerk, record_correction, RecordCorrection(first.seq, {"state": "destroyed"}, "x"))
    assert exc.value.code == "field_not_correctable" and ledger_head(db) == before
    assert verify(db).ok


def test_label_reprints_are_numbered(world, clerk):
    db, w = world
    codes = receive(db, clerk, [phone(), phone()]).item_codes
    with_uow = lambda c: run(db, clerk, lambda uow, cmd: record_label_print(uow, cmd, 1), c)  # noqa: E731
    assert with_uow(codes).extra["reprints"] == {codes[0]: 0, codes[1]: 0}
    assert with_uow(codes[:1]).extra["reprints"] == {codes[0]: 1}
    assert verify(db).ok


def test_dashboard_announced_intake_and_backlog(world, clerk):
    db, w = world
    from .lifecycle_builders import held_by_thads
    # received 400 days ago: backlog only as THADS has held it a year without a judgment (TT 01/2017 Điều 13.2)
    held_by_thads(db, w, clerk, received_days_ago=400, thads_days_ago=380, case_number="1/2025/CSHS")
    held_by_thads(db, w, clerk, received_days_ago=400, thads_days_ago=None, case_number="5/2025/CSHS")
    giver = deliverer(w.agencies["pc02"])
    ann = run(db, clerk, announce_items, ReceiveItems(intake_order("4/LNK-PC02"), (phone(),), giver,
                                                      new_case=CaseInput("2/2026/CSHS"),
                                                      seizure_record=seizure_record()))
    board = read(db, clerk, dashboard)
    assert board.awaiting_intake == 1 and board.pending_year_count == 1
    assert board.recent and board.recent_text[0]
    run(db, clerk, receive_announced, ReceiveAnnounced(ann.item_codes, giver, w.locations["bin_A111"],
                                                       seal_states=dict.fromkeys(ann.item_codes, "intact")))
    assert read(db, clerk, dashboard).awaiting_intake == 0
    assert verify(db).ok
