"""The status of a record (biên bản / phiếu) as a legal document (Điều 133 BLTTHS; ND 30/2020).

A record is a DRAFT while it is prepared (the act has not ended: no end time yet, or a disposal not yet
approved and carried out), OPEN once the act has ended and its real end time is recorded, while it waits
for signatures, COMPLETE once every party has signed (or refused before a witness who signs) and the end
time is recorded, and VOID when the act it records did not happen (a rejected or withdrawn disposal).

Only a COMPLETE record prints without a mark; DRAFT prints "DỰ THẢO", OPEN "CHƯA HOÀN TẤT", VOID
"KHÔNG CÓ HIỆU LỰC" (with the refusal, never as a valid handover). A phiếu xuất / nhập kho, which
attests a physical movement, is never printed for a VOID record.

The approval of a disposal is a separate question with its own field (``handovers.approval``):
"" (no approval needed), pending, approved, rejected, withdrawn. A rejected or withdrawn proposal makes
its record VOID; an approved one leaves it DRAFT until the act is carried out (its real start and end).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from evidence_store.i18n import N_


class RecordStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    COMPLETE = "complete"
    VOID = "void"


RECORD_STATUS_LABELS = {
    RecordStatus.DRAFT: N_("Dự thảo"),
    RecordStatus.OPEN: N_("Chờ ký"),
    RecordStatus.COMPLETE: N_("Hoàn tất"),
    RecordStatus.VOID: N_("Hủy bỏ"),
}

# The mark printed across every page of a record that is not complete (Điều 133: an unsigned paper is no record).
PRINT_MARKS = {
    RecordStatus.DRAFT: N_("DỰ THẢO"),
    RecordStatus.OPEN: N_("CHƯA HOÀN TẤT"),
    RecordStatus.VOID: N_("KHÔNG CÓ HIỆU LỰC"),
}


class Approval(StrEnum):
    """The commander's decision on a disposal proposal (DESIGN §6), never a record status."""

    NONE = ""
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


APPROVAL_LABELS = {
    Approval.PENDING: N_("Chờ phê duyệt"),
    Approval.APPROVED: N_("Đã phê duyệt"),
    Approval.REJECTED: N_("Không phê duyệt"),
    Approval.WITHDRAWN: N_("Đã rút đề xuất"),
}

SIGNABLE = frozenset({RecordStatus.DRAFT, RecordStatus.OPEN})


def print_mark(status: str) -> str:
    """The (untranslated) mark for a status; "" for a complete record."""
    try:
        return PRINT_MARKS.get(RecordStatus(status), "")
    except ValueError:
        return PRINT_MARKS[RecordStatus.DRAFT]  # an unknown status is never printed as final


def status_after_end(status: str) -> RecordStatus:
    """Recording the real end time moves a draft to "open for signature"; others are unchanged."""
    return RecordStatus.OPEN if status == RecordStatus.DRAFT else RecordStatus(status)


def check_end_time(started: datetime, ended: datetime, now: datetime) -> str | None:
    """Điều 133.1: the end time is the real one: not before the start, not in the future.
    Returns an error code or None."""
    if ended < started.replace(second=0, microsecond=0):  # records are written to the minute
        return "end_before_start"
    if ended.replace(second=0, microsecond=0) > now:  # the minute typed has begun (the seconds are not shown)
        return "end_in_future"
    return None


# The "ký hiệu" after a record's number (ND 30/2020 Art 8.2: every document bears "số, ký hiệu"; the abbreviation of
# the document kind, "BB" for biên bản, then the act it records — the warehouse's practice, no text fixes the
# second part): each kind of act its own symbol (issue #12), so "12/2026/BB-NP" is read as a sealing at a glance.
# A number, once given, never changes: records numbered "…/BB-GN" before the symbols existed keep it. All kinds
# share one yearly sequence, so a number is never given twice whatever its symbol.
RECORD_SYMBOLS = {
    "intake": "BB-GN", "release": "BB-GN", "return": "BB-GN", "transfer": "BB-GN", "deposit": "BB-GN",
    "disposal": "BB-GN",  # giao nhận: the items change hands
    "seal": "BB-NP",  # niêm phong (ND 127/2017)
    "unseal": "BB-MNP",  # mở niêm phong (ND 127/2017)
    "check": "BB-KT",  # kiểm tra định kỳ vật chứng giao bảo quản
    "incident": "BB-SC",  # sự cố: a seal found broken, items found damaged (ND 142/2024 Art 11)
}
# Papers derived from a giao nhận record take its number with their own symbol (services.printing_data.derived_number:
# "12/2026/BB-GN" → "12/2026/PXK", "…/PNK", "…/BB-TH"): only giao nhận records have slips or a destruction record.
EARLIER_SYMBOL = "BB-GN"  # every record kind's symbol before issue #12


