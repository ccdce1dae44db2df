"""Reports and imports (issue #16).

- ``ix_custody_events_moves``: a partial index on (kind, occurred_at) over the movements that bring an item
  into the warehouse or take it out for good (receive, dispose, transfer_out). The monthly intake / disposal
  counts of the reports are index range counts over it (DESIGN §7: every report under 2 s at a million
  items); the other event kinds (moves, labels, signatures…) are left out, so it costs a few bytes per item,
  not per event.
- ``import_batches`` / ``import_rows``: one row per import run and one per imported register row, keyed by
  the row's content hash, so that importing the same file again does not duplicate anything.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MOVES_WHERE = "kind IN ('receive', 'dispose', 'transfer_out')"


def upgrade() -> None:
    op.create_index("ix_custody_events_moves", "custody_events", ["kind", "occurred_at"],
                    sqlite_where=sa.text(MOVES_WHERE), postgresql_where=sa.text(MOVES_WHERE))
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("preset", sa.String(100), nullable=False, server_default=""),
        sa.Column("rows_total", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("rows_imported", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("rows_skipped", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_import_batches_user_id_users")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_table(
        "import_rows",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(20), nullable=False),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("import_batches.id", name="fk_import_rows_batch_id_import_batches"),
                  nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_import_rows")),
    )


def downgrade() -> None:
    op.drop_table("import_rows")
    op.drop_table("import_batches")
    op.drop_index("ix_custody_events_moves", table_name="custody_events")
