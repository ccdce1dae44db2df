"""Commands of the acts for unclaimed money and property (Luật THADS Điều 126; services.unclaimed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .inputs import PersonInput


@dataclass(frozen=True)
class DepositSavings:
    """Tiền không có người nhận → gửi tiết kiệm không kỳ hạn (Luật THADS Điều 126): the cash item of a QĐ trả lại whose
    notice is 15 days old, handed by the storekeeper to the bank's receiving person, with its real times."""

    code: str
    bank: str  # "Ngân hàng TMCP Ngoại thương Việt Nam"
    branch: str  # "Chi nhánh Hà Nội"
    account: str  # savings book / account number
    amount: int | None  # the money handed over: the item's denominations total
    receiver: PersonInput | None  # the bank's receiving person (name, position, ID): a person signs, never the bank
    started_at: datetime | None
    ended_at: datetime | None
    keeper: PersonInput | None = None  # the storekeeper who gives the money; None → the acting clerk
    place: str = ""  # where it was handed over; empty → the bank's branch
    witnesses: tuple[PersonInput, ...] = ()
    note: str = ""
    # code → intact | broken: the seal of the money as the storekeeper found it when handing it to the bank (ND
    # 142/2024 Điều 11); required for a sealed item (services.receipt_seals.stated_seals)
    seal_states: dict = field(default_factory=dict)
