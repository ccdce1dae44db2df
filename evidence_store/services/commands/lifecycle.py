"""Commands of the lifecycle workflows after intake (release, return, transfer, deposit,
entrust, disposal, incidents, corrections, signatures), as frozen plain data.

Every command may carry ``occurred_at`` (when it happened, if not now): records entered after
the fact and the demo generator use it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .inputs import DocumentInput, FileInput, PersonInput


@dataclass(frozen=True)
class ReleaseItems:
    """Tạm xuất against a lệnh xuất kho (ND 142/2024 Art 14)."""

    codes: tuple[str, ...]
    order: DocumentInput  # Doc.RELEASE_ORDER
    purpose: str  # lifecycle_rules.RELEASE_PURPOSES
    receiver: PersonInput
    due_on: date
    receiver_agency_id: int | None = None
    transfer_decision: DocumentInput | None = None  # QĐ chuyển giao, where one applies
    purpose_note: str = ""
    # code → intact | broken as the clerk found each seal; a sealed item left out is refused (issue #12)
    seal_states: dict = field(default_factory=dict)
    witnesses: tuple[PersonInput, ...] = ()
    place: str = ""
    occurred_at: datetime | None = None
    request_number: str = ""  # the agency's request this release answers (issue 13)


@dataclass(frozen=True)
class DecideRelease:
    """A commander's approval (or refusal, with the reason) of a prepared release (ND 142/2024 Điều 4)."""

    handover_number: str
    reason: str = ""  # required to refuse
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class Reseal:
    """Unsealed while out and resealed before coming back (ND 127/2017 Điều 8, 11): who opened and sealed again
    (``sealed_by``) and who witnessed it (``witnesses``), each named in their role (issue #12; LEGAL-RULES R16: an
    organiser and a witness). ``participants``: everyone, as the ledger lists them; filled from the two roles when
    empty."""

    new_seal_number: str
    participants: tuple[str, ...] = ()
    reason: str = ""
    sealed_by: tuple[str, ...] = ()
    witnesses: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReturnItems:
    codes: tuple[str, ...]
    location_code: str
    giver: PersonInput  # who brings the items back
    # the seal as found when the items come back: True intact, False broken; None = not stated, refused for a
    # sealed item unless a reseal is recorded (issue #12: no statement invented; ND 127/2017; ND 142/2024 Điều 11)
    seal_intact: bool | None = None
    reseal: Reseal | None = None
    condition: str = ""  # recorded condition; empty keeps the current one
    order: DocumentInput | None = None  # defaults to the release order
    place: str = ""
    occurred_at: datetime | None = None
    damage: str = ""  # damage found as the items come back: an incident reported (ND 142/2024 Điều 11)


@dataclass(frozen=True)
class TransferResponsibility:
    """CQĐT → VKS → TA → THADS on a decision (TTLT 05/2005 Điều 21.2.b; DESIGN §2)."""

    decision: DocumentInput  # transfer decision / judgment / enforcement decision
    to_agency_id: int
    case_id: int | None = None  # the whole case…
    codes: tuple[str, ...] = ()  # …or some of its items
    giver: PersonInput | None = None
    receiver: PersonInput | None = None
    officer_id: int | None = None  # new case officer
    receiver_letter: str = ""  # giấy giới thiệu of the receiving representative (paper acceptance)
    move_out: bool = False  # items physically go to the THADS warehouse
    keeper: PersonInput | None = None  # the storekeeper; None → the acting clerk, or a slot named when signed
    conditions: dict = field(default_factory=dict)  # code → condition noted at handover
    place: str = ""
    occurred_at: datetime | None = None
    # code → intact | broken as the storekeeper found each seal: required with move_out (services.transfer_seals)
    seal_states: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DepositItems:
    """Gửi Kho bạc / Bộ CHQS / cơ sở chuyên ngành (ND 142/2024 Art 15)."""

    codes: tuple[str, ...]
    keeper_agency_id: int
    decision: DocumentInput  # deposit decision or release order
    receiver: PersonInput | None = None
    account: str = ""  # tài khoản tạm giữ (cash)
    place: str = ""
    occurred_at: datetime | None = None
    seal_states: dict[str, str] = field(default_factory=dict)  # code → intact | broken, checked as handed over;
    # a sealed item left out is refused, never assumed intact (issue #12)


