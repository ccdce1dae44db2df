"""Commands of intake and storage: receiving items, moving and sealing them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .inputs import CaseInput, DocumentInput, FileInput, PersonInput


@dataclass(frozen=True)
class NewItem:
    category: str
    name: str
    quantity: float
    unit: str
    characteristics: str = ""
    condition: str = ""
    sealed: bool = False
    seal_number: str = ""
    # at a receipt, the seal as the clerk found it: "intact" (nguyên vẹn, đúng số) | "broken" (rách, mất) — required
    # for a sealed item, never assumed (ND 127/2017; ND 142/2024 Điều 11, 14; issue #12); not asked at an announcement
    seal_state: str = ""
    owner_name: str = ""
    owner_id_number: str = ""
    attributes: dict = field(default_factory=dict)
    location_code: str = ""  # where it is shelved; empty: stays unplaced in the warehouse's receiving area
    photos: tuple[FileInput, ...] = ()


@dataclass(frozen=True)
class ReceiveItems:
    """Nhập kho against an intake order (ND 142/2024 Art 14)."""

    order: DocumentInput
    items: tuple[NewItem, ...]
    giver: PersonInput
    case_id: int | None = None
    new_case: CaseInput | None = None
    # the initial seizure record (biên bản thu giữ ban đầu): kind "seizure_record", number, date, the agency that
    # made it (required: ND 142/2024 Điều 14)
    seizure_record: DocumentInput | None = None
    receiver_person_id: int | None = None  # defaults to the acting clerk's person
    witnesses: tuple[PersonInput, ...] = ()
    place: str = ""
    started_at: datetime | None = None
    notes: str = ""
    warehouse_id: int | None = None  # defaults to the first warehouse
    # the clerk confirms that the papers received are evidence, not documents of the case file (ND 142/2024 Điều 15):
    # required when an item is of category "papers"
    papers_not_case_file: bool = False


@dataclass(frozen=True)
class MoveItems:
    codes: tuple[str, ...]
    location_code: str
    allow_over_capacity: bool = False


@dataclass(frozen=True)
class SealItems:
    """Seal, unseal or reseal (ND 127/2017: every unsealing and resealing is an event with participants)."""

    codes: tuple[str, ...]
    action: str  # seal | unseal | reseal
    seal_number: str = ""
    participants: tuple[str, ...] = ()  # other participants, one "name, position" each
    reason: str = ""
    document: DocumentInput | None = None  # the request of the procedural body (ND 127/2017): required
    organiser: PersonInput | None = None  # the procedural officer organising it (never the storekeeper alone)
    witness: PersonInput | None = None  # a witness or the commune's representative
    place: str = ""
    occurred_at: datetime | None = None
    ended_at: datetime | None = None  # the real end, when known (else entered when the record is completed)
