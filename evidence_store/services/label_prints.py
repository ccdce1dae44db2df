"""Label printing is a custody event (DESIGN §4): each print is recorded, and a reprint is
numbered so the label can say "BẢN IN LẠI n"."""

from __future__ import annotations

from sqlalchemy import func, select

from ..domain.errors import ValidationError
from ..domain.permissions import require
from ..db.models import CustodyEvent
from . import persistence
from . import workflow
from .results import Changes

MAX_COPIES = 20


def record_label_print(uow, codes, copies: int = 1, *, occurred_at=None) -> Changes:
    """Append one "label_printed" event per item. ``Changes.extra["reprints"]`` maps each code to
    its reprint number n (0 for the first print). ``occurred_at``: when the labels were printed, if not now (a
    register's history written afterwards, the demo); the ledger's chronology checks apply to it."""
    require(uow.actor, "print_labels")
    if not 1 <= int(copies) <= MAX_COPIES:
        raise ValidationError("copies_out_of_range", field="copies", limit=MAX_COPIES)
    items = persistence.items_by_codes(uow.session, codes)
    printed = _print_counts(uow.session, [i.id for i in items])
    reprints = {}
    for item in items:
        n = printed.get(item.id, 0)
        persistence.record(uow, item, "label_printed", {"reprint": n, "copy": n + 1, "copies": int(copies)},
                           occurred_at=occurred_at)
        reprints[item.code] = n
    return workflow.finish(uow, items, reprints=reprints)


def _print_counts(session, ids: list[int]) -> dict[int, int]:
    stmt = (select(CustodyEvent.item_id, func.count()).where(CustodyEvent.item_id.in_(ids),
                                                             CustodyEvent.kind == "label_printed")
            .group_by(CustodyEvent.item_id))
    return dict(session.execute(stmt).all())
