"""Participants typed one per line, "họ tên, chức vụ" (the forms' placeholder): the name a record prints after
"Ông"/"Bà", and the position after it — never a role string printed as a name (HANDS-ON 52, BLTTHS Điều 133:
a record names the persons who took part)."""

from __future__ import annotations

from .text import fold, nfc


def split_line(line: str) -> tuple[str, str]:
    """'Trần Thị Mai, Kế toán nghiệp vụ' → ('Trần Thị Mai', 'Kế toán nghiệp vụ'); a line without a comma is a
    name alone."""
    name, _, position = nfc(line).partition(",")
    return name.strip(), position.strip()


def without_repeats(names: list[str], already: list[str]) -> list[int]:
    """Indexes of ``names`` to keep: each person once, and none of those who sign in another role already
    (the custodian, the storekeeper), compared without accents or case."""
    seen = {fold(n) for n in already if n}
    keep = []
    for k, name in enumerate(names):
        key = fold(name)
        if key and key not in seen:
            seen.add(key)
            keep.append(k)
    return keep
