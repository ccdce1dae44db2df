"""Index for the dashboard's backlog (items held ≥ 1 year, TT 01/2017 Điều 13.2): a range scan
of received_at within each held state.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_state_received_at", "items", ["state", "received_at"])


def downgrade() -> None:
    op.drop_index("ix_items_state_received_at", table_name="items")