def record_symbol(kind: str) -> str:
    return RECORD_SYMBOLS.get(kind, EARLIER_SYMBOL)


# What each paper is called wherever the software speaks of it (issue #12): a slip is a «Phiếu xuất kho» /
# «Phiếu nhập kho» (ND 142/2024 Art 14 names the slips apart from the biên bản giao nhận), never «Biên bản 9/2026/PXK».
DERIVED_NAMES = {"PXK": N_("Phiếu xuất kho"), "PNK": N_("Phiếu nhập kho"), "BB-TH": N_("Biên bản tiêu hủy"),
                 "BB-KK": N_("Biên bản kiểm kê")}
RECORD_NAMES = {"seal": N_("Biên bản niêm phong"), "unseal": N_("Biên bản mở niêm phong"),
                "check": N_("Biên bản kiểm tra định kỳ"), "incident": N_("Biên bản sự cố")}
GIVE_AND_TAKE = N_("Biên bản giao nhận")  # every other kind of act: the items change hands


# the act a giao nhận record records, for a list that names each record («Biên bản giao nhận (xuất kho)»)
GIVE_AND_TAKE_ACTS = {"intake": N_("nhập kho"), "release": N_("xuất kho"), "return": N_("nhập lại sau tạm xuất"),
                      "transfer": N_("chuyển giao"), "deposit": N_("gửi, giao bảo quản"),
                      "disposal": N_("xử lý vật chứng")}


def document_kind_name(number: str, kind: str | None = None) -> str:
    """The untranslated name of the paper numbered ``number``: by its symbol for a slip, a destruction or an
    audit record; by the act ``kind`` when known (a record numbered "…/BB-GN" before the symbols existed may
    be a sealing), else by its symbol."""
    symbol = (number or "").rsplit("/", 1)[-1].upper()
    if symbol in DERIVED_NAMES:
        return DERIVED_NAMES[symbol]
    if kind is None:
        kind = next((k for k, s in RECORD_SYMBOLS.items() if s == symbol and s != EARLIER_SYMBOL), "")
    return RECORD_NAMES.get(kind, GIVE_AND_TAKE)


# Who a signature slot is, in words, for messages about the slots (the printed columns have their own titles)
SLOT_ROLE_LABELS = {
    "giver": N_("Bên giao"), "receiver": N_("Bên nhận"), "witness": N_("Người chứng kiến"),
    "approver": N_("Thủ trưởng đơn vị (người phê duyệt)"), "head": N_("Thủ trưởng đơn vị"), "keeper": N_("Thủ kho"),
    "accountant": N_("Kế toán"), "maker": N_("Người lập biên bản"), "custodian": N_("Người nhận bảo quản"),
    "organiser": N_("Người tổ chức niêm phong / mở niêm phong"), "participant": N_("Người tham gia"),
    "refusal_witness": N_("Người chứng kiến việc từ chối ký"),
    "fingerprint_witness": N_("Người chứng kiến việc đọc biên bản và điểm chỉ"),
    "chair": N_("Chủ tịch Hội đồng"), "member": N_("Thành viên Hội đồng"),
    "supervisor": N_("Kiểm sát viên kiểm sát việc tiêu hủy"),
    "resealer": N_("Người niêm phong lại"), "reseal_witness": N_("Người chứng kiến việc niêm phong lại"),
}


def slot_names(slots) -> str:
    """'Bên giao Đỗ Minh An, Người niêm phong lại Vũ Văn Niêm' (objects with ``role`` and ``person_name``): a
    message names the person and their part, never a code such as "reseal_witness"."""
    from evidence_store.i18n import _
    return ", ".join(" ".join(p for p in (_(SLOT_ROLE_LABELS[s.role]) if s.role in SLOT_ROLE_LABELS else s.role,
                                          (s.person_name or "").strip()) if p) for s in slots)
