"""Kiểm kê (inventory audits): plans, sample sizes, seeded samples, and the classification of what
was counted against what the register expects. Pure: no database.

Sources: periodic kiểm kê and its biên bản (TT 01/2017/TT-BTP Điều 12 → TT 01/2016 Điều 12; LEGAL.md F);
a 100 % inventory when the custodian changes (IAPE Standard 15.1); random samples of high-risk items at a
stated confidence, e.g. 95 % ± 3 % (CALEA 84.1.6, IAPE Dec 2019); "high risk" = cash, precious metals and
jewellery, firearms, drugs (IU PD G15.1.7); seal checks at every audit (ND 127/2017 Điều 11.2.a).
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from statistics import NormalDist
from typing import Iterable, Sequence

from ..i18n import N_
from .errors import ValidationError


class AuditKind(StrEnum):
    FULL = "full"  # toàn kho
    ZONE = "zone"  # một khu / cây vị trí
    CATEGORY = "category"  # theo loại vật chứng
    CASE = "case"  # theo vụ án
    SAMPLE_ITEMS = "sample_items"  # chọn mẫu ngẫu nhiên vật chứng
    SAMPLE_LOCATIONS = "sample_locations"  # chọn mẫu ngẫu nhiên vị trí


AUDIT_KIND_LABELS = {
    AuditKind.FULL: N_("Kiểm kê toàn kho"),
    AuditKind.ZONE: N_("Kiểm kê theo khu / vị trí"),
    AuditKind.CATEGORY: N_("Kiểm kê theo loại vật chứng"),
    AuditKind.CASE: N_("Kiểm kê theo vụ án"),
    AuditKind.SAMPLE_ITEMS: N_("Kiểm kê chọn mẫu vật chứng"),
    AuditKind.SAMPLE_LOCATIONS: N_("Kiểm kê chọn mẫu vị trí"),
}
SAMPLED = frozenset({AuditKind.SAMPLE_ITEMS, AuditKind.SAMPLE_LOCATIONS})


class AuditStatus(StrEnum):
    COUNTING = "counting"  # đang kiểm đếm (scans accepted)
    RECONCILED = "reconciled"  # đã đối chiếu: discrepancies being resolved
    CLOSED = "closed"  # biên bản ký, kết thúc


AUDIT_STATUS_LABELS = {
    AuditStatus.COUNTING: N_("Đang kiểm đếm"),
    AuditStatus.RECONCILED: N_("Đã đối chiếu, đang xử lý chênh lệch"),
    AuditStatus.CLOSED: N_("Đã kết thúc"),
}


class Result(StrEnum):
    FOUND = "found"  # đúng vị trí
    WRONG_PLACE = "wrong_place"  # có trong kho, sai vị trí
    MISSING = "missing"  # không tìm thấy
    UNEXPECTED = "unexpected"  # mã có trong hệ thống nhưng thuộc nơi khác / trạng thái khác
    UNKNOWN = "unknown"  # mã không có trong hệ thống
    ABSENT_EXPECTED = "absent_expected"  # đang tạm xuất / gửi / giao bảo quản: vắng mặt là đúng
    SEAL_BROKEN = "seal_broken"  # niêm phong rách hoặc số niêm phong khác
    QUANTITY_DIFFERS = "quantity_differs"  # số lượng / khối lượng / mệnh giá khác
    # a sealed high-risk item counted without its seal read (a handheld's scan file, a skipped question):
    # unverified, so it must be resolved like any discrepancy before the record is signed
    SEAL_NOT_CHECKED = "seal_not_checked"
    # cash counted without its count, drugs or gold without their weight (a skipped question, a handheld's scan
    # file): a high-risk item seen but not measured is not "found in place" (issue 15; IAPE: high-risk items are
    # counted and weighed)
    MEASURE_NOT_TAKEN = "measure_not_taken"


RESULT_LABELS = {
    Result.FOUND: N_("Đúng vị trí"),
    Result.WRONG_PLACE: N_("Sai vị trí"),
    Result.MISSING: N_("Không tìm thấy"),
    Result.UNEXPECTED: N_("Không thuộc phạm vi / trạng thái khác"),
    Result.UNKNOWN: N_("Mã không có trong hệ thống"),
    Result.ABSENT_EXPECTED: N_("Vắng mặt hợp lệ (tạm xuất, gửi, giao bảo quản)"),
    Result.SEAL_BROKEN: N_("Niêm phong bị rách / thay đổi"),
    Result.QUANTITY_DIFFERS: N_("Số lượng / khối lượng chênh lệch"),
    Result.SEAL_NOT_CHECKED: N_("Chưa kiểm tra niêm phong (nhóm rủi ro cao)"),
    Result.MEASURE_NOT_TAKEN: N_("Chưa đếm tiền / cân lại (nhóm rủi ro cao)"),
}
RESULT_ORDER = tuple(Result)
# Results that need a resolution before the record is signed.
DISCREPANCIES = frozenset({Result.WRONG_PLACE, Result.MISSING, Result.UNEXPECTED, Result.UNKNOWN,
                           Result.SEAL_BROKEN, Result.QUANTITY_DIFFERS, Result.SEAL_NOT_CHECKED,
                           Result.MEASURE_NOT_TAKEN})


class Resolution(StrEnum):
    MOVE = "move"  # chuyển về đúng vị trí (storage.move_items)
    ACCEPT_PLACE = "accept_place"  # ghi nhận vị trí thực tế (storage.move_items to where found)
    INCIDENT_LOST = "incident_lost"  # biên bản sự cố: mất (incidents.record_incident)
    INCIDENT_DAMAGED = "incident_damaged"  # sự cố: hư hỏng
    SEAL_INCIDENT = "seal_incident"  # niêm phong bị phá: biên bản sự cố niêm phong (services.seals, ND 127/2017 Đ.11)
    CORRECTION = "correction"  # đính chính số lượng / khối lượng (corrections.record_correction)
    SEAL_CHECKED = "seal_checked"  # the seal read afterwards: the register's number, intact
    MEASURE_CHECKED = "measure_checked"  # counted / weighed afterwards: as the register says
    EXPLAINED = "explained"  # giải trình có căn cứ (no change to the item), by a commander
    RECOUNT = "recount"  # the line is counted again


RESOLUTION_LABELS = {
    Resolution.MOVE: N_("Chuyển về đúng vị trí"),
    Resolution.ACCEPT_PLACE: N_("Ghi nhận vị trí thực tế"),
    Resolution.INCIDENT_LOST: N_("Lập biên bản sự cố: mất"),
    Resolution.INCIDENT_DAMAGED: N_("Lập biên bản sự cố: hư hỏng"),
    Resolution.SEAL_INCIDENT: N_("Lập biên bản niêm phong bị phá, báo cơ quan thụ lý"),
    Resolution.CORRECTION: N_("Đính chính số lượng, khối lượng"),
    Resolution.SEAL_CHECKED: N_("Đã kiểm tra lại: niêm phong đúng số, nguyên vẹn"),
    Resolution.MEASURE_CHECKED: N_("Đã đếm / cân lại: đúng như sổ"),
    Resolution.EXPLAINED: N_("Giải trình, giữ nguyên"),
    Resolution.RECOUNT: N_("Đếm lại"),
}

# Which resolutions fit which result (the UI offers these; the service refuses the others).
RESOLUTIONS_FOR = {
    Result.WRONG_PLACE: (Resolution.MOVE, Resolution.ACCEPT_PLACE),
    Result.MISSING: (Resolution.INCIDENT_LOST, Resolution.EXPLAINED),
    Result.UNEXPECTED: (Resolution.ACCEPT_PLACE, Resolution.EXPLAINED),
    Result.UNKNOWN: (Resolution.EXPLAINED,),
    Result.SEAL_BROKEN: (Resolution.SEAL_INCIDENT, Resolution.EXPLAINED),
    # a seal found broken while counting is a seal incident, recorded and reported as at a return (#12's seals)
    Result.QUANTITY_DIFFERS: (Resolution.CORRECTION, Resolution.INCIDENT_DAMAGED, Resolution.EXPLAINED),
    Result.SEAL_NOT_CHECKED: (Resolution.SEAL_CHECKED, Resolution.SEAL_INCIDENT, Resolution.EXPLAINED),
    # a count that then differs is not this resolution: the line is counted again (recount) or corrected
    Result.MEASURE_NOT_TAKEN: (Resolution.MEASURE_CHECKED, Resolution.EXPLAINED),
}

# IU PD G15.1.7 / CALEA 84.1.6: cash, precious metals and jewellery, firearms, drugs.
HIGH_RISK = frozenset({"cash_vnd", "foreign_cash", "gold", "drugs", "military_weapon"})
CASH = frozenset({"cash_vnd", "foreign_cash"})
WEIGHED = {"drugs": ("net_weight_g", "gross_weight_g"), "gold": ("weight_g",)}
DEFAULT_WEIGHT_TOLERANCE = 0.02  # re-weighing: 2 % (packaging moisture, scale class); configurable per audit


# --- sample size --------------------------------------------------------------------------------

def z_score(confidence: float) -> float:
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def sample_size(population: int, confidence: float = 0.95, margin: float = 0.03, proportion: float = 0.5) -> int:
    """Cochran's n₀ = z²·p(1−p)/e² with the finite-population correction n = n₀ / (1 + (n₀ − 1)/N),
    rounded up; never more than the population (95 % ± 3 %: n₀ = 1067.1 → 1068 for a large N)."""
    if not 0.5 <= confidence < 1:
        raise ValidationError("confidence_out_of_range", field="confidence", value=confidence)
    if not 0 < margin < 0.5:
        raise ValidationError("margin_out_of_range", field="margin", value=margin)
    if population <= 0:
        return 0
    n0 = z_score(confidence) ** 2 * proportion * (1 - proportion) / margin ** 2
    n = n0 / (1 + (n0 - 1) / population)
    return min(population, math.ceil(n - 1e-9))


def weighted_sample(ids: Sequence[int], weights: Sequence[float], k: int, seed: int) -> list[int]:
    """k ids without replacement, item i drawn with probability proportional to weights[i]
    (Efraimidis–Spirakis keys u^(1/w)); the same seed and population give the same sample."""
    if k >= len(ids):
        return sorted(ids)
    rng = random.Random(seed)
    keyed = []
    for i, w in zip(ids, weights):
        u = rng.random()
        keyed.append((math.log(u if u > 0 else 1e-300) / w, i))
    keyed.sort(reverse=True)
    return sorted(i for _, i in keyed[:k])


def weight_of(category: str, high_risk_weight: float) -> float:
    return high_risk_weight if category in HIGH_RISK else 1.0


# --- classification -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Expected:
    """What the register says about one item in the audit's scope, frozen when counting starts."""

    item_id: int
    location_id: int | None  # where it should be (away by design: the last place it had here)
    state: str


