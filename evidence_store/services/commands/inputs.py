"""The inputs commands share: a legal basis document, a participant, a case, an attached file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DocumentInput:
    """A legal basis document (lệnh / quyết định / bản án). An existing one is reused by id,
    or by (kind, number, issuing agency)."""

    kind: str
    number: str = ""
    issued_on: date | None = None
    issuing_agency_id: int | None = None
    signer_name: str = ""
    signer_title: str = ""
    summary: str = ""
    id: int | None = None


@dataclass(frozen=True)
class PersonInput:
    """A participant: an existing person by id, or a new one described here."""

    id: int | None = None
    full_name: str = ""
    rank: str = ""
    position: str = ""
    agency_id: int | None = None
    id_number: str = ""
    phone: str = ""
    address: str = ""
    letter_number: str = ""  # giấy giới thiệu of a person acting for an agency (ND 142/2024 Art 14); per act
    letter_on: date | None = None  # its date (required of the deliverer at intake: R19)
    gender: str = ""  # "male" | "female" | "": "Ông" / "Bà" on records (HANDS-ON 75)
    id_issued_on: date | None = None  # ngày cấp căn cước (HANDS-ON 47)
    id_issued_by: str = ""  # nơi cấp


@dataclass(frozen=True)
class CaseInput:
    number: str
    title: str = ""
    offence: str = ""
    handling_agency_id: int | None = None
    officer_id: int | None = None
    opened_on: date | None = None
    stage: str = "investigation"


@dataclass(frozen=True)
class FileInput:
    filename: str
    content: bytes
    mime: str = ""
