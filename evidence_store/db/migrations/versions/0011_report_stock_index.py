"""The stock reports (age bands, categories, backlog ≥ 1 year) as index-only scans (issue #16: every report
under 2 s at a million items): ``ix_items_stock (state, received_at, category, responsible_agency_id,
case_id, warehouse_id)`` holds every column those queries filter and group by, so SQLite never reads the wide
item rows (~1 KB each with their search text) for them.

Revision ID: 0011
Revises: 0010
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_stock", "items",
                    ["state", "received_at", "category", "responsible_agency_id", "case_id", "warehouse_id"])


def downgrade() -> None:
    op.drop_index("ix_items_stock", table_name="items")
