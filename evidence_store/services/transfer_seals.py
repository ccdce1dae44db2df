"""The seals on the record of a transfer of responsibility (services.transfer; issue #12: no printed statement is
invented). ND 127/2017 and ND 142/2024 Điều 11, 14: the seals are looked at when the items change hands.

- With ``move_out`` the items physically leave for the enforcement warehouse: the storekeeper looks at each seal and
  states it (receipt_seals.stated_seals: a sealed item left unstated is refused); one found broken or missing opens
  an incident reported to the responsible agency, the receiving person as witness, and the record says so
  (receipt_seals.state_seals_out, in the words of ``incident_text``).
- Without it the items stay on their shelf in the shared warehouse and nobody looks at a seal: the line stores
  "register" — the number as the warehouse register has it, the item not moved — never «nguyên vẹn». Unless the
  clerk states the seals anyway: then the statement is printed, as with a move out."""

from __future__ import annotations

from ..i18n import _
from ..db.models import Item
from .receipt_seals import stated_seals

REGISTER = "register"  # printing.blocks.SEAL_STATES: «ghi theo sổ kho, vật chứng không rời vị trí»


def line_notes(items: list[Item], given: dict[str, str], *, stated: bool) -> dict[str, str]:
    """code → the seal note of each line: the statement (required when ``stated``, or when any is given), else
    "register" for a sealed item and "none" for the others."""
    if stated or given:
        return stated_seals(items, given)
    return {i.code: REGISTER if i.sealed else "none" for i in items}


def unlooked_notes(items: list[Item]) -> dict[str, str]:
    """The lines of a record whose items nobody handed over nor looked at (a disposal decided, not carried out):
    the register's number for a sealed item, never «nguyên vẹn»."""
    return line_notes(items, {}, stated=False)


def incident_text(*, move_out: bool) -> str:
    """What the incident of a seal stated broken or missing at a transfer says was found: as the items move out to
    the enforcement warehouse, or as the responsibility for them changes on their shelf."""
    return (_("Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi giao vật chứng chuyển sang kho thi hành án")
            if move_out else _("Niêm phong có dấu hiệu bóc mở, rách hoặc mất khi chuyển giao trách nhiệm vật chứng"))
