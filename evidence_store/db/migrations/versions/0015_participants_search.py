"""Items found by the people on them (issue 17; HANDS-ON 24): the services now add to an item's search text
the owner's identity number and the outside giver and receiver of every record the item is on (name folded,
identity number). Items recorded before this version get those words here, once, the way
``services.participants`` adds them: words already in the text are not repeated, warehouse staff (a seat's
person) are left out. The FTS5 triggers (SQLite) and the trigram index (PostgreSQL) follow the update.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

from evidence_store.domain.text import fold, tokens

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    bind = op.get_bind()
    words: dict[int, list[str]] = {}
    for item_id, owner_id_number in bind.execute(sa.text(
            "SELECT id, owner_id_number FROM items WHERE owner_id_number IS NOT NULL AND owner_id_number <> ''")):
        words.setdefault(item_id, []).append(owner_id_number.strip())
    for item_id, name, id_number in bind.execute(sa.text(
            "SELECT DISTINCT l.item_id, p.full_name, p.id_number FROM handover_lines l "
            "JOIN handovers h ON h.id = l.handover_id "
            "JOIN persons p ON p.id = h.giver_id OR p.id = h.receiver_id "
            "WHERE p.is_officer IS NULL OR NOT p.is_officer")):
        words.setdefault(item_id, []).extend(w for w in (fold(name), (id_number or "").strip()) if w)
    if not words:
        return
    ids = sorted(words)
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start:start + _BATCH]
        texts = dict(bind.execute(sa.text("SELECT id, search_text FROM items WHERE id IN :ids")
                                  .bindparams(sa.bindparam("ids", expanding=True)), {"ids": chunk}).all())
        updates = []
        for item_id in chunk:
            text = texts.get(item_id) or ""
            have = set(tokens(text))
            new = [w for w in tokens(" ".join(words[item_id])) if w not in have]
            if new:
                updates.append({"i": item_id, "t": " ".join(p for p in (text, " ".join(dict.fromkeys(new))) if p)})
        if updates:
            bind.execute(sa.text("UPDATE items SET search_text = :t WHERE id = :i"), updates)


def downgrade() -> None:
    """The added words are harmless to keep: nothing to undo."""
