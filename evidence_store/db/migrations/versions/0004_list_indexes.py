"""Narrow indexes for the item list at a million rows (DESIGN §7: jump to row 900,000 in ~50 ms).

OFFSET over the wide items table walks every row before the page (~1 GB at 1M items); over a narrow
index it walks 16-byte entries. ``ix_items_id`` serves newest/oldest first (SQLite picks it as a
covering index for ``SELECT id … ORDER BY id``), ``ix_items_sort_key_id`` the name order; the filters
(state, category, case, location, agency) already have one-column indexes, which on SQLite end with
the rowid and so also serve ``ORDER BY id``.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_id", "items", ["id"])
    op.create_index("ix_items_sort_key_id", "items", ["sort_key", "id"])


def downgrade() -> None:
    op.drop_index("ix_items_sort_key_id", table_name="items")
    op.drop_index("ix_items_id", table_name="items")
