"""Checks of identity documents and serial numbers typed at intake (HANDS-ON 13).

- Căn cước / CCCD: 12 digits; the first three are the province or city of registration
  (Thông tư 07/2016/TT-BCA Điều 7, kept by Thông tư 59/2021/TT-BCA): 001–096, odd gaps unused.
- Old CMND: 9 digits (still printed on older records); passports: a letter and 7–8 digits.
- IMEI: 15 digits, the last a Luhn check digit (3GPP TS 23.003 §6.2.1).
"""

from __future__ import annotations

import re

# Province codes of the 63 provinces and cities (TT 07/2016/TT-BCA, Phụ lục): 001 Hà Nội … 096 Cà Mau.
PROVINCE_CODES = frozenset({
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44,
    45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89,
    91, 92, 93, 94, 95, 96,
})
_PASSPORT = re.compile(r"[A-Z]\d{7,8}")


def id_number_problem(raw: str) -> str | None:
    """None when the number is a plausible CCCD, CMND or passport number; else the reason code:
    "not_digits", "cccd_length", "cccd_province"."""
    text = (raw or "").strip().replace(" ", "").upper()
    if not text:
        return None
    if _PASSPORT.fullmatch(text):
        return None
    if not text.isdigit():
        return "not_digits"
    if len(text) == 9:
        return None  # chứng minh nhân dân (cũ)
    if len(text) != 12:
        return "cccd_length"
    if int(text[:3]) not in PROVINCE_CODES:
        return "cccd_province"
    return None


def cccd_problem(raw: str) -> str | None:
    """The căn cước a person handing items to the warehouse shows (ND 142/2024 Điều 14; the old CMND stopped being
    valid after 31/12/2024: Luật Căn cước 2023 Điều 46): None, or "id_required", "not_digits", "cccd_length",
    "cccd_province"."""
    text = (raw or "").strip().replace(" ", "")
    if not text:
        return "id_required"
    if not text.isdigit():
        return "not_digits"
    if len(text) != 12:
        return "cccd_length"
    if int(text[:3]) not in PROVINCE_CODES:
        return "cccd_province"
    return None


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def imei_problem(raw: str) -> str | None:
    """None for a valid 15-digit IMEI (spaces, dashes and slashes allowed); else "imei_length" or
    "imei_check". A 14-digit IMEI without its check digit is accepted as written on some labels."""
    text = re.sub(r"[\s/-]", "", raw or "")
    if not text:
        return None
    if not text.isdigit() or len(text) not in (14, 15):
        return "imei_length"
    if len(text) == 15 and not luhn_ok(text):
        return "imei_check"
    return None


def imei_check_digit(first14: str) -> str:
    """The Luhn digit completing a 14-digit IMEI body."""
    for d in "0123456789":
        if luhn_ok(first14 + d):
            return d
    raise ValueError(first14)
