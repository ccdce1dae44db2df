"""The seals looked at when items are received into the warehouse (ND 127/2017; ND 142/2024 Điều 11, 14: the seals
are checked at each hand-over). The clerk states each seal's condition — intact with the right number, or broken /
missing — and the biên bản giao nhận prints what was stated: a sealed item whose condition nobody stated is
refused, never printed «nguyên vẹn» by default (issue #12: no printed statement is invented). A seal found broken or
missing opens an incident reported to the responsible agency, and the intake record says so."""

from __future__ import annotations

from ..domain import codes as code_format
from ..domain.errors import ValidationError
from ..i18n import _
from ..db.models import Handover, Item, Person
from . import persistence
from .seals import incident_on_record

STATED = ("intact", "broken")  # "nguyên vẹn, đúng số" | "rách, mất hoặc có dấu hiệu bóc mở"


def stated_seals(items: list[Item], given: dict[str, str]) -> dict[str, str]:
    """code → intact | broken | none for each item (the line's seal state, as printed). ``given`` maps scanned
    codes (any spelling) to the stated condition of their seal; a sealed item absent from it is refused."""
    said = {code_format.clean(code): state for code, state in given.items()}
    out = {}
    for item in items:
        state = said.get(item.code)
        if not item.sealed:
            out[item.code] = "none"
        elif state is None:
            raise ValidationError("seal_condition_required", field="seal_states", code=code_format.parse_code(item.code).display,
                                  name=item.name, seal=item.seal_number)
        elif state not in STATED:
            raise ValidationError("unknown_seal_state", field="seal_states", state=state)
        else:
            out[item.code] = state
    return out


def new_item_states(items) -> list[str]:
    """The stated seal of each new item (NewItem.seal_state), as ``stated_seals``: a sealed one left unstated is
    refused, an unsealed one is "none"."""
    out = []
    for new in items:
        if not new.sealed:
            out.append("none")
        elif not new.seal_state:
            raise ValidationError("seal_condition_required_new", field="seal_state", name=new.name,
                                  seal=new.seal_number)
        elif new.seal_state not in STATED:
            raise ValidationError("unknown_seal_state", field="seal_state", state=new.seal_state)
        else:
            out.append(new.seal_state)
    return out


def report_broken(uow, items: list[Item], states: dict[str, str], ho: Handover, occurred_at=None, *,
                  found_during: str = "intake", witness_role: str = "giver", description: str = "") -> list[Item]:
    """The items whose seal was found broken or missing at the hand-over ``ho``: incident, report, and the record
    says so (ND 142/2024 Điều 11). Call after the lines are written (they keep the seal as handed over). No commit.

    ``found_during``: intake | release | return | check (seals.FOUND_DURING); ``witness_role``: which party of ``ho``
    is present at the finding and signs the incident record — the person handing the item over at an intake
    ("giver"), the person receiving it when it leaves ("receiver") (BLTTHS Điều 133; ND 142/2024 Điều 11)."""
    broken = [i for i in items if states.get(i.code) == "broken"]
    if broken:
        person_id = ho.giver_id if witness_role == "giver" else ho.receiver_id
        witness = uow.session.get(Person, person_id) if person_id else None
        text = description or (_("Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi nhận vật chứng vào kho")
                               if found_during == "intake" else
                               _("Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi giao vật chứng ra khỏi kho"))
        incident_on_record(uow, broken, ho, found_during, text, occurred_at=occurred_at, witness=witness)
    return broken


def state_seals_out(uow, ho: Handover, items: list[Item], states: dict[str, str], occurred_at=None, *,
                    found_during: str = "release", description: str = "") -> list[Item]:
    """The items leave on the record ``ho`` (tạm xuất, gửi bảo quản or giao bảo quản, gửi tiết kiệm, chuyển giao):
    its lines keep each seal as stated — written now unless the preparation wrote them (approval_hold.hold) — then
    a seal found broken or missing opens the incident, the person receiving the items its witness, and the record
    says so (``report_broken``; ND 142/2024 Điều 11; BLTTHS Điều 133). Call before the act, so the incident's events
    precede the act's. ``found_during`` (seals.FOUND_DURING) and ``description``: as ``report_broken``. No commit."""
    s = uow.session
    s.flush()
    s.expire(ho, ["lines"])
    if not ho.lines:
        for line_no, item in enumerate(items, start=1):
            persistence.add_line(uow, ho, item, line_no, note=states[item.code])
        s.flush()
        s.expire(ho, ["lines"])
    return report_broken(uow, items, states, ho, occurred_at, found_during=found_during, witness_role="receiver",
                         description=description)
