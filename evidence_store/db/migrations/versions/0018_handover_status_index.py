"""The task inbox at a million records (issue #19: start-up ≤ 1 s): ``ix_handovers_status``. Việc cần làm asks for
the records still to sign or finish and the approved disposals still to carry out — a handful among a million
completed records — by their status; without an index on it, each question read the whole ``handovers`` table
(0.53 s of the home screen's start at 1M items; 0.016 s with the index, built in 0.5 s at that size).

Revision ID: 0018
Revises: 0017
"""
from alembic import op


revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_handovers_status", "handovers", ["status"])


def downgrade() -> None:
    op.drop_index("ix_handovers_status", table_name="handovers")
