"""The task inbox at a million records (issue #19: start-up ≤ 1 s): ``ix_handovers_status``. Việc cần làm asks for
the records still to sign or finish and the approved disposals still to carry out — a handful among a million
completed records — by their status; without an index on it, each question read the whole ``handovers`` table
(0.53 s of the home screen's start at 1M items; 0.016 s with the index, built in 0.5 s at that size). And
``ix_signatures_pending``, partial: the slots still to sign, which the register's «chưa hoàn tất» count (the home
screen's banner) listed by reading every signature row (0.57 s at 1M with neither index).

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

PENDING = "status = 'pending'"


revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_handovers_status", "handovers", ["status"])
    op.create_index("ix_signatures_pending", "signatures", ["handover_id"], sqlite_where=sa.text(PENDING),
                    postgresql_where=sa.text(PENDING))


def downgrade() -> None:
    op.drop_index("ix_signatures_pending", table_name="signatures")
    op.drop_index("ix_handovers_status", table_name="handovers")
