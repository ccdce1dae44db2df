"""Plain data the read side returns. The UI never sees ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ItemRow:
    id: int
    code: str
    name: str
    category: str
    quantity: float
    unit: str
    state: str
    case_number: str
    location_code: str
    sealed: bool
    seal_number: str
    received_at: datetime | None
    responsible_agency: str = ""
    location_name: str = ""  # "Ô A2-3-01": what clerks call the place (HANDS-ON 31)


@dataclass(frozen=True)
class EventView:
    seq: int
    kind: str
    occurred_at: datetime
    recorded_at: datetime
    username: str
    workstation: str
    document: str  # "kind|number" of the basis document, "" when none
    document_kind: str
    document_number: str
    handover_number: str
    corrects_seq: int | None
    corrected_by: tuple[int, ...]
    data: dict
    hash: str
    item_code: str = ""


@dataclass(frozen=True)
class AttachmentView:
    id: int
    filename: str
    mime: str
    sha256: str
    kind: str
    size: int


@dataclass(frozen=True)
class DeadlineView:
    id: int
    kind: str
    due_on: date
    start_on: date
    item_code: str
    item_name: str
    case_number: str
    responsible: str
    urgency: str
    closed: bool = False
    basis: str = ""  # a case's deadline (no item): the number of the document that opened it (the QĐ THA)


@dataclass(frozen=True)
class ItemDetail:
    id: int
    code: str
    name: str
    category: str
    quantity: float
    unit: str
    characteristics: str
    condition: str
    sealed: bool
    seal_number: str
    owner_name: str
    owner_id_number: str
    attributes: dict
    state: str
    location_id: int | None
    location_code: str
    location_name: str
    holder: str
    responsible_agency_id: int | None
    responsible_agency: str
    due_back_on: date | None
    received_at: datetime | None
    case_id: int
    case_number: str
    case_offence: str
    case_stage: str
    warehouse_name: str
    events: tuple[EventView, ...] = ()
    photos: tuple[AttachmentView, ...] = ()
    deadlines: tuple[DeadlineView, ...] = ()
    ledger_head_seq: int = 0
    ledger_head_hash: str = ""
    case_title: str = ""  # "Tên vụ án" (HANDS-ON 14)
    awaiting_disposal: str = ""  # the approved disposal (its record's number) not carried out yet: "chờ thực hiện"
    awaiting_release: str = ""  # the prepared release (its record's number) waiting for approval: "chờ duyệt xuất"
    disposal_proposed: str = ""  # the disposal proposal (its record's number) waiting for approval: "chờ phê duyệt"
    case_read_only: bool = False  # the reader's agency handled the case before, not now: he only reads (issue 13)


@dataclass(frozen=True)
class CaseRow:
    id: int
    number: str
    title: str
    offence: str
    stage: str
    handling_agency: str
    officer: str
    item_count: int
    opened_on: date | None


@dataclass(frozen=True, slots=True)  # slots: the tree holds every location (~14,000 at a million items)
class LocationNode:
    id: int
    code: str
    name: str
    kind: str
    capacity: int | None
    occupancy: int
    parent_id: int | None
    children: list["LocationNode"] = field(default_factory=list)


@dataclass(frozen=True)
class AgencyRow:
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    address: str = ""  # trụ sở: where a deposit with it is handed over (services.custody.keeper_place)


@dataclass(frozen=True)
class PersonRow:
    id: int
    full_name: str
    rank: str
    position: str
    agency_id: int | None
    id_number: str
    phone: str = ""


@dataclass(frozen=True)
class HandoverRow:
    id: int
    number: str
    kind: str
    started_at: datetime
    ended_at: datetime | None
    status: str  # domain.records.RecordStatus: draft | open | complete | void
    case_number: str
    item_count: int
    giver: str
    receiver: str
    approval: str = ""  # domain.records.Approval (disposals): "" | pending | approved | rejected | withdrawn
    slip: str = ""  # the stock slip the record carries (services.slip_rule): "in" | "out" | ""
