"""Items are found by the people on them (issue 17; HANDS-ON 24 "participants are not searchable"): the owner or
the person it is held from ("Chủ sở hữu / người quản lý", by name and CCCD) and the outside parties of every
record the item is on — who handed it in, who received it on a release, a return to the owner, a deposit, a
transfer — by name and identity number, accents ignored. Their words are added to the item's folded search text,
the one index the item search reads (FTS5 on SQLite, pg_trgm on PostgreSQL), so a search stays one index lookup.

Warehouse staff are left out: a seat's person (``is_officer``) is on every item and would make a name useless."""

from __future__ import annotations

from sqlalchemy import or_, select

from ..db.models import Handover, HandoverLine, Item, Person
from ..domain.text import fold, tokens


def _person_words(person: Person | None) -> str:
    if person is None or person.is_officer:
        return ""
    return " ".join(p for p in (fold(person.full_name), (person.id_number or "").strip()) if p)


def add_record_people(session, item: Item, handover: Handover) -> None:
    """The giver and receiver of ``handover`` become searchable on ``item`` (called as a line is added)."""
    words = [_person_words(session.get(Person, pid)) for pid in (handover.giver_id, handover.receiver_id) if pid]
    _append(item, " ".join(w for w in words if w))


def record_people_text(session, item_id: int) -> str:
    """The folded words of every outside party on the item's records (a search text rebuilt from scratch)."""
    H, Ln, P = Handover.__table__, HandoverLine.__table__, Person.__table__
    rows = session.execute(
        select(P.c.full_name, P.c.id_number).distinct()
        .select_from(Ln.join(H, H.c.id == Ln.c.handover_id)
                     .join(P, or_(P.c.id == H.c.giver_id, P.c.id == H.c.receiver_id)))
        .where(Ln.c.item_id == item_id, P.c.is_officer.is_(False)))
    return " ".join(" ".join(p for p in (fold(r.full_name), (r.id_number or "").strip()) if p) for r in rows)


def _append(item: Item, words: str) -> None:
    """Adds the words not yet in the item's search text (a person on many records is indexed once)."""
    have = set(tokens(item.search_text or ""))
    new = [w for w in tokens(words) if w not in have]
    if new:
        item.search_text = " ".join(p for p in (item.search_text or "", " ".join(dict.fromkeys(new))) if p)
