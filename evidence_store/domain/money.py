"""Cash at intake and on paper: denominations with their counts, the computed total, and the amount
in Vietnamese words ("bằng chữ"), as the official forms write it (HANDS-ON 13, 77).

Vietnamese number reading: groups of three digits with "nghìn", "triệu", "tỷ"; "linh" for a zero
tens digit before a unit ("một trăm linh năm"), "mốt" for 1 after a tens digit ≥ 2, "lăm" for 5
after a tens digit, "mười" for 10–19; an inner group below 100 is read with "không trăm".
"""

from __future__ import annotations

import re

# Banknotes and coins of the State Bank of Vietnam in circulation.
VND_DENOMINATIONS = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100)

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")
_PAIR = re.compile(r"^\s*([\d.,\s]+?)\s*(?:đồng|đ|vnd)?\s*[x×*]\s*(\d+)\s*(?:tờ|chiếc|đồng xu)?\s*$", re.IGNORECASE)


class DenominationError(ValueError):
    """``reason``: "format" (a part is not "mệnh giá × số tờ") or "denomination" (no such note)."""

    def __init__(self, reason: str, part: str) -> None:
        super().__init__(f"{reason}: {part}")
        self.reason, self.part = reason, part


def parse_denominations(text: str, allowed: tuple[int, ...] | None = VND_DENOMINATIONS) -> tuple[tuple[int, int], ...]:
    """"500.000 x 4; 200000×3" → ((500000, 4), (200000, 3)). Parts are separated by ";" or new lines;
    ``allowed`` (None for foreign currencies) lists the valid denominations."""
    pairs: dict[int, int] = {}
    for part in re.split(r"[;\n]+", text or ""):
        if not part.strip():
            continue
        match = _PAIR.match(part)
        if not match:
            raise DenominationError("format", part.strip())
        value = int(re.sub(r"[.,\s]", "", match.group(1)) or 0)
        count = int(match.group(2))
        if value <= 0 or count <= 0:
            raise DenominationError("format", part.strip())
        if allowed is not None and value not in allowed:
            raise DenominationError("denomination", part.strip())
        pairs[value] = pairs.get(value, 0) + count
    return tuple(sorted(pairs.items(), reverse=True))


def group_digits(n: int) -> str:
    """2500000 → "2.500.000" (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def format_denominations(pairs) -> str:
    return "; ".join(f"{group_digits(v)} × {c}" for v, c in pairs)


def denominations_total(pairs) -> int:
    return sum(v * c for v, c in pairs)


def _three(n: int, full: bool) -> list[str]:
    """Words for 0–999; ``full`` reads a leading zero hundreds ("không trăm") inside a number."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return words


def number_in_words(n: int) -> str:
    """1234567 → "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"."""
    if n < 0:
        return "âm " + number_in_words(-n)
    if n == 0:
        return "không"
    billions, rest = divmod(n, 1_000_000_000)
    words: list[str] = []
    if billions:
        words += [number_in_words(billions), "tỷ"]
    groups = [rest // 1_000_000, rest // 1000 % 1000, rest % 1000]
    for i, g in enumerate(groups):
        if g == 0:
            continue
        words += _three(g, full=bool(words))
        if _GROUPS[2 - i]:
            words.append(_GROUPS[2 - i])
    return " ".join(words)


def amount_in_words(amount: int, currency: str = "đồng") -> str:
    """"Hai triệu năm trăm nghìn đồng" (capitalised, as written after "Bằng chữ:")."""
    text = f"{number_in_words(int(amount))} {currency}".strip()
    return text[:1].upper() + text[1:]
