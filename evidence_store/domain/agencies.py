"""Agencies: their kinds and the sector each kind belongs to.

The warehouse serves four sectors of the city's internal affairs (the coordination regulation on receiving
and handling evidence): police (Công an: investigating bodies and other units), procuracy (Viện kiểm sát),
courts (Tòa án) and civil judgment enforcement (Thi hành án dân sự). Other kinds (State Treasury, finance,
military, specialised bodies) keep or receive items but do not hold a case.

Every piece of code that asks "which sector is this agency in?" asks :func:`sector`; every piece that asks
"may this agency act as the investigating body?" asks :func:`investigates`.

Kinds (BLTTHS 2015 Điều 34–35; Luật Tổ chức cơ quan điều tra hình sự 2015 Điều 9–10; ND 142/2024 Art 6):
- ``investigating_body``: Cơ quan điều tra của Công an (Cơ quan Cảnh sát điều tra / An ninh điều tra) and
  the investigating units that act for it (Phòng Cảnh sát hình sự, kinh tế, ma túy ...);
- ``military_investigating_body``: Cơ quan điều tra trong Quân đội nhân dân;
- ``procuracy_investigating_body``: Cơ quan điều tra Viện kiểm sát nhân dân tối cao;
- ``customs``, ``forest_ranger``, ``border_guard``, ``coast_guard``, ``fisheries_control``: bodies assigned
  some investigative activities (Hải quan, Kiểm lâm, Bộ đội Biên phòng, Cảnh sát biển, Kiểm ngư — Điều 35);
- ``police``: every other police unit (the warehouse's own PC10, ward police stations, the city police
  headquarters) — NOT an investigating body;
- ``procuracy``, ``court``, ``enforcement`` (THADS), ``treasury`` (KBNN), ``finance`` (Sở Tài chính),
  ``military`` (Bộ CHQS tỉnh, Bộ Tư lệnh Thủ đô), ``specialised`` (cơ sở chuyên ngành), ``other``.

Sector ``police`` is the investigation side: every investigating body or body assigned investigative tasks
belongs to it (it holds the case at the investigation stage), whatever its ministry.
"""

from __future__ import annotations

from enum import StrEnum


class Sector(StrEnum):
    POLICE = "police"
    PROCURACY = "procuracy"
    COURT = "court"
    ENFORCEMENT = "enforcement"


class AgencyKind(StrEnum):
    INVESTIGATING_BODY = "investigating_body"
    MILITARY_INVESTIGATING_BODY = "military_investigating_body"
    PROCURACY_INVESTIGATING_BODY = "procuracy_investigating_body"
    CUSTOMS = "customs"
    FOREST_RANGER = "forest_ranger"
    BORDER_GUARD = "border_guard"
    COAST_GUARD = "coast_guard"
    FISHERIES_CONTROL = "fisheries_control"
    POLICE = "police"
    PROCURACY = "procuracy"
    COURT = "court"
    ENFORCEMENT = "enforcement"
    TREASURY = "treasury"
    FINANCE = "finance"
    MILITARY = "military"
    SPECIALISED = "specialised"
    OTHER = "other"


# Cơ quan điều tra (BLTTHS Điều 34; Luật Tổ chức CQĐTHS Điều 4)
INVESTIGATING_BODIES = frozenset({AgencyKind.INVESTIGATING_BODY, AgencyKind.MILITARY_INVESTIGATING_BODY,
                                  AgencyKind.PROCURACY_INVESTIGATING_BODY})
# Cơ quan được giao nhiệm vụ tiến hành một số hoạt động điều tra (BLTTHS Điều 35)
ASSIGNED_INVESTIGATORS = frozenset({AgencyKind.CUSTOMS, AgencyKind.FOREST_RANGER, AgencyKind.BORDER_GUARD,
                                    AgencyKind.COAST_GUARD, AgencyKind.FISHERIES_CONTROL})
INVESTIGATORS = INVESTIGATING_BODIES | ASSIGNED_INVESTIGATORS

AGENCY_KINDS: tuple[str, ...] = tuple(k.value for k in AgencyKind)

# agency kind → sector; kinds missing here hold no case (treasury, finance, military keeper, specialised, other).
SECTOR_BY_KIND: dict[str, Sector] = {k.value: Sector.POLICE for k in INVESTIGATORS} | {
    "police": Sector.POLICE,
    "procuracy": Sector.PROCURACY,
    "court": Sector.COURT,
    "enforcement": Sector.ENFORCEMENT,
}


def sector(kind: str | None) -> Sector | None:
    """The sector of an agency kind, or None for agencies that hold no case."""
    return SECTOR_BY_KIND.get(kind or "")


def investigates(kind: str | None) -> bool:
    """True for a cơ quan điều tra or a body assigned investigative tasks (BLTTHS Điều 34, 35); other
    police units (the warehouse's PC10, ward police) are not."""
    return (kind or "") in {k.value for k in INVESTIGATORS}


def guess_kind(name: str, current: str) -> str:
    """The finer kind an existing agency most likely has, from its name (used once, by migration 0010, to
    sort the agencies registered before the kinds were split; an administrator corrects the rest)."""
    from .text import fold
    n = fold(name or "")
    if current not in ("police", "other", "procuracy", "military"):
        return current
    if "co quan dieu tra" in n and ("vien kiem sat" in n or "vksndtc" in n):
        return AgencyKind.PROCURACY_INVESTIGATING_BODY.value
    if "dieu tra" in n and any(k in n for k in ("quan doi", "quan su", "bo quoc phong", "quan khu", "bo tu lenh",
                                                 "quan chung", "quan doan")):
        return AgencyKind.MILITARY_INVESTIGATING_BODY.value
    rules = (("hai quan", AgencyKind.CUSTOMS), ("kiem lam", AgencyKind.FOREST_RANGER),
             ("bien phong", AgencyKind.BORDER_GUARD), ("canh sat bien", AgencyKind.COAST_GUARD),
             ("kiem ngu", AgencyKind.FISHERIES_CONTROL))
    for needle, kind in rules:
        if needle in n:
            return kind.value
    if current == "police" and any(k in n for k in ("co quan canh sat dieu tra", "co quan an ninh dieu tra",
                                                      "co quan dieu tra", "canh sat dieu tra", "canh sat hinh su",
                                                      "canh sat kinh te", "an ninh dieu tra")):
        return AgencyKind.INVESTIGATING_BODY.value
    if current == "other" and any(k in n for k in ("chuyen nganh", "cuu ho", "giam dinh", "trung tam ky thuat")):
        return AgencyKind.SPECIALISED.value
    return current
