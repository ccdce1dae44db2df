"""The figures of a statistics report as plain data (services.reports fills them; the Reports screen, the
PDF and the XLSX show them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

RATIO_WARNING = 0.75  # disposal:intake under 0.75:1 is unsustainable (ANCHORS.md: Tracker TP8)


@dataclass(frozen=True)
class ReportFilter:
    date_from: date
    date_to: date
    warehouse_id: int | None = None
    agency_id: int | None = None  # the items' responsible agency
    category: str | None = None


@dataclass(frozen=True)
class FlowRow:
    month: date
    intake: int
    disposed: int
    transferred: int

    @property
    def out(self) -> int:
        return self.disposed + self.transferred

    @property
    def ratio(self) -> float | None:
        return self.out / self.intake if self.intake else None


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class BacklogRow:
    agency: str
    stage: str
    stage_label: str
    count: int


@dataclass(frozen=True)
class OccupancyRow:
    code: str
    name: str
    capacity: int
    occupancy: int

    @property
    def share(self) -> float:
        return self.occupancy / self.capacity if self.capacity else 0.0


@dataclass(frozen=True)
class DeadlineRow:
    agency: str
    kept: int
    missed: int
    open: int


@dataclass(frozen=True)
class OverdueRow:
    code: str
    name: str
    case_number: str
    holder: str
    agency: str
    due_on: date
    days_overdue: int


@dataclass(frozen=True)
class Report:
    kind: str
    title: str
    filter: ReportFilter
    generated_at: datetime  # local wall time
    today: date
    filters_text: str
    sections: tuple[str, ...]
    flow: tuple[FlowRow, ...] = ()
    age: tuple[CountRow, ...] = ()
    backlog: tuple[BacklogRow, ...] = ()
    categories: tuple[CountRow, ...] = ()
    states: tuple[CountRow, ...] = ()
    occupancy: tuple[OccupancyRow, ...] = ()
    deadlines: tuple[DeadlineRow, ...] = ()
    overdue: tuple[OverdueRow, ...] = ()
    overdue_total: int = 0
    held_total: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def intake_total(self) -> int:
        return sum(r.intake for r in self.flow)

    @property
    def out_total(self) -> int:
        return sum(r.out for r in self.flow)

    @property
    def ratio(self) -> float | None:
        return self.out_total / self.intake_total if self.intake_total else None

    @property
    def ratio_warning(self) -> bool:
        return self.ratio is not None and self.ratio < RATIO_WARNING


