"""What a mutation returns: what changed, as plain data, so screens refresh from it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """The outcome of one service call."""

    item_codes: tuple[str, ...] = ()
    handover_number: str | None = None
    case_id: int | None = None
    ledger_seq: int = 0
    ledger_hash: str = ""
    warnings: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
