"""Plain data the renderers print. Built by the services from the database; no ORM objects here.

Rules for whoever fills them: dates and times as ``date``/``datetime`` (local wall time), quantities
and money as numbers (``int``/``Decimal``), item codes compact (``VC26000123K``), hashes as hex.
Free text (names, descriptions, numbers of documents) is printed as given, after NFC normalisation.
Codes (``kind``, ``gender``, ``seal_state``, ``role``) are mapped to words by the printing package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

Number = int | float | Decimal


@dataclass(frozen=True)
class Person:
    full_name: str
    gender: str | None = None  # "male" | "female" | None → "Ông" / "Bà" / nothing
    rank: str = ""  # "Đại úy"
    position: str = ""  # "Điều tra viên"
    agency: str = ""  # "Phòng Cảnh sát hình sự"
    id_number: str = ""  # căn cước, 12 digits
    letter_number: str = ""  # giấy giới thiệu of a person acting for an agency (ND 142/2024 Art 14)
    id_issued_on: date | None = None  # ngày cấp căn cước (HANDS-ON 47)
    id_issued_by: str = ""  # nơi cấp
    letter_on: date | None = None  # the giấy giới thiệu's date (ND 142/2024 Art 14; intake, issue #12)


@dataclass(frozen=True)
class Party:
    """A person taking part in a record, in a role that matches a template signature column.

    role: "giver" | "receiver" | "witness" | "head" | "chair" | "member" | "supervisor" | any custom key.
    refusal_reason set → the person refused to sign (BLTTHS Điều 133 khoản 3)."""

    role: str
    person: Person
    refusal_reason: str | None = None
    refusal_witness: str = ""  # name of the witness who signs for the refusal (or the fingerprint)
    fingerprint: bool = False  # cannot read: read aloud before the witness, điểm chỉ (BLTTHS Điều 133.2)
    signed_on_screen: datetime | None = None  # signed on the pad: the paper shows it (HANDS-ON 57)
    signature_png: bytes = b""  # the captured signature, printed in the column when it is a readable image


@dataclass(frozen=True)
class BasisDocument:
    """A legal basis (lệnh / quyết định / bản án). kind: a ``domain.states.Doc`` value or free text."""

    kind: str
    number: str  # "12/LNK-PC02"
    issued_on: date
    issuer: str = ""  # "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội"


@dataclass(frozen=True)
class CaseRef:
    number: str  # "45/2026"
    offence: str = ""  # "Trộm cắp tài sản"
    article: str = ""  # "Điều 173 Bộ luật Hình sự"
    kind: str = "case"  # "case" (vụ án) | "matter" (vụ việc)


@dataclass(frozen=True)
class ItemLine:
    """One item as it stands at the moment of the record (condition and seal at that moment)."""

    code: str  # compact, "VC26000123K"
    name: str
    unit: str  # ĐVT: "chiếc", "gam"
    quantity: Number
    characteristics: str = ""  # đặc điểm
    condition: str = ""  # tình trạng
    seal_number: str = ""
    seal_state: str = "none"  # "intact" | "broken" | "resealed" | "unsealed" | "none" | "register" (blocks.SEAL_STATES)
    note: str = ""
    location: str = ""  # "Kệ A1-03"
    documented_quantity: Number | None = None  # "theo chứng từ" on slips; None → same as quantity
    # identifying numbers recorded for the category (IMEI, plate, weights…) not already in the characteristics:
    # (attribute key, label, value as stored); printed after the characteristics, numbers in Vietnamese format
    identifiers: tuple[tuple[str, str, str], ...] = ()


# Fields added after records were first printed with a QR check code (the release of 2026-12-04): the record's
# canonical content (services.printing_data.record_hash) leaves them out while they hold nothing, so a paper
# printed before they existed still matches at the QR paper check. A new field of a record class goes here.
ADDED_SINCE_FIRST_PRINT = {
    "Person": ("id_issued_on", "id_issued_by", "letter_on"),
    "HandoverRecord": ("template",),
    "StockSlip": ("due_on",),
    "DestructionRecord": ("approved_on", "absent", "facts"),
    "ItemLine": ("identifiers",),  # hashed as they were printed before: merged into the characteristics
}
# the release of 2026-12-05 (e3bc3e1) hashed these even empty: its papers are matched by that variant too
HASHED_EMPTY_ONCE = frozenset({"id_issued_on", "id_issued_by", "template", "due_on"})
# how a record is laid out, derived from what it states (the kind, the receiving agency): never part of its content
PRESENTATION_ONLY = frozenset({"template"})


@dataclass(frozen=True)
class LedgerStamp:
    """Ties the paper to the custody ledger (DESIGN §4): printed in the footer and its QR code."""

    record_hash: str  # hex hash identifying this record's content
    head_seq: int  # sequence of the chain head when printed
    head_hash: str  # hex hash of that event


@dataclass(frozen=True)
class HandoverRecord:
    """Biên bản giao nhận. kind: "intake" | "release" | "return" | "transfer" | "deposit" | "disposal"."""

    kind: str
    number: str  # "123/BB-GN"
    started_at: datetime
    ended_at: datetime | None  # None until the act's real end is recorded: printed blank (Điều 133.1)
    place: str  # "Kho vật chứng Công an thành phố Hà Nội"
    parties: tuple[Party, ...]
    items: tuple[ItemLine, ...]
    basis_documents: tuple[BasisDocument, ...] = ()
    case: CaseRef | None = None
    seal_summary: str = ""  # "nguyên vẹn, chữ ký trên giấy niêm phong đầy đủ…"; empty → derived from items
    remarks: str = ""  # ý kiến, khiếu nại của người tham gia (BLTTHS Điều 133)
    stamp: LedgerStamp | None = None
    status: str = "complete"  # domain.records.RecordStatus; anything else prints with its mark
    void_statement: str = ""  # VOID: why the act did not happen (the refusal), printed instead of the closing
    legal_bases: tuple[str, ...] = ()  # chosen by the date and kind of the act; empty → the template's
    facts: tuple[str, ...] = ()  # what the data holds and the law asks (purpose, due date, price, account…)
    issuing_parent: str = ""  # another agency makes the record (a VKS → TA transfer): its header, not the warehouse's
    issuing_agency: str = ""
    template: str = ""  # a template other than "handover.<kind>" (a transfer to THADS: TT 04/2023 distribution)


@dataclass(frozen=True)
class SealPaper:
    """Giấy niêm phong (ND 127/2017 Điều 3.3) of a sealing (or resealing) record: one paper per sealed package."""

    record_number: str  # the biên bản niêm phong it goes with
    seal_number: str
    sealed_at: datetime
    place: str
    organiser_agency: str  # the agency that organised the sealing: it heads the paper and stamps it
    organiser_parent: str
    parties: tuple[Party, ...]  # organiser, witness, participants, storekeeper
    items: tuple[ItemLine, ...]
    request: BasisDocument | None = None  # the procedural body's request
    case: CaseRef | None = None
    stamp: LedgerStamp | None = None


@dataclass(frozen=True)
class StockSlip:
    """Phiếu nhập kho (direction "in") / Phiếu xuất kho (direction "out"), ND 142/2024 Art 14."""

    direction: str
    number: str
    issued_at: datetime
    warehouse: str
    counterpart: Person  # người giao (in) / người nhận (out)
    items: tuple[ItemLine, ...]
    parties: tuple[Party, ...] = ()  # signatures: "counterpart", "keeper", "head"…
    basis_documents: tuple[BasisDocument, ...] = ()
    case: CaseRef | None = None
    handover_number: str = ""  # the biên bản giao nhận it follows / precedes
    purpose: str = ""  # release purpose: "giám định", "xét xử"…
    stamp: LedgerStamp | None = None
    status: str = "complete"  # the status of the record it follows; anything else prints with its mark
    due_on: date | None = None  # a temporary release: the day the items must be back (ND 142/2024 Art 14)


@dataclass(frozen=True)
class StockCardEntry:
    occurred_at: datetime
    document_number: str  # phiếu / biên bản number
    description: str  # "Nhập kho theo Lệnh 12/LNK-PC02"
    quantity_in: Number = 0
    quantity_out: Number = 0
    actor: str = ""
    note: str = ""
    recorded_at: datetime | None = None  # when it was entered in the ledger (printed when another day)


@dataclass(frozen=True)
class StockCard:
    """Thẻ kho of one item (ND 142/2024 Art 14); entries are printed in ledger order (the order they were entered, the legal order of the register) with a running balance."""

    number: str
    opened_on: date
    warehouse: str
    item: ItemLine
    entries: tuple[StockCardEntry, ...]
    case: CaseRef | None = None
    opening_balance: Number = 0
    parties: tuple[Party, ...] = ()
    stamp: LedgerStamp | None = None


@dataclass(frozen=True)
class StockBookRow:
    occurred_at: datetime
    direction: str  # "in" | "out"
    document_number: str
    item_code: str
    item_name: str
    unit: str
    quantity: Number
    case_number: str = ""
    counterpart: str = ""  # người giao / người nhận, with agency
    location: str = ""
    note: str = ""


@dataclass(frozen=True)
class StockBook:
    """Sổ theo dõi nhập – xuất kho for a period (landscape)."""

    warehouse: str
    period_start: date
    period_end: date
    rows: tuple[StockBookRow, ...]
    printed_at: datetime
    parties: tuple[Party, ...] = ()
    stamp: LedgerStamp | None = None


@dataclass(frozen=True)
class DestructionRecord:
    """Biên bản tiêu hủy (Luật THADS Điều 125; ND 62/2015 Điều 33).

    parties roles: "chair", "member" (council), "supervisor" (Kiểm sát viên), "witness"; "giver" / "keeper" (the
    storekeeper who hands the items over) and "head" (the commander who approved it), as their slots hold them."""

    number: str
    started_at: datetime
    ended_at: datetime | None  # None until recorded: printed blank
    place: str
    parties: tuple[Party, ...]
    items: tuple[ItemLine, ...]
    method: str  # "đốt, đập vỡ…"
    basis_documents: tuple[BasisDocument, ...] = ()
    case: CaseRef | None = None
    result: str = ""  # kết quả tiêu hủy
    remarks: str = ""
    stamp: LedgerStamp | None = None
    status: str = "complete"  # domain.records.RecordStatus; anything else prints with its mark
    issuing_agency: str = ""  # the council's agency (THADS) heads the record, not the warehouse (Điều 132; ND 30)
    legal_bases: tuple[str, ...] = ()  # chosen by the date and kind of the act; empty → the template's
    issuing_unit: str = ""  # "HỘI ĐỒNG TIÊU HỦY VẬT CHỨNG, TÀI SẢN"
    approved_on: date | None = None  # the commander's approval of the items leaving for destruction (issue #12)
    absent: tuple[str, ...] = ()  # council members not present at the act: named «Vắng mặt» (BLTTHS Điều 133)
    facts: tuple[str, ...] = ()  # what happened at the act beside the destruction: a seal found torn (ND 142 Đ.11)


@dataclass(frozen=True)
class CustodyEvent:
    """One ledger event of the item. kind: event code ("receive", "move", "seal", …); text is made here."""

    seq: int
    kind: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str  # user's full name
    hash: str
    document: str = ""  # basis or record number
    workstation: str = ""
    details: str = ""  # already-readable specifics: "Kệ A1-03 → Kệ B2-01", "niêm phong số 004512"
    corrects_seq: int | None = None


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int  # events verified
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    reason: str = ""  # "hash_mismatch" | "prev_mismatch" | "sequence_gap"


@dataclass(frozen=True)
class CustodyReport:
    """Chain-of-custody report of one item: its whole ledger and the verification result."""

    item: ItemLine
    events: tuple[CustodyEvent, ...]
    verification: Verification
    generated_at: datetime
    number: str = ""
    case: CaseRef | None = None
    state: str = ""  # ``domain.states.State`` value
    parties: tuple[Party, ...] = ()
    stamp: LedgerStamp | None = None


@dataclass(frozen=True)
class ItemLabel:
    code: str  # compact, "VC26000123K"
    short_name: str
    case_number: str = ""
    seal_number: str = ""
    intake_date: date | None = None
    location: str = ""
    ledger_hash: str = ""  # hex; its short form goes into the QR code
    reprint: int = 0  # n > 0 → "IN LẠI n"
    identifier: str = ""  # "BKS 29C-123.45", "IMEI 35…": printed whole, never cut (HANDS-ON 83)


@dataclass(frozen=True)
class LocationLabel:
    code: str  # location code, e.g. "VT26000045C"
    name: str  # "Kệ A1 - Tầng 3 - Ô 03"
    kind: str  # "warehouse" | "zone" | "shelf" | "level" | "bin" | "yard" | "safe" | free text
    warehouse: str


@dataclass(frozen=True)
class CorrectionAnnex:
    """Phụ lục đính chính: a correction of what a signed record states, printed for the record's original signers to
    confirm by signing again (BLTTHS Điều 133.2: every correction is confirmed by their signatures; R13)."""

    record_number: str  # the signed record it corrects
    record_title: str  # "Biên bản giao nhận vật chứng, tài liệu, đồ vật (nhập kho)"
    record_started_at: datetime | None
    corrected_at: datetime
    item: ItemLine
    changes: tuple[tuple[str, str, str], ...]  # (what, as the record stated it, as corrected)
    reason: str
    parties: tuple[Party, ...]  # the record's signers, each to sign again, and the one who made the correction
    document: BasisDocument | None = None  # the correction note it rests on, if any
    case: CaseRef | None = None
    event_seq: int = 0  # the ledger's correction event (printed; no QR: see services.correction_annex)