@dataclass(frozen=True)
class Seen:
    """What the team found for one item: where, and the checks made on the spot."""

    item_id: int
    location_id: int | None


HELD_AWAY = frozenset({"out_temporary", "deposited", "entrusted"})


def classify_seen(seen_location: int | None, expected: Expected | None, current_state: str,
                  current_location: int | None, in_scope) -> Result:
    """Place result of a scanned known item: found / wrong place / unexpected."""
    if expected is not None and expected.state not in HELD_AWAY and expected.location_id is not None:
        return Result.FOUND if seen_location == expected.location_id else Result.WRONG_PLACE
    if current_state == "in_storage" and current_location is not None and in_scope(current_location):
        return Result.FOUND if seen_location == current_location else Result.WRONG_PLACE
    return Result.UNEXPECTED


def classify_unseen(expected: Expected, current_state: str) -> Result:
    """An expected item nobody scanned: missing, unless it is away by design (tạm xuất, gửi, giao bảo quản)."""
    if expected.state in HELD_AWAY or current_state in HELD_AWAY:
        return Result.ABSENT_EXPECTED
    return Result.MISSING


def seal_differs(sealed: bool, seal_number: str, seen_seal: str | None, seal_intact: bool | None) -> bool:
    """The seal on the shelf is broken, or carries another number than the register (ND 127/2017 Điều 11.2.a)."""
    if seal_intact is False:
        return True
    if seen_seal is None or not sealed:
        return False
    return _norm_seal(seen_seal) != _norm_seal(seal_number)


