"""A seal found torn as the items are handed to the Kho bạc: the deposit is refused — the Kho bạc takes intact sealed
packages only (TT 135/2018/TT-BTC Mẫu 02; domain.lifecycle_rules.check_treasury_package) — but the finding is kept.
The clerk looked at the seal in front of the Kho bạc's officer: that is a seal found broken, to be recorded and
reported to the agency handling the case (BLTTHS Điều 90.3; ND 142/2024 Điều 11). Refusing the deposit rolled the
whole transaction back, so the torn seal was recorded nowhere and the item still showed as sealed.

``refuse_torn_package`` undoes what the deposit had written so far, records the incident (the Kho bạc's officer
present witnesses it) in the same unit of work, commits it, then refuses the deposit naming the incident — the
message tells the clerk what comes next: the seal made again by the sealing act, then the deposit."""

from __future__ import annotations

import json

from ..db.models import Item
from ..domain import categories
from ..domain import codes as code_format
from ..domain.categories import Keeper
from ..domain.errors import TransitionRefused
from ..domain.permissions import allowed
from ..i18n import _
from . import persistence, workflow
from .commands import PersonInput
from .seals import open_seal_incident


def refuse_torn_package(uow, items: list[Item], seal_states: dict[str, str], receiver: PersonInput | None,
                        occurred_at=None) -> None:
    """Nothing when the deposit is not to the Kho bạc or no seal was stated broken (the caller goes on). Else: roll
    back, record the incident (one "seal_broken" event per torn item, the item unsealed), commit, and raise
    "treasury_seal_broken"."""
    keeper = categories.category(items[0].category).deposit_to if items else None
    broken_codes = [i.code for i in items if seal_states.get(i.code) == "broken"]
    # the deposit's own permission was asked; one who may not record an incident gets the Kho bạc's plain refusal
    if keeper is not Keeper.TREASURY or not broken_codes or not allowed(uow.actor.roles, "record_incident"):
        return
    uow.rollback()  # the deposit's record, its basis, a new receiver: nothing of the refused act stays
    broken = persistence.items_by_codes(uow.session, tuple(broken_codes))
    witness = workflow.person(uow.session, receiver, "receiver", required=False)
    ho = open_seal_incident(uow, broken, "release", _(
        "Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi giao vật chứng gửi Kho bạc Nhà nước; Kho bạc không nhận "
        "gói niêm phong không nguyên vẹn"), occurred_at=occurred_at, witness=witness)
    report_to = json.loads(ho.details or "{}").get("report_to", "")
    recorded = workflow.finish(uow, broken, ho, case_id=ho.case_id)
    refusal = TransitionRefused("treasury_seal_broken", codes=", ".join(code_format.parse_code(c).display
                                                                        for c in broken_codes), incident=ho.number,
                                agency=report_to or _("cơ quan đang thụ lý"))
    refusal.recorded = recorded  # what the refusal still committed: the screens showing these items refresh
    raise refusal
