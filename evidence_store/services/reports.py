"""Statistics for the Reports screen, the periodic PDF / XLSX reports and ``report`` on the command line.

Every figure is one aggregate query (indexed range counts and GROUP BYs), never a Python loop over items:
at a million items each report must open in under 2 s (DESIGN §7, benchmarks ``report_*_ms``). The queries are
shaped for the indexes of migrations 0011 and 0016 so that SQLite answers them from narrow index entries alone:
counts over index ranges (the age bands: one range per held state and band), GROUP BYs on an index's leading
columns (no sort of a million entries), the item filters inside the index, never the wide item rows.
tests/integration/test_reports_ledger.py recomputes each figure from the custody events.

What the figures mean:
- intake / disposal per month: ``receive`` / ``dispose`` and ``transfer_out`` events that occurred in the
  month (local days); the ratio is (disposals + transfers out) ÷ intakes, and under 0.75 the warehouse fills
  up faster than it empties (ANCHORS.md, Tracker TP8);
- stock (age bands, categories, backlog): the items held now (in storage, out on temporary release,
  deposited, entrusted), aged from their receipt; the backlog ≥ 1 year counts what the home screen counts;
- deadlines: those falling due in the period, kept (closed on or before the due day), missed (closed late,
  or still open after it) or still open;
- the item filters (agency, category, warehouse) apply to the item's current responsible agency.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, case, func, literal, select, text, union_all

from ..describe import category_label, stage_label, state_label
from ..domain import periods
from ..domain.errors import ValidationError
from ..domain.permissions import can_read_everything, require
from ..domain.states import HELD_STATES
from ..db.models import MOVE_KINDS, MOVES_WHERE, Agency, Case, CustodyEvent, Deadline, Item, Location, Warehouse
from ..i18n import N_, _
from ..error_texts import register
from ..printing.report_records import (RATIO_WARNING, BacklogRow, CountRow, DeadlineRow, FlowRow,  # noqa: F401
                                       OccupancyRow, OverdueRow, Report, ReportFilter)
from .pending_review import backlog_conds
from ..domain.chronology import warehouse_zone
from .printing_data import local_now

I, Ca, Ag, E, D, Lo, Wh = (Item.__table__, Case.__table__, Agency.__table__, CustodyEvent.__table__,
                           Deadline.__table__, Location.__table__, Warehouse.__table__)
HELD = tuple(sorted(s.value for s in HELD_STATES))
OVERDUE_ROWS = 500

register("period_too_long", N_("Kỳ báo cáo dài quá {years} năm"))
register("unknown_report_kind", N_("Loại báo cáo không hợp lệ: {kind}"))
register("report_agency_required", N_("Báo cáo theo cơ quan cần chọn cơ quan"))

# bands of time since receipt: label, lower bound in months (inclusive), upper bound (exclusive)
AGE_BANDS = (
    ("lt3m", N_("Dưới 3 tháng"), 0, 3),
    ("3to6m", N_("3 – 6 tháng"), 3, 6),
    ("6to12m", N_("6 – 12 tháng"), 6, 12),
    ("1to2y", N_("1 – 2 năm"), 12, 24),
    ("2to3y", N_("2 – 3 năm"), 24, 36),
    ("ge3y", N_("Từ 3 năm trở lên"), 36, None),
)

SECTIONS = ("flow", "age", "backlog", "categories", "states", "occupancy", "deadlines", "overdue")
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {  # kind → (title msgid, sections)
    "summary": (N_("Báo cáo tổng hợp (Ban Chỉ đạo thành phố)"), SECTIONS),
    "agency": (N_("Báo cáo theo cơ quan"), SECTIONS),
    "flow": (N_("Nhập – xử lý theo tháng"), ("flow",)),
    "age": (N_("Tồn kho theo thời gian lưu"), ("age",)),
    "backlog": (N_("Tồn đọng từ 1 năm trở lên"), ("backlog",)),
    "stock": (N_("Tồn kho theo loại và vị trí"), ("categories", "states", "occupancy")),
    "deadlines": (N_("Thời hạn đúng / trễ hạn"), ("deadlines",)),
    "overdue": (N_("Tạm xuất quá hạn"), ("overdue",)),
}


@dataclass(frozen=True)
class ReportScope:
    """Whose figures a reader may see. ``agency_ids`` None: every agency; ``officer_person_id``: one officer's
    current cases; ``cases``: the seat's scope as a condition on ``cases`` (services.scope.case_condition) — the
    cases an officer, a procurator, a judge or an enforcer is or was responsible for, the cases an agency's
    leader and clerks' agency handles now or handled before (issue 13, DESIGN §1); ``text`` says it in words."""

    agency_ids: frozenset[int] | None = None
    officer_person_id: int | None = None
    cases: object | None = None
    text: str = ""


