"""Every figure of the reports, recomputed from the custody events alone (the ledger is the truth):
replay each item's ``set`` fields, count the movements per local month, and compare with the
aggregate queries of services.reports."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from evidence_store.db.migrate import open_database
from evidence_store.db.models import Case, CustodyEvent, Location
from evidence_store.demo.generate import generate
from evidence_store.domain.deadlines import add_years
from evidence_store.services import reports
from evidence_store.services.context import Actor, UnitOfWork
from evidence_store.services.deadlines_service import PENDING_STATES
from evidence_store.domain.chronology import warehouse_zone
from evidence_store.domain import chronology

TODAY = chronology.today()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('reports') / 'demo.sqlite3'}")
    generate(db, items=300, seed=7)
    yield db
    db.dispose()


def _local(iso: str) -> datetime:
    moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return moment.astimezone(warehouse_zone()).replace(tzinfo=None)


@pytest.fixture(scope="module")
def replay(demo):
    """item id → its fields as the ledger leaves them, plus the local time of its receipt; and the events."""
    items: dict[int, dict] = {}
    with demo.session(write=False) as s:
        events = [(e.seq, e.item_id, e.kind, e.occurred_at, json.loads(e.data))
                  for e in s.scalars(select(CustodyEvent).order_by(CustodyEvent.seq))]
        stages = {c.id: c.stage for c in s.scalars(select(Case))}
        occupancy = {loc.id: loc.occupancy or 0 for loc in s.scalars(select(Location))}
    for _seq, item_id, kind, occurred, data in events:
        if item_id is None:
            continue
        state = items.setdefault(item_id, {})
        state.update(data.get("set") or {})
        if kind == "receive" and "received" not in state:
            state["received"] = _local(occurred)
    return items, events, stages, occupancy


def _report(db, kind="summary", first=date(TODAY.year - 9, 1, 1), last=TODAY, **filters):
    with UnitOfWork(db, Actor.system(), write=False) as uow:
        return reports.build_report(uow, kind, reports.ReportFilter(first, last, **filters), today=TODAY)


def _held(items):
    return {i: f for i, f in items.items() if f.get("state") in reports.HELD}


def test_intake_and_disposal_per_month_are_the_ledgers_movements(demo, replay):
    _items, events, _stages, _occ = replay
    first = min(_local(e[3]) for e in events).date()
    report = _report(demo, "flow", first=first)
    expected = Counter()
    for _seq, _item, kind, occurred, _data in events:
        if kind in ("receive", "dispose", "transfer_out"):
            expected[(kind, _local(occurred).date().replace(day=1))] += 1
    got = Counter()
    for row in report.flow:
        got[("receive", row.month)] += row.intake
        got[("dispose", row.month)] += row.disposed
        got[("transfer_out", row.month)] += row.transferred
    assert +got == +expected
    assert report.intake_total == sum(v for (k, _m), v in expected.items() if k == "receive") > 0
    assert report.out_total > 0 and report.ratio == report.out_total / report.intake_total


def test_stock_by_category_state_and_age_match_the_replayed_items(demo, replay):
    items, _events, _stages, _occ = replay
    report = _report(demo)
    held = _held(items)
    assert {r.key: r.count for r in report.categories} == Counter(f["category"] for f in held.values())
    assert {r.key: r.count for r in report.states} == Counter(f["state"] for f in items.values())
    assert report.held_total == len(held)
    bands = Counter()
    for f in held.values():
        months = (TODAY.year - f["received"].year) * 12 + TODAY.month - f["received"].month
        months -= f["received"].day > TODAY.day  # a month counts once its day has come
        bands[next(key for key, _l, low, high in reports.AGE_BANDS if months >= low and (high is None or months < high))] += 1
    assert {r.key: r.count for r in report.age if r.count} == +bands


def test_backlog_by_agency_and_stage_matches_the_replay(demo, replay):
    items, _events, stages, _occ = replay
    report = _report(demo, "backlog")
    with demo.session(write=False) as s:
        from evidence_store.db.models import Agency
        from evidence_store.domain.workdays import roll_forward
        from evidence_store.services.workdays import holidays
        agencies = list(s.scalars(select(Agency)))
        days_off = holidays(s)
    review_due = lambda since: roll_forward(add_years(since, 1), days_off)  # noqa: E731 (BLDS Điều 148)
    names = {a.id: a.short_name or a.name for a in agencies}
    kinds = {a.id: a.kind for a in agencies}
    # held under a live decision (from the ledger): a suspended case, a disposal proposed/approved not carried out
    suspended, under_way = {}, set()
    for _seq, item_id, kind, _occurred, data in _events:
        if kind == "case_milestone" and data["milestone"] in ("suspension", "resumption", "dismissal"):
            suspended[data["case_id"]] = data["milestone"] == "suspension"
        elif kind == "disposal_proposed":
            under_way.add((item_id, data["handover"]))
        elif kind in ("disposal_rejected", "disposal_withdrawn", "disposal_carried_out"):
            under_way.discard((item_id, data["handover"]))
    held_under_decision = {i for i, _ho in under_way}
    # THADS's receipt (TT 01/2017 Điều 13.2): the day the responsibility passed to it, while no judgment was recorded
    judged, thads_since = set(), {}
    for _seq, item_id, kind, occurred, data in _events:
        if kind == "case_milestone" and data["milestone"] == "first_instance_judgment":
            judged.add(data["case_id"])
        elif kind == "transfer_responsibility":
            if kinds[data["to_agency_id"]] == "enforcement":
                thads_since.setdefault(item_id, _local(occurred).date())
            else:
                thads_since.pop(item_id, None)
    expected = Counter()
    for item_id, f in items.items():
        if suspended.get(f["case_id"]) or item_id in held_under_decision or f["case_id"] in judged:
            continue
        if f["state"] in PENDING_STATES and item_id in thads_since and review_due(thads_since[item_id]) <= TODAY:
            expected[(names[f["responsible_agency_id"]], stages[f["case_id"]])] += 1
    assert {(r.agency, r.stage): r.count for r in report.backlog} == expected
    assert sum(expected.values()) > 0


def test_occupancy_is_the_items_the_ledger_puts_on_each_location(demo, replay):
    items, _events, _stages, occupancy = replay
    on_shelf = Counter(f["location_id"] for f in items.values() if f["state"] == "in_storage" and f.get("location_id"))
    report = _report(demo, "stock")
    assert report.occupancy
    with demo.session(write=False) as s:
        ids = {loc.code: loc.id for loc in s.scalars(select(Location))}
    for row in report.occupancy:
        assert row.occupancy == on_shelf.get(ids[row.code], 0) == occupancy[ids[row.code]], row.code


def test_overdue_releases_and_return_deadlines_follow_the_release_and_return_events(demo, replay):
    items, events, _stages, _occ = replay
    report = _report(demo)
    overdue = {i for i, f in items.items() if f["state"] == "out_temporary" and date.fromisoformat(f["due_back_on"]) < TODAY}
    assert report.overdue_total == len(overdue) == len(report.overdue)
    assert all(r.days_overdue > 0 for r in report.overdue)
    # temporary-return deadlines: due day from the release, closed by the next return / disposal / incident
    open_release: dict[int, date] = {}
    kept = missed = still_open = 0
    for _seq, item_id, kind, occurred, data in events:
        if kind == "release_temporary":
            open_release[item_id] = date.fromisoformat(data["set"]["due_back_on"])
        elif kind in ("return", "dispose", "incident") and item_id in open_release:
            due = open_release.pop(item_id)
            kept, missed = (kept + 1, missed) if _local(occurred).date() <= due else (kept, missed + 1)
    for due in open_release.values():
        missed, still_open = (missed + 1, still_open) if due < TODAY else (missed, still_open + 1)
    with UnitOfWork(demo, Actor.system(), write=False) as uow:
        q = reports._Query(uow, reports.ReportFilter(date(2000, 1, 1), date(2100, 1, 1)), reports.ReportScope(), TODAY)
        rows = q.deadlines(reports.periods.Period(date(2000, 1, 1), date(2100, 1, 1)), kinds=("temporary_return",))
    assert (sum(r.kept for r in rows), sum(r.missed for r in rows), sum(r.open for r in rows)) == (kept, missed, still_open)
    assert kept + missed + still_open > 0


def test_filters_and_an_officers_scope_narrow_every_figure(demo, replay):
    items, _events, _stages, _occ = replay
    held = _held(items)
    agency = Counter(f["responsible_agency_id"] for f in held.values()).most_common(1)[0][0]
    report = _report(demo, "agency", agency_id=agency)
    assert report.held_total == sum(1 for f in held.values() if f["responsible_agency_id"] == agency)
    category = "phone"
    report = _report(demo, category=category)
    assert report.held_total == sum(1 for f in held.values() if f["category"] == category)
    officer = Actor(None, "canbo", frozenset({"officer"}), person_id=-5)
    with UnitOfWork(demo, officer, write=False) as uow:
        mine = reports.build_report(uow, "summary", reports.ReportFilter(date(TODAY.year - 9, 1, 1), TODAY), today=TODAY)
    assert mine.held_total == 0 and mine.intake_total == 0


def test_the_screen_s_fullest_locations_are_the_first_rows_of_the_whole_list(demo):
    """The Reports screen asks for the chart's 15 fullest locations only (issue #19): the database picks the same
    rows, in the same order, as the full list the PDF and the XLSX print."""
    flt = reports.ReportFilter(date(TODAY.year - 1, 1, 1), TODAY)
    with UnitOfWork(demo, Actor.system(), write=False) as uow:
        whole = reports.build_report(uow, "summary", flt).occupancy
        top = reports.build_report(uow, "summary", flt, occupancy_rows=15).occupancy
    assert len(whole) > 15 and len({r.share for r in whole[:16]}) > 1
    assert top == whole[:15]
