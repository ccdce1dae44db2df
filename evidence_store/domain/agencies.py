"""Agencies: their kinds and the sector each kind belongs to.

The warehouse serves four sectors of the city's internal affairs (the coordination regulation on receiving
and handling evidence): police (Công an: investigating bodies and other units), procuracy (Viện kiểm sát),
courts (Tòa án) and civil judgment enforcement (Thi hành án dân sự). Other kinds (State Treasury, finance,
military, specialised bodies) keep or receive items but do not hold a case.

Every piece of code that asks "which sector is this agency in?" asks :func:`sector`; the finer agency kinds
(investigating bodies vs other police units, bodies assigned investigative tasks, ...) are added here.
"""

from __future__ import annotations

from enum import StrEnum


class Sector(StrEnum):
    POLICE = "police"
    PROCURACY = "procuracy"
    COURT = "court"
    ENFORCEMENT = "enforcement"


# agency kind → sector; kinds missing here hold no case (treasury, finance, military keeper, other).
SECTOR_BY_KIND: dict[str, Sector] = {
    "police": Sector.POLICE,
    "procuracy": Sector.PROCURACY,
    "court": Sector.COURT,
    "enforcement": Sector.ENFORCEMENT,
}


def sector(kind: str | None) -> Sector | None:
    """The sector of an agency kind, or None for agencies that hold no case."""
    return SECTOR_BY_KIND.get(kind or "")
