"""Plain data of handover records (biên bản giao nhận and the other records of a move), their signatures,
and the disposal council's carry-out form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class DocumentRef:
    kind: str
    number: str
    issued_on: date
    issuer: str = ""
    signer_name: str = ""
    signer_title: str = ""


@dataclass(frozen=True)
class PartyView:
    role: str  # giver | receiver | witness | approver
    full_name: str
    rank: str = ""
    position: str = ""
    agency: str = ""
    id_number: str = ""


@dataclass(frozen=True)
class HandoverLineView:
    line_no: int
    item_code: str
    item_name: str
    unit: str
    quantity: float
    condition: str
    sealed: bool
    seal_number: str
    seal_state: str  # intact | broken | resealed | unsealed | none | register ("" when not recorded)
    characteristics: str = ""


@dataclass(frozen=True)
class SignatureView:
    id: int
    role: str
    person_name: str
    status: str  # pending | signed_screen | signed_paper | refused | fingerprint
    signed_at: datetime | None
    refusal_reason: str = ""
    refusal_witness: str = ""
    attachment_sha256: str = ""
    witness_for: int | None = None  # a witness's slot: the slot whose refusal / fingerprint it attests
    letter_number: str = ""  # giấy giới thiệu (ND 142/2024 Art 14)
    person_id: int | None = None  # who signs here: an agency user signs only his own slots (issue 13)


@dataclass(frozen=True)
class HandoverDetail:
    id: int
    number: str
    kind: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    place: str
    case_number: str
    case_offence: str
    giver_agency: str
    receiver_agency: str
    basis_documents: tuple[DocumentRef, ...]
    participants: tuple[PartyView, ...]
    lines: tuple[HandoverLineView, ...]
    signatures: tuple[SignatureView, ...]
    details: dict
    notes: str
    copies: int
    created_by: str
    ledger_seq: int | None
    ledger_hash: str | None
    acceptance: str = "none"  # two-sided acts (issue 13): none | pending | accepted | refused | paper
    accepted_by: str = ""  # the username
    accepted_by_name: str = ""  # the person's full name, for the screens
    accepted_at: datetime | None = None
    acceptance_note: str = ""
    case_id: int | None = None
    receiver_agency_id: int | None = None
    approval: str = ""  # domain.records.Approval (disposals); status is the record's RecordStatus
    answering_agency_id: int | None = None  # who accepts or refuses (the giver's agency for a return)


@dataclass(frozen=True)
class CouncilSlot:
    slot_id: int  # the signature slot (CarryOutDisposal.absent_members names these)
    role: str  # chair | finance | member | supervisor (services.disposal_council.council_slots)
    name: str
    position: str = ""
    required: bool = False  # chair, finance, supervisor: cannot be absent (Luật THADS Điều 125)


@dataclass(frozen=True)
class CarryOutForm:
    """What the carry-out dialog shows of an approved disposal waiting for its act."""
    number: str
    outcome: str
    case_number: str
    items: tuple[tuple[str, str], ...]  # (code, name)
    place: str  # the place proposed (the dialog asks where it really happened)
    approved_at: datetime | None
    approved_by: str
    council: tuple[CouncilSlot, ...] = ()
    needs_receiver: bool = False  # a person receives for the agency / the buyer, not named yet
    keeper_named: bool = False
    seals: tuple[tuple[str, str, str], ...] = ()  # (code, name, seal number) of each sealed item, checked at the act
