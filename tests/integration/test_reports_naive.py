"""The reports' aggregate queries (shaped for the indexes of migration 0016: range counts per band and month,
GROUP BYs on index prefixes, NOT IN lists) against a naive count in Python over every row of a small random
demo warehouse, with and without each item filter and for a scoped seat, on both engines."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from evidence_store.db.migrate import open_database
from evidence_store.db.models import (Agency, Case, CaseMilestone, CustodyEvent, Deadline, Handover, HandoverLine,
                                      Item)
from evidence_store.demo.generate import generate
from evidence_store.domain import periods
from evidence_store.services import reports, scope
from evidence_store.services.context import UnitOfWork
from evidence_store.services.deadlines_service import PENDING_STATES
from evidence_store.domain.chronology import warehouse_zone
from evidence_store.domain import chronology

TODAY = chronology.today()
FIRST = date(TODAY.year - 4, 1, 1)


def _local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(warehouse_zone()).replace(tzinfo=None)


def _months_since(received: datetime) -> int:
    local = _local(received)
    months = (TODAY.year - local.year) * 12 + TODAY.month - local.month
    return months - (local.day > TODAY.day)  # a month counts once its day has come


@pytest.fixture(scope="module")
def _built():
    """backend → (db, world, rows), and the drops to do: the tests here only read, so each engine's warehouse is
    generated once for all of them (the same seed gave each test the same warehouse anyway)."""
    built, drops = {}, []
    yield built, drops
    for db, _w, _rows in built.values():
        db.dispose()
    for drop in drops:
        drop()


@pytest.fixture
def warehouse(backend, request, tmp_path_factory, _built):
    built, drops = _built
    if backend not in built:
        built[backend] = _generated(backend, request, tmp_path_factory, drops)
    return built[backend]


def _generated(backend, request, tmp_path_factory, drops):
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        template, w = request.getfixturevalue("pg_world_template")
        name, url = server.create(template=template)
        drops.append(lambda: server.drop(name))
    else:
        src, w = request.getfixturevalue("world_template")
        path = tmp_path_factory.mktemp("naive") / "kho.sqlite3"
        shutil.copy(src, path)
        url = f"sqlite:///{path}"
    db = open_database(url)
    generate(db, items=160, seed=chronology.today().toordinal() % 1000, world=w)  # a different random warehouse each day
    with db.session(write=False) as s:
        rows = {
            "items": list(s.scalars(select(Item))),
            "cases": {c.id: c for c in s.scalars(select(Case))},
            "agencies": {a.id: a.short_name or a.name for a in s.scalars(select(Agency))},
            "events": [(e.item_id, e.kind, e.occurred_at) for e in s.scalars(select(CustodyEvent))],
            "milestones": sorted(((m.case_id, m.occurred_on, m.id, m.kind) for m in s.scalars(select(CaseMilestone))),
                                 key=lambda m: (m[1], m[2])),
            "disposals": {line.item_id for line, ho in s.execute(
                select(HandoverLine, Handover).join(Handover, Handover.id == HandoverLine.handover_id))
                if ho.kind == "disposal" and ho.approval in ("pending", "approved") and ho.ended_at is None
                and ho.status != "void"},
            "deadlines": list(s.scalars(select(Deadline))),
        }
        s.expunge_all()
    return db, w, rows


def _naive(rows, keep, filtered: bool = False) -> dict:
    """Every figure of the summary, counted row by row over the items ``keep`` accepts."""
    items = [i for i in rows["items"] if keep(i)]
    ids = {i.id for i in items}
    held = [i for i in items if i.state in reports.HELD]
    bands = Counter()
    for i in held:
        if i.received_at is None:
            bands["unknown"] += 1
            continue
        months = _months_since(i.received_at)
        bands[next(k for k, _l, low, high in reports.AGE_BANDS if months >= low and (high is None or months < high))] += 1
    last_milestone = {}
    for case_id, _on, _id, kind in rows["milestones"]:
        if kind in ("suspension", "resumption", "dismissal"):
            last_milestone[case_id] = kind
    # held by THADS a year or more without a judgment: an open review deadline due (TT 01/2017 Điều 13.2)
    reviewed = {d.item_id for d in rows["deadlines"] if d.kind == "pending_review" and d.closed_at is None
                and d.due_on <= TODAY}
    backlog = Counter()
    for i in items:
        if (i.state in PENDING_STATES and i.id in reviewed
                and last_milestone.get(i.case_id) != "suspension" and i.id not in rows["disposals"]):
            backlog[(rows["agencies"].get(i.responsible_agency_id, ""), rows["cases"][i.case_id].stage or "")] += 1
    flow = Counter()
    last = datetime.combine(TODAY, datetime.max.time())
    for item_id, kind, occurred in rows["events"]:
        if kind in ("receive", "dispose", "transfer_out") and item_id in ids:
            moment = _local(datetime.strptime(occurred, "%Y-%m-%dT%H:%M:%S.%fZ"))
            if datetime.combine(FIRST, datetime.min.time()) <= moment <= last:
                flow[(kind, moment.date().replace(day=1))] += 1
    overdue = [i for i in items if i.state == "out_temporary" and i.due_back_on and i.due_back_on < TODAY]
    deadlines = Counter()
    by_id = {i.id: i for i in items}
    for d in rows["deadlines"]:
        if not FIRST <= d.due_on <= TODAY:
            continue
        if d.item_id is not None and d.item_id not in by_id:
            continue  # an item the filter leaves out
        if d.item_id is None and filtered:
            continue  # a case-level deadline: only counted unfiltered (the filters are on the items)
        item = by_id.get(d.item_id)
        case_id = d.case_id or (item.case_id if item else None)
        agency = (item.responsible_agency_id if item else None) or (
            rows["cases"][case_id].handling_agency_id if case_id else None)
        if d.closed_at is None:
            outcome = "missed" if d.due_on < TODAY else "open"
        else:
            outcome = "kept" if _local(d.closed_at).date() <= d.due_on else "missed"
        deadlines[(rows["agencies"].get(agency, str(agency)), outcome)] += 1
    return {"age": +bands, "categories": Counter(i.category for i in held), "states": Counter(i.state for i in items),
            "backlog": backlog, "flow": +flow, "overdue": (len(overdue), sorted(i.code for i in overdue)),
            "deadlines": +deadlines}


def _figures(report) -> dict:
    deadlines = Counter()
    for r in report.deadlines:
        deadlines.update({(r.agency, "kept"): r.kept, (r.agency, "missed"): r.missed, (r.agency, "open"): r.open})
    flow = Counter()
    for r in report.flow:
        flow.update({("receive", r.month): r.intake, ("dispose", r.month): r.disposed,
                     ("transfer_out", r.month): r.transferred})
    return {"age": +Counter({r.key: r.count for r in report.age}),
            "categories": Counter({r.key: r.count for r in report.categories}),
            "states": Counter({r.key: r.count for r in report.states}),
            "backlog": Counter({(r.agency, r.stage): r.count for r in report.backlog}),
            "flow": +flow, "overdue": (report.overdue_total, sorted(r.code for r in report.overdue)),
            "deadlines": +deadlines}


def _summary(db, actor, **filters):
    with UnitOfWork(db, actor, write=False) as uow:
        return reports.build_report(uow, "summary", reports.ReportFilter(FIRST, TODAY, **filters), today=TODAY)


def test_every_figure_equals_a_row_by_row_count_with_each_filter(warehouse):
    db, w, rows = warehouse
    actor = w.actor(db, "thukho")
    held = [i for i in rows["items"] if i.state in reports.HELD]
    agency = Counter(i.responsible_agency_id for i in held).most_common(1)[0][0]
    category = Counter(i.category for i in held).most_common(2)[-1][0]
    warehouse_id = held[0].warehouse_id
    cases = [
        ({}, lambda i: True),
        ({"agency_id": agency}, lambda i: i.responsible_agency_id == agency),
        ({"category": category}, lambda i: i.category == category),
        ({"warehouse_id": warehouse_id}, lambda i: i.warehouse_id == warehouse_id),
        ({"agency_id": agency, "category": category},
         lambda i: i.responsible_agency_id == agency and i.category == category),
    ]
    for filters, keep in cases:
        got, expected = _figures(_summary(db, actor, **filters)), _naive(rows, keep, bool(filters))
        for key in expected:
            assert got[key] == expected[key], (filters, key)
    whole = _naive(rows, lambda i: True)
    assert sum(whole["age"].values()) == len(held) > 0 and whole["backlog"] and whole["flow"]
    assert len(whole["age"]) >= 3 and whole["overdue"][0] > 0  # the bands and the overdue list are exercised


def test_a_scoped_seat_counts_the_items_of_its_cases_only(warehouse):
    db, w, rows = warehouse
    actor = w.actor(db, "kiemsatvien")
    with UnitOfWork(db, actor, write=False) as uow:
        visible = set(uow.session.scalars(scope.case_ids(uow)))
    expected = _naive(rows, lambda i: i.case_id in visible)
    assert 0 < sum(expected["states"].values()) < len(rows["items"])  # a scope that narrows
    got = _figures(_summary(db, actor))
    for key in ("age", "categories", "states", "backlog", "flow", "overdue"):
        assert got[key] == expected[key], key


def test_the_monthly_buckets_follow_the_period_clipped_to_its_days(warehouse):
    """A period starting and ending mid-month: the first and last buckets count only the period's days."""
    db, w, rows = warehouse
    first, last = date(TODAY.year - 2, 3, 17), date(TODAY.year - 1, 2, 9)
    with UnitOfWork(db, w.actor(db, "thukho"), write=False) as uow:
        report = reports.build_report(uow, "flow", reports.ReportFilter(first, last), today=TODAY)
    expected = Counter()
    for _item, kind, occurred in rows["events"]:
        moment = _local(datetime.strptime(occurred, "%Y-%m-%dT%H:%M:%S.%fZ"))
        if kind in ("receive", "dispose", "transfer_out") and first <= moment.date() <= last:
            expected[(kind, moment.date().replace(day=1))] += 1
    got = Counter()
    for r in report.flow:
        got.update({("receive", r.month): r.intake, ("dispose", r.month): r.disposed,
                    ("transfer_out", r.month): r.transferred})
    assert +got == +expected and sum(expected.values()) > 0
    assert [r.month for r in report.flow] == [s.replace(day=1) for s, _e in periods.months(periods.Period(first, last))]
