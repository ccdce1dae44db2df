"""Who may decide what (issue #11): finer agency kinds (investigating bodies, bodies assigned investigative
tasks, other police units, specialised bodies), case milestones, the stage a case had when registered, and
the NQ 164/2024/QH15 pilot flag.

Existing agencies are sorted into the finer kinds by their names (``domain.agencies.guess_kind``: "Cơ quan
Cảnh sát điều tra", "Phòng Cảnh sát hình sự", "Hải quan", "Kiểm lâm" ...); the others keep their kind and an
administrator corrects them in Quản trị. Existing cases keep their stage as ``stage_origin`` (the stage
derived from milestones starts there).

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as b:
        b.add_column(sa.Column("stage_origin", sa.String(20), nullable=False, server_default="investigation"))
        b.add_column(sa.Column("pilot_regime", sa.Boolean(), nullable=False, server_default=sa.false()))
        b.add_column(sa.Column("pilot_reference", sa.String(300), nullable=False, server_default=""))
    op.execute("UPDATE cases SET stage_origin = stage WHERE stage IN "
               "('investigation', 'prosecution', 'trial', 'enforcement', 'closed')")
    op.create_table(
        "case_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("cases.id", name="fk_case_milestones_case_id_cases"),
                  nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("document_id", sa.Integer(),
                  sa.ForeignKey("documents.id", name="fk_case_milestones_document_id_documents"), nullable=False),
        sa.Column("issuing_agency_id", sa.Integer(),
                  sa.ForeignKey("agencies.id", name="fk_case_milestones_issuing_agency_id_agencies")),
        sa.Column("stage_before", sa.String(20), nullable=False),
        sa.Column("stage_after", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), sa.ForeignKey("users.id", name="fk_case_milestones_recorded_by_users")),
        sa.Column("confirmed_by", sa.Integer(),
                  sa.ForeignKey("users.id", name="fk_case_milestones_confirmed_by_users")),
        sa.Column("confirmed_at", sa.DateTime()),
        sa.Column("ledger_seq", sa.Integer()),
        sa.PrimaryKeyConstraint("id", name="pk_case_milestones"),
    )
    op.create_index("ix_case_milestones_case_id", "case_milestones", ["case_id"])
    _sort_agencies()


def _sort_agencies() -> None:
    from evidence_store.domain.agencies import guess_kind
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name, kind FROM agencies")).fetchall()
    for agency_id, name, kind in rows:
        new = guess_kind(name, kind)
        if new != kind:
            conn.execute(sa.text("UPDATE agencies SET kind = :k WHERE id = :i"), {"k": new, "i": agency_id})


def downgrade() -> None:
    op.drop_index("ix_case_milestones_case_id", table_name="case_milestones")
    op.drop_table("case_milestones")
    with op.batch_alter_table("cases") as b:
        b.drop_column("pilot_reference")
        b.drop_column("pilot_regime")
        b.drop_column("stage_origin")