def _norm_seal(s: str) -> str:
    return "".join(ch for ch in (s or "").upper() if ch.isalnum())


def parse_denominations(text: str) -> dict[int, int]:
    """'500000x20; 200000 × 5' → {500000: 20, 200000: 5}; the intake's own form too ("50.000 đ × 27 tờ", as the
    register stores it: domain.money reads both, so a count is compared with what was registered). Refuses what is
    not denomination × count."""
    from .money import DenominationError
    from .money import parse_denominations as pairs
    try:
        # "500.000 x 1, 200.000 x 2": a comma and a space part the pairs; "500,000" is a thousands separator
        return dict(pairs(re.sub(r",\s+", ";", text or ""), allowed=None))
    except DenominationError as e:
        raise ValidationError("denominations_invalid", field="denominations", value=e.part) from None


def to_number(value) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise ValidationError("measure_invalid", field="measure", value=str(value)) from None


def quantity_differs(category: str, quantity: float, attributes: dict, measured: dict,
                     tolerance: float = DEFAULT_WEIGHT_TOLERANCE) -> list[str]:
    """The measures that differ: cash by denomination (exact), weighed categories beyond the relative
    tolerance, any item by its counted quantity (exact). Empty when everything agrees or nothing was measured."""
    out = []
    if "quantity" in measured and measured["quantity"] is not None:
        if to_number(measured["quantity"]) != to_number(quantity):
            out.append("quantity")
    if category in CASH and measured.get("denominations"):
        try:
            registered = parse_denominations(str(attributes.get("denominations", "")))
        except ValidationError:
            registered = {}
        if parse_denominations(measured["denominations"]) != registered:
            out.append("denominations")
    for name in WEIGHED.get(category, ()):
        got = to_number(measured.get(name))
        want = to_number(attributes.get(name))
        if got is None or want is None:
            continue
        if abs(got - want) > abs(want) * Decimal(str(tolerance)):
            out.append(name)
    return out


def needs_seal_question(category: str, sealed: bool) -> bool:
    """High-risk sealed items: the auditor types the seal number read on the spot."""
    return category in HIGH_RISK and sealed


def needs_measure(category: str) -> bool:
    return category in CASH or category in WEIGHED


def measure_missing(category: str, measured: dict) -> bool:
    """A high-risk item that must be counted (cash: by denomination or number of notes) or weighed (drugs, gold:
    any of its registered weights) and was not."""
    if category in CASH:
        return not (measured.get("denominations") or measured.get("quantity") not in (None, ""))
    if category in WEIGHED:
        return not any(measured.get(name) not in (None, "") for name in WEIGHED[category])
    return False


def totals(results: Iterable[str]) -> dict[str, int]:
    out = {r.value: 0 for r in RESULT_ORDER}
    for r in results:
        out[r] = out.get(r, 0) + 1
    return out