def scope_for(uow) -> ReportScope:
    """Readers of everything see every agency; every other seat sees the figures of the cases in its scope (the
    same rule as the lists and the search), on the screen, in the PDF and in the XLSX alike."""
    from . import scope as seat_scope
    actor = uow.actor
    if can_read_everything(actor.roles):
        return ReportScope()
    cond = seat_scope.case_condition(uow)
    agency = uow.session.get(Agency, actor.agency_id) if actor.agency_id else None
    who = (agency.short_name or agency.name) if agency is not None else actor.username
    return ReportScope(cases=cond, text=_("Chỉ tính các vụ án thuộc phạm vi của tài khoản {user} ({who})",
                                          user=actor.username, who=who))


def build_report(uow, kind: str, flt: ReportFilter, *, today: date | None = None,
                 scope: ReportScope | None = None, occupancy_rows: int | None = None) -> Report:
    """The figures of one report kind (``KINDS``) for the filter, as plain data. ``occupancy_rows``: only the
    fullest locations (the Reports screen draws 15; the files list them all: 14,412 at a million items)."""
    require(uow.actor, "view_reports")
    if kind not in KINDS:
        raise ValidationError("unknown_report_kind", field="kind", kind=kind)
    if kind == "agency" and not flt.agency_id:
        raise ValidationError("report_agency_required", field="agency")
    period = periods.checked(flt.date_from, flt.date_to)
    scope = scope or scope_for(uow)
    today = today or local_now().date()
    title, sections = KINDS[kind]
    q = _Query(uow, flt, scope, today)
    words = "; ".join(p for p in (filters_text(uow, flt), scope.text[:1].lower() + scope.text[1:]) if p)
    report = Report(kind, _(title), flt, local_now(), today, words, sections, extra={"scope": scope.text})
    parts: dict = {}
    if "flow" in sections:
        parts["flow"] = q.flow(period)
    if "age" in sections:
        parts["age"] = q.age()
    if "backlog" in sections:
        parts["backlog"] = q.backlog()
    if "categories" in sections:
        parts["categories"] = q.by_column(I.c.category, HELD, category_label)
    if "states" in sections:
        parts["states"] = q.by_column(I.c.state, None, state_label)
    if "occupancy" in sections:
        parts["occupancy"] = q.occupancy(occupancy_rows)
    if "deadlines" in sections:
        parts["deadlines"] = q.deadlines(period)
    if "overdue" in sections:
        parts["overdue"], parts["overdue_total"] = q.overdue()
    if "age" in sections or "categories" in sections:
        rows = parts.get("age") or parts.get("categories")
        parts["held_total"] = sum(r.count for r in rows)
    return replace(report, **parts)