@dataclass(frozen=True)
class EntrustItems:
    """Giao bảo quản to owner / custodian / commune / rented storage (ND 142/2024 Art 15)."""

    codes: tuple[str, ...]
    custodian: PersonInput
    custodian_kind: str  # lifecycle_rules.CUSTODIAN_KINDS
    decision: DocumentInput
    address: str = ""
    place: str = ""
    occurred_at: datetime | None = None
    seal_states: dict = field(default_factory=dict)  # code → intact | broken, as the storekeeper checked handing over


@dataclass(frozen=True)
class RecallItems:
    """Deposited or entrusted items brought back into the warehouse."""

    codes: tuple[str, ...]
    order: DocumentInput  # lệnh nhập kho
    location_code: str
    giver: PersonInput | None = None
    condition: str = ""
    occurred_at: datetime | None = None
    seal_states: dict = field(default_factory=dict)  # code → intact | broken, as found when handed back


@dataclass(frozen=True)
class CheckEntrusted:
    """Monthly check of entrusted items (TT 01/2017/TT-BTP Điều 12)."""

    codes: tuple[str, ...]
    result: str = "intact"  # intact | issue
    note: str = ""
    participants: tuple = ()  # anyone else who took part: "họ tên, chức vụ" lines or PersonInput
    condition: str = ""
    occurred_at: datetime | None = None
    accountant: PersonInput | None = None  # kế toán (nghiệp vụ): signs in a column of his own
    head: PersonInput | None = None  # Thủ trưởng of the unit (THADS: Thủ trưởng cơ quan THADS): signs likewise
    seal_states: dict = field(default_factory=dict)  # code → intact | broken, as found at the check (Điều 12)


@dataclass(frozen=True)
class ProposeDisposal:
    """First step of a disposal (BLTTHS Điều 106; Luật THADS Điều 124–126).

    Outcome-specific fields: returned → recipient (+ return_decision, notice_on, receipt);
    confiscated / handed_to_specialist → receiving_agency_id; destroyed → council_decision,
    council_members, supervisor, method, witnesses; sold → proceeds, holding_account, buyer."""

    codes: tuple[str, ...]  # scanned from the printed list
    outcome: str  # State value
    decision: DocumentInput
    recipient: PersonInput | None = None
    return_decision: DocumentInput | None = None
    notice_on: date | None = None
    receipt: str = ""
    receiving_agency_id: int | None = None
    council_decision: DocumentInput | None = None
    council_members: tuple[str, ...] = ()
    supervisor: str = ""  # Kiểm sát viên supervising (Luật THADS Điều 125.3)
    method: str = ""
    witnesses: tuple[PersonInput, ...] = ()
    proceeds: float | None = None
    holding_account: str = ""
    buyer: str = ""
    examination: str = ""  # kết luận giám định (wildlife)
    note: str = ""
    place: str = ""
    occurred_at: datetime | None = None
    # issue #11: who may decide what
    examination_conclusion: DocumentInput | None = None  # wildlife → specialised agency after it (Điều 106.3.d)
    authorisation: DocumentInput | None = None  # return to someone other than the recorded owner (Điều 106.3)
    council_chair: str = ""  # Chấp hành viên chairing the destruction council (Luật THADS Điều 125)
    council_finance_agency_id: int | None = None  # same-level finance agency sitting on the council
    council_finance_member: str = ""
    supervisor_agency_id: int | None = None  # the VKS whose Kiểm sát viên supervises
    # NQ 164/2024/QH15 pilot (domain.pilot): refund → the victim is the recipient; guarantee → the owner receives
    # the item after paying guarantee_amount into holding_account (receipt: the payment's document)
    pilot_measure: str = ""
    guarantee_amount: float | None = None
    guarantee_receipt: str = ""
    # Luật THADS Điều 126: property nobody came for within 3 months of the notice is sold (unclaimed=True) and the
    # proceeds put on a non-term savings deposit: holding_account is its book / account number, savings_bank its
    # bank and branch (services.unclaimed.unclaimed_sale)
    unclaimed: bool = False
    savings_bank: str = ""


