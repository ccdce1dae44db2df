"""Plain data of the home screen."""

from __future__ import annotations

from dataclasses import dataclass

from .items import DeadlineView, EventView, ItemRow


@dataclass(frozen=True)
class Dashboard:
    """The home screen (DESIGN §2 deadlines; TT 01/2017 Điều 13.2 backlog)."""

    awaiting_intake: int
    awaiting_intake_items: tuple[ItemRow, ...]
    temporary_due: tuple[DeadlineView, ...]  # temporary releases due soon or overdue
    legal_due: tuple[DeadlineView, ...]  # other legal deadlines due soon or overdue
    pending_year_count: int | None  # held ≥ 1 year without disposal: flagged for joint review (None: not
    # counted here — the home screen counts it apart, off the UI thread: services.deadlines_service.pending_now)
    pending_year_items: tuple[ItemRow, ...]  # the oldest of them (empty when not counted)
    recent: tuple[EventView, ...]  # last events, newest first
    recent_text: tuple[str, ...]  # describe_event of each recent event