def filters_text(uow, flt: ReportFilter) -> str:
    """The filters in words, for the title row of the XLSX and the PDF's heading."""
    s = uow.session
    parts = [_("Từ ngày {start} đến ngày {end}", start=flt.date_from.strftime("%d/%m/%Y"),
               end=flt.date_to.strftime("%d/%m/%Y"))]
    if flt.warehouse_id:
        wh = s.get(Warehouse, flt.warehouse_id)
        parts.append(_("Kho: {name}", name=wh.name if wh else flt.warehouse_id))
    if flt.agency_id:
        ag = s.get(Agency, flt.agency_id)
        parts.append(_("Cơ quan thụ lý: {name}", name=(ag.short_name or ag.name) if ag else flt.agency_id))
    if flt.category:
        parts.append(_("Loại: {name}", name=category_label(flt.category)))
    return "; ".join(parts)


def _utc(day: date) -> datetime:
    """Local midnight starting ``day`` as a naive UTC datetime (how the items table stores times)."""
    return datetime.combine(day, time.min, tzinfo=warehouse_zone()).astimezone(UTC).replace(tzinfo=None)


def _iso(day: date) -> str:
    return _utc(day).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Query:
    def __init__(self, uow, flt: ReportFilter, scope: ReportScope, today: date) -> None:
        self.uow, self.s, self.flt, self.scope, self.today = uow, uow.session, flt, scope, today

    # -- the item conditions every section shares ------------------------------------------------
    def item_conds(self) -> list:
        f, sc, conds = self.flt, self.scope, []
        if f.warehouse_id:
            conds.append(I.c.warehouse_id == f.warehouse_id)
        if f.agency_id:
            conds.append(I.c.responsible_agency_id == f.agency_id)
        if f.category:
            conds.append(I.c.category == f.category)
        if sc.agency_ids is not None:
            conds.append(I.c.responsible_agency_id.in_(sorted(sc.agency_ids)))
        if sc.officer_person_id is not None:
            conds.append(I.c.case_id.in_(select(Ca.c.id).where(Ca.c.officer_id == sc.officer_person_id)))
        if sc.cases is not None:
            conds.append(I.c.case_id.in_(select(Ca.c.id).where(sc.cases).correlate(None)))
        return conds

    def scoped(self) -> bool:
        sc = self.scope
        return sc.agency_ids is not None or sc.officer_person_id is not None or sc.cases is not None

    def agency_names(self) -> dict[int | None, str]:
        if getattr(self, "_names", None) is None:
            self._names = {r.id: r.short_name or r.name
                           for r in self.s.execute(select(Ag.c.id, Ag.c.short_name, Ag.c.name))}
            self._names[None] = _("Chưa xác định")
        return self._names

    # -- sections ---------------------------------------------------------------------------------
    def flow(self, period: periods.Period) -> tuple[FlowRow, ...]:
        """Counts per kind and month (local months) from the movements index (partial: each query repeats its
        predicate, MOVES_WHERE). Unfiltered: one range count per kind and month (no per-row CASE, no sort).
        Filtered: one pass over the period's movements, each item id checked against the filtered items' ids,
        listed once from a covering index (a join would read each item's wide row)."""
        buckets = periods.months(period)  # clipped to the period
        conds = self.item_conds()
        if not conds:
            parts = [select(literal(kind).label("kind"), literal(n).label("b"), func.count().label("n"))
                     .where(text(MOVES_WHERE), E.c.kind == kind, E.c.occurred_at >= _iso(start),
                            E.c.occurred_at < _iso(end))
                     for n, (start, end) in enumerate(buckets) for kind in MOVE_KINDS]
            stmt = union_all(*parts)
        else:
            bucket = case(*[(E.c.occurred_at < _iso(end), n) for n, (_start, end) in enumerate(buckets)], else_=-1)
            stmt = (select(E.c.kind, bucket.label("b"), func.count().label("n"))
                    .where(text(MOVES_WHERE), E.c.occurred_at >= _iso(period.first),
                           E.c.occurred_at < _iso(period.last + timedelta(days=1)),
                           E.c.item_id.in_(select(I.c.id).where(*conds)))
                    .group_by(E.c.kind, bucket))
        counts = {(r.kind, r.b): r.n for r in self.s.execute(stmt)}
        return tuple(FlowRow(start.replace(day=1), counts.get(("receive", n), 0), counts.get(("dispose", n), 0),
                             counts.get(("transfer_out", n), 0)) for n, (start, _end) in enumerate(buckets))

    def age(self) -> tuple[CountRow, ...]:
        """Held items by time since receipt: one count per band over the range of received_at it covers (band
        (low, high]: received on or after today − high months, before today − low months), an index range scan
        each; no per-row CASE and no sort."""
        conds = [I.c.state.in_(HELD), *self.item_conds()]
        parts = [select(literal("unknown").label("band"), func.count().label("n"))
                 .where(I.c.received_at.is_(None), *conds)]
        for key, _label, low, high in AGE_BANDS:
            rng = []
            if high is not None:
                rng.append(I.c.received_at >= _months_ago(self.today, high))
            rng.append(I.c.received_at < _months_ago(self.today, low) if low else I.c.received_at.is_not(None))
            parts.append(select(literal(key).label("band"), func.count().label("n")).where(*rng, *conds))
        counts = {r.band: r.n for r in self.s.execute(union_all(*parts))}
        rows = [CountRow(key, _(label), counts.get(key, 0)) for key, label, _low, _high in AGE_BANDS]
        if counts.get("unknown"):
            rows.append(CountRow("unknown", _("Không rõ ngày nhập"), counts["unknown"]))
        return tuple(rows)

    def backlog(self) -> tuple[BacklogRow, ...]:
        """Held by THADS ≥ 1 year without a judgment (TT 01/2017 Điều 13.2: from THADS's receipt), by the responsible
        agency and the case's stage; not the items held under a live decision (suspended case, disposal under way),
        as on the home screen (services.pending_review)."""
        stmt = (select(I.c.responsible_agency_id.label("agency"), Ca.c.stage, func.count().label("n"))
                .select_from(I.join(Ca, Ca.c.id == I.c.case_id).join(D, D.c.item_id == I.c.id))
                .where(*backlog_conds(self.today), *self.item_conds())
                .group_by(I.c.responsible_agency_id, Ca.c.stage))
        names = self.agency_names()
        rows = [BacklogRow(names.get(r.agency, str(r.agency)), r.stage or "", stage_label(r.stage or ""), int(r.n))
                for r in self.s.execute(stmt)]
        return tuple(sorted(rows, key=lambda r: (-r.count, r.agency, r.stage)))

    def by_column(self, column, states, label) -> tuple[CountRow, ...]:
        """Counts per value of ``column`` (of the items in ``states``). Grouped by the state first: GROUP BY
        (state, column) follows the order of ix_items_state / ix_items_state_category, one pass with no sort;
        the few rows per state are added up here."""
        keys = (column,) if column is I.c.state else (I.c.state, column)
        stmt = select(column.label("k"), func.count().label("n")).where(*self.item_conds()).group_by(*keys)
        if states is not None:
            stmt = stmt.where(I.c.state.in_(states))
        counts: dict = {}
        for r in self.s.execute(stmt):
            counts[r.k] = counts.get(r.k, 0) + r.n
        rows = [CountRow(k, label(k), n) for k, n in counts.items()]
        return tuple(sorted(rows, key=lambda r: (-r.count, r.label)))

    def occupancy(self, limit: int | None = None) -> tuple[OccupancyRow, ...]:
        """Locations with a capacity, fullest first (the items in storage there, kept by the services). The fill
        counts every agency's items: a seat that sees only its own cases does not get it. ``limit``: the first
        ones only, chosen by the database (the screen's chart keeps 15 of 14,412 rows in memory, issue #19)."""
        if self.scoped():
            return ()
        stmt = select(Lo.c.code, Lo.c.name, Lo.c.capacity, Lo.c.occupancy).where(
            Lo.c.active.is_(True), Lo.c.capacity.is_not(None), Lo.c.capacity > 0)
        if self.flt.warehouse_id:
            stmt = stmt.where(Lo.c.warehouse_id == self.flt.warehouse_id)
        if limit is not None:  # the same order as the sort below: share descending, then code
            share = func.coalesce(Lo.c.occupancy, 0) * literal(1.0) / Lo.c.capacity
            stmt = stmt.order_by(share.desc(), Lo.c.code).limit(limit)
        rows = [OccupancyRow(r.code, r.name, r.capacity, r.occupancy or 0) for r in self.s.execute(stmt)]
        return tuple(sorted(rows, key=lambda r: (-r.share, r.code)))

    def deadlines(self, period: periods.Period, kinds: tuple[str, ...] | None = None) -> tuple[DeadlineRow, ...]:
        """Deadlines due in the period, by agency: kept, missed (closed late or open past due), open."""
        # the warehouse's date of the closing: its zone's offset now (Asia/Ho_Chi_Minh: UTC+7, no DST)
        minutes = int(datetime.now(UTC).astimezone(warehouse_zone()).utcoffset().total_seconds() // 60)
        closed_day = (func.date(D.c.closed_at, f"{minutes:+d} minutes") if self.uow.db.is_sqlite
                      else func.date(D.c.closed_at + text(f"interval '{minutes} minutes'")))
        outcome = case((D.c.closed_at.is_(None), case((D.c.due_on < self.today, "missed"), else_="open")),
                       (closed_day <= D.c.due_on, "kept"), else_="missed")
        agency = func.coalesce(I.c.responsible_agency_id, Ca.c.handling_agency_id)
        stmt = (select(agency.label("agency"), outcome.label("o"), func.count().label("n"))
                .select_from(D.outerjoin(I, I.c.id == D.c.item_id)
                             .outerjoin(Ca, Ca.c.id == func.coalesce(D.c.case_id, I.c.case_id)))
                .where(D.c.due_on >= period.first, D.c.due_on <= period.last).group_by(agency, outcome))
        conds = self.item_conds()
        if conds:
            stmt = stmt.where(and_(*conds))
        if kinds:
            stmt = stmt.where(D.c.kind.in_(kinds))
        names, table = self.agency_names(), {}
        for r in self.s.execute(stmt):
            row = table.setdefault(r.agency, {"kept": 0, "missed": 0, "open": 0})
            row[r.o] += r.n
        rows = [DeadlineRow(names.get(a, str(a)), v["kept"], v["missed"], v["open"]) for a, v in table.items()]
        return tuple(sorted(rows, key=lambda r: (-(r.missed + r.kept + r.open), r.agency)))

    def overdue(self) -> tuple[tuple[OverdueRow, ...], int]:
        """Items out on temporary release past their due day (ND 142/2024 Art 14), longest overdue first."""
        conds = [I.c.state == "out_temporary", I.c.due_back_on < self.today, *self.item_conds()]
        total = self.s.scalar(select(func.count()).select_from(I).where(*conds)) or 0
        stmt = (select(I.c.code, I.c.name, I.c.holder, I.c.due_back_on, I.c.responsible_agency_id,
                       Ca.c.number.label("case_number"))
                .select_from(I.join(Ca, Ca.c.id == I.c.case_id)).where(*conds)
                .order_by(I.c.due_back_on, I.c.id).limit(OVERDUE_ROWS))
        names = self.agency_names()
        rows = tuple(OverdueRow(r.code, r.name, r.case_number, r.holder or "", names.get(r.responsible_agency_id, ""),
                                r.due_back_on, (self.today - r.due_back_on).days) for r in self.s.execute(stmt))
        return rows, total


def _months_ago(today: date, months: int) -> datetime:
    """Local midnight of the same day ``months`` months before ``today`` (clipped to the month's end)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = index // 12, index % 12 + 1
    day = today.day
    while True:
        try:
            return _utc(date(year, month, day))
        except ValueError:
            day -= 1
