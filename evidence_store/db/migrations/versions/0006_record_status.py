"""Record status (draft/open/complete/void) apart from the disposal approval (pending/approved/rejected).

Until 0004 ``handovers.status`` mixed the two: open | complete for every record, and pending_approval |
approved | rejected for disposals (a completed disposal became "complete"). From 0005 ``status`` is the
record's status (``domain.records.RecordStatus``) and ``approval`` the commander's decision
(``domain.records.Approval``):

    open              → status draft,    approval ""        (no end time recorded yet: Điều 133.1)
    complete          → status complete, approval ""        (approval "approved" for a disposal)
    pending_approval  → status draft,    approval pending
    approved          → status draft,    approval approved   (the act's real times still to be recorded)
    rejected          → status void,     approval rejected

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handovers") as batch:
        batch.add_column(sa.Column("approval", sa.String(20), nullable=False, server_default=""))
    op.execute("UPDATE handovers SET approval = 'approved' WHERE kind = 'disposal' AND status = 'complete'")
    op.execute("UPDATE handovers SET status = 'draft', approval = 'pending' WHERE status = 'pending_approval'")
    op.execute("UPDATE handovers SET status = 'draft', approval = 'approved' WHERE status = 'approved'")
    op.execute("UPDATE handovers SET status = 'void', approval = 'rejected' WHERE status = 'rejected'")
    op.execute("UPDATE handovers SET status = 'draft' WHERE status = 'open' AND ended_at IS NULL")


def downgrade() -> None:
    op.execute("UPDATE handovers SET status = 'pending_approval' WHERE approval = 'pending'")
    op.execute("UPDATE handovers SET status = 'approved' WHERE approval = 'approved' AND status <> 'complete'")
    op.execute("UPDATE handovers SET status = 'rejected' WHERE approval IN ('rejected', 'withdrawn')")
    op.execute("UPDATE handovers SET status = 'open' WHERE status = 'draft'")
    with op.batch_alter_table("handovers") as batch:
        batch.drop_column("approval")
