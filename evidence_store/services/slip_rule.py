"""Which records carry a phiếu nhập / xuất kho: a slip attests that items physically entered or left the
warehouse (ND 142/2024 Art 14; TT 200/2014 mẫu 01-VT, 02-VT). One rule for the printer (which refuses a slip not
due, with the reason) and for the screens (which offer only the slips due)."""

from __future__ import annotations

from ..domain.records import Approval, RecordStatus
from ..i18n import _

IN_KINDS = ("intake", "return")
OUT_KINDS = ("release", "transfer", "deposit", "disposal")


def no_physical_movement(kind: str, status: str, approval: str, carried_out: bool, details: dict,
                         acceptance: str = "") -> str:
    """Why the record has no slip — a void record, a disposal not approved or not carried out, a change of
    responsibility that leaves the items on the shelf, an act the other side refused (nothing moved, or the items
    went back: services.acceptance) — or "" when the slip is due."""
    if status == RecordStatus.VOID:
        return _("hành vi không được thực hiện (biên bản không có hiệu lực)")
    if kind == "release" and approval == Approval.PENDING:  # ND 142/2024 Điều 4: the manager has not approved
        return _("phiếu tạm xuất chưa được lãnh đạo kho duyệt, vật chứng chưa rời khỏi kho")
    if kind in ("transfer", "deposit") and approval == Approval.PENDING:  # the same for every act out (R22)
        return _("biên bản chưa được lãnh đạo kho duyệt xuất, vật chứng chưa rời khỏi kho")
    if kind == "disposal" and approval != Approval.APPROVED:
        return _("đề xuất xử lý chưa được phê duyệt")
    if kind == "disposal" and not carried_out:
        return _("việc xử lý chưa được thực hiện")
    if kind == "disposal" and details.get("from_savings"):  # Luật THADS Điều 126: the money is at the bank
        return _("tiền đang gửi tiết kiệm tại ngân hàng, không xuất từ kho")
    if kind == "transfer" and not details.get("move_out"):
        return _("chuyển giao trách nhiệm quản lý, vật chứng không rời khỏi kho")
    if acceptance == "refused":
        return _("bên kia từ chối tiếp nhận: việc giao nhận không diễn ra")
    return ""


def slip_direction(kind: str, status: str, approval: str, carried_out: bool, details: dict,
                   acceptance: str = "") -> str:
    """"in", "out", or "" when the record has no slip."""
    direction = "in" if kind in IN_KINDS else "out" if kind in OUT_KINDS else ""
    if direction and no_physical_movement(kind, status, approval, carried_out, details, acceptance):
        return ""
    return direction
