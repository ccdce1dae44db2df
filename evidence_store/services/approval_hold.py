"""The preparing side of the second consent before items leave the warehouse (ND 142/2024 Điều 4; LEGAL-RULES R22):
the services of the acts out — tạm xuất (services.release), chuyển kho (services.transfer, with ``move_out``), gửi and
giao bảo quản (services.custody) — ask whether the approval is needed, refuse an item already in a prepared act, and
hold the prepared act for the commander. Deciding on it (approve, refuse, withdraw) is services.release_approval."""

from __future__ import annotations

import json

from ..domain.errors import TransitionRefused
from ..domain.records import Approval
from ..domain.states import Move
from ..db.models import Document, Item
from . import persistence
from .queries import awaiting_release_approval, proposed_disposal
from .settings import read_setting

# The record kinds whose act takes items out of the warehouse (services.slip_rule: their phiếu xuất kho); a
# disposal has its own approval (services.disposal) and is carried out on its own (services.disposal_carry_out).
OUT_KINDS = ("release", "transfer", "deposit")
# act → (the item page's action checked again at approval, the movement, the permission that prepares it)
ACTS = {"release": ("release", Move.RELEASE_TEMPORARY, "release_items"),
        "transfer_out": ("transfer", Move.TRANSFER_OUT, "transfer_responsibility"),
        "deposit": ("deposit", Move.DEPOSIT, "deposit_items"),
        "entrust": ("entrust", Move.ENTRUST, "entrust_items")}


def act_of(ho) -> str:
    """release | transfer_out | deposit | entrust: what the prepared record will do once approved."""
    if ho.kind == "deposit":
        return "entrust" if json.loads(ho.details or "{}").get("mode") == "entrust" else "deposit"
    return "transfer_out" if ho.kind == "transfer" else ho.kind


def events(act: str) -> tuple[str, str, str]:
    """The ledger events of the preparation, the refusal and the withdrawal (a release keeps its own names)."""
    if act == "release":
        return "release_prepared", "release_rejected", "release_withdrawn"
    return "removal_prepared", "removal_rejected", "removal_withdrawn"


def needs_approval(s) -> bool:
    """The administrator's setting, on by default (ND 142/2024 Điều 4)."""
    return bool(read_setting(s, "release_needs_approval"))


def check_not_waiting(s, item: Item) -> None:
    """One act out at a time: an item already in a record waiting for approval is refused by name; so is one whose
    disposal proposal waits for the commander's decision (BLTTHS Điều 106: the item is held for that decision; it
    cannot be promised to two acts at once)."""
    waiting = awaiting_release_approval(s, item.id)
    if waiting:
        raise TransitionRefused("release_awaiting_approval", code=item.code, handover=waiting)
    proposed = proposed_disposal(s, item.id)
    if proposed:
        raise TransitionRefused("removal_disposal_proposed", code=item.code, handover=proposed)


def hold(uow, ho, items: list[Item], basis: Document | None, occurred_at, *, notes: dict | None = None,
         data: dict | None = None) -> None:
    """The prepared act waits for the commander: lines written, one "prepared" event per item, nothing moves. The
    date is checked against each item's previous act now, not only when approved (BLTTHS Điều 132, 133)."""
    s, act = uow.session, act_of(ho)
    ho.approval = Approval.PENDING
    event = events(act)[0]
    move = ACTS[act][1].value
    for line_no, item in enumerate(items, start=1):
        persistence.check_chronology(s, item, move, occurred_at)
        persistence.add_line(uow, ho, item, line_no, note=(notes or {}).get(item.code, ""))
        extra = {"act": act} if act != "release" else {}
        persistence.record(uow, item, event, {"handover": ho.number} | extra | (data or {})
                           | {"prepared_by": uow.actor.username}, document=basis, handover=ho, occurred_at=occurred_at)


