"""When a screen reloads (issue #18): the screen in view at once, after a change it shows; a hidden screen only when
it is shown again, and only if something it shows changed meanwhile — a change made here that concerns it
(``Screen.shows(changes)``), or a ledger head that moved since its last load (every change to an item appends an
event, whichever workstation made it). A screen shown again with nothing new does not reload at all."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from evidence_store.services.results import Changes


def merged(changes: list[Changes]) -> Changes:
    """Several changes missed by a hidden screen, as one: it reloads once, not once per change."""
    if len(changes) == 1:
        return changes[0]
    codes = () if any(not c.item_codes for c in changes) else tuple(
        dict.fromkeys(code for c in changes for code in c.item_codes))  # empty: not only some items
    number = next((c.handover_number for c in reversed(changes) if c.handover_number), None)
    case = next((c.case_id for c in reversed(changes) if c.case_id is not None), None)
    return replace(changes[-1], item_codes=codes, handover_number=number, case_id=case, warnings=(), extra={})


class ScreenRefresh:
    """Keeps, per screen, the changes it has not seen and the ledger head it last showed. ``ledger_head()`` reads
    the head (one index step); it is asked when a screen is shown, never for hidden ones."""

    def __init__(self, ledger_head: Callable[[], int]) -> None:
        self._ledger_head = ledger_head
        self._pending: dict[int, list[Changes]] = {}
        self._seen_head: dict[int, int] = {}  # the ledger head each screen last showed
        self._known: int | None = None  # the newest head this window knows of (read, or reached by its own change)

    def clear(self) -> None:
        self._pending.clear()
        self._seen_head.clear()

    def changed(self, changes: Changes, screens, current) -> None:
        """A change made here: the screen in view reloads now if it shows what changed; the others later. A screen
        that was up to date and does not show it stays up to date (its head moves with the change)."""
        before, seq = self._known, changes.ledger_seq or 0
        if seq:
            self._known = max(before or 0, seq)
        for screen in screens:
            sid = id(screen)
            up_to_date = before is not None and self._seen_head.get(sid) == before
            if not _shows(screen, changes):
                if up_to_date and seq:
                    self._seen_head[sid] = self._known
                continue
            if screen is current:
                screen.refresh(changes)
                if up_to_date and seq:
                    self._seen_head[sid] = self._known  # else it keeps its older head: reloads when shown again
            else:
                self._pending.setdefault(sid, []).append(changes)

    def shown(self, screen) -> bool:
        """``screen`` comes into view: it reloads (once) if something it shows changed since; returns whether."""
        sid = id(screen)
        pending = self._pending.pop(sid, [])
        head = self._head()
        seen = self._seen_head.get(sid)
        if head is not None:
            self._seen_head[sid] = self._known = head
        if pending:
            screen.refresh(merged(pending))
            return True
        if seen is not None and head is not None and head != seen and getattr(screen, "follows_ledger", True):
            screen.refresh(None)  # changed elsewhere (another workstation): what exactly is not known here
            return True
        return False

    def _head(self) -> int | None:
        try:
            return self._ledger_head()
        except Exception:  # noqa: BLE001 — no head (database gone, locked session): reload on local changes only
            return None


def _shows(screen, changes: Changes) -> bool:
    shows = getattr(screen, "shows", None)
    return True if shows is None else bool(shows(changes))