@dataclass(frozen=True)
class DecideDisposal:
    handover_number: str
    reason: str = ""  # required to reject
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class CarryOutDisposal:
    """The approved disposal is carried out: its record is dated on the act, with its real start and end and
    the place where it happened (BLTTHS Điều 106.1, 133.1), not at the proposal."""

    handover_number: str
    started_at: datetime | None
    ended_at: datetime | None
    place: str = ""  # "Lò đốt rác thải Nam Sơn"; empty keeps the place of the proposal
    keeper: PersonInput | None = None  # the storekeeper handing the items over; None → the acting clerk
    receiver: PersonInput | None = None  # who receives for the agency / the buyer's representative, when not
    #                                      named at the proposal (a person signs, never the agency: Điều 133)
    absent_members: tuple[int, ...] = ()  # a destruction: the council's signature slots of members not present
    #                                       (disposal_council.council_slots); chair, finance and VKS cannot be absent
    seal_states: dict = field(default_factory=dict)  # code → intact | broken: each sealed item's seal as checked at
    #                                                  the hand-over (ND 127/2017; ND 142/2024 Điều 11), no default


@dataclass(frozen=True)
class RecordIncident:
    codes: tuple[str, ...]
    kind: str  # lost | damaged
    report: DocumentInput  # biên bản sự cố (ND 142/2024 Art 11)
    description: str
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class RecordFound:
    codes: tuple[str, ...]
    report: DocumentInput
    location_code: str
    condition: str = ""
    occurred_at: datetime | None = None


@dataclass(frozen=True)
class RecordCorrection:
    """Đính chính: never edits history; a new event points at the original."""

    corrects_seq: int
    values: dict  # field → corrected value
    reason: str
    document: DocumentInput | None = None


@dataclass(frozen=True)
class SignOnScreen:
    handover_number: str
    slot_id: int
    png: bytes
    signer_name: str = ""


@dataclass(frozen=True)
class SignOnPaper:
    handover_number: str
    scan: FileInput
    slot_ids: tuple[int, ...] = ()  # empty: every pending slot


@dataclass(frozen=True)
class RefuseSignature:
    """BLTTHS Điều 133: the reason is written and a witness signs."""

    handover_number: str
    slot_id: int
    reason: str
    witness: str  # the witness's name (a person is created), or…
    witness_person: PersonInput | None = None  # …the witness described in full; either way the witness signs


@dataclass(frozen=True)
class SignByFingerprint:
    """BLTTHS Điều 133.2: a participant who cannot read or sign has the record read aloud before a witness,
    puts a fingerprint (điểm chỉ), and the witness signs."""

    handover_number: str
    slot_id: int
    witness: PersonInput
    read_aloud: bool  # confirmed: the record was read aloud to the participant before the witness
    scan: FileInput | None = None  # the paper with the fingerprint, if scanned


@dataclass(frozen=True)
class EndRecord:
    """The real end of the act (BLTTHS Điều 133.1), entered or confirmed by the user when it ends."""

    handover_number: str
    ended_at: datetime  # naive UTC, or aware (converted)


@dataclass(frozen=True)
class AttachFile:
    file: FileInput
    handover_number: str = ""
    item_code: str = ""
    kind: str = "report"  # photo | signed_record | report


@dataclass(frozen=True)
class RedoSignature:
    """A signed, refused or fingerprinted slot done again before the record is completed (a wrong signer, a typo
    in a refusal reason): the slot is replaced by a fresh one, the old one kept and logged (HANDS-ON 56)."""

    handover_number: str
    slot_id: int
    reason: str


@dataclass(frozen=True)
class AddSigner:
    """A witness or the unit's leader added to a record before it is completed (BLTTHS Điều 133; HANDS-ON 55)."""

    handover_number: str
    role: str  # "witness" | "head"
    person: PersonInput
