"""Kiểm kê: audit plans, their frozen expected sets, scans, results and the zone schedule.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("warehouse_id", sa.Integer, sa.ForeignKey("warehouses.id", name="fk_audits_warehouse_id_warehouses"),
                  nullable=False),
        sa.Column("scope_location_id", sa.Integer,
                  sa.ForeignKey("locations.id", name="fk_audits_scope_location_id_locations")),
        sa.Column("scope_category", sa.String(30), nullable=False),
        sa.Column("scope_case_id", sa.Integer, sa.ForeignKey("cases.id", name="fk_audits_scope_case_id_cases")),
        sa.Column("high_risk_only", sa.Boolean, nullable=False),
        sa.Column("confidence", sa.Float),
        sa.Column("margin", sa.Float),
        sa.Column("seed", sa.Integer),
        sa.Column("high_risk_weight", sa.Float, nullable=False),
        sa.Column("weight_tolerance", sa.Float, nullable=False),
        sa.Column("population", sa.Integer, nullable=False),
        sa.Column("sample_size", sa.Integer, nullable=False),
        sa.Column("location_ids", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("team", sa.Text, nullable=False),
        sa.Column("place", sa.String(300), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", name="fk_audits_created_by_users")),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("reconciled_at", sa.DateTime),
        sa.Column("closed_at", sa.DateTime),
        sa.Column("ledger_seq", sa.Integer),
        sa.Column("ledger_hash", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_audits"),
        sa.UniqueConstraint("number", name="uq_audits_number"),
    )
    op.create_index("ix_audits_status", "audits", ["status"])
    op.create_table(
        "audit_targets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("audit_id", sa.Integer, sa.ForeignKey("audits.id", name="fk_audit_targets_audit_id_audits"),
                  nullable=False),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("items.id", name="fk_audit_targets_item_id_items"),
                  nullable=False),
        sa.Column("location_id", sa.Integer),
        sa.Column("state", sa.String(30), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_targets"),
        sa.UniqueConstraint("audit_id", "item_id", name="uq_audit_targets_audit_item"),
    )
    op.create_index("ix_audit_targets_audit_id", "audit_targets", ["audit_id"])
    op.create_table(
        "audit_scans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("audit_id", sa.Integer, sa.ForeignKey("audits.id", name="fk_audit_scans_audit_id_audits"),
                  nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.Column("workstation", sa.String(100), nullable=False),
        sa.Column("scanned_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("location_id", sa.Integer),
        sa.Column("item_id", sa.Integer),
        sa.Column("seal_seen", sa.String(60)),
        sa.Column("seal_intact", sa.Boolean),
        sa.Column("measured", sa.Text, nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_scans"),
    )
    op.create_index("ix_audit_scans_audit_item", "audit_scans", ["audit_id", "item_id"])
    op.create_index("ix_audit_scans_audit_user", "audit_scans", ["audit_id", "user_id", "id"])
    op.create_table(
        "audit_lines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("audit_id", sa.Integer, sa.ForeignKey("audits.id", name="fk_audit_lines_audit_id_audits"),
                  nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("item_id", sa.Integer),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("expected_location_id", sa.Integer),
        sa.Column("found_location_id", sa.Integer),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("resolution", sa.String(20), nullable=False),
        sa.Column("resolution_note", sa.Text, nullable=False),
        sa.Column("resolution_ref", sa.String(80), nullable=False),
        sa.Column("resolved_by", sa.Integer),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("recount_requested", sa.Boolean, nullable=False),
        sa.Column("ledger_seq", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_audit_lines"),
    )
    op.create_index("ix_audit_lines_audit_id", "audit_lines", ["audit_id"])
    op.create_index("ix_audit_lines_item_id", "audit_lines", ["item_id"])
    op.create_table(
        "audit_schedule",
        sa.Column("location_id", sa.Integer,
                  sa.ForeignKey("locations.id", name="fk_audit_schedule_location_id_locations"), nullable=False),
        sa.Column("interval_days", sa.Integer, nullable=False),
        sa.Column("next_on", sa.Date),
        sa.Column("last_audit_number", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("location_id", name="pk_audit_schedule"),
    )


def downgrade() -> None:
    op.drop_table("audit_schedule")
    op.drop_index("ix_audit_lines_item_id", table_name="audit_lines")
    op.drop_index("ix_audit_lines_audit_id", table_name="audit_lines")
    op.drop_table("audit_lines")
    op.drop_index("ix_audit_scans_audit_user", table_name="audit_scans")
    op.drop_index("ix_audit_scans_audit_item", table_name="audit_scans")
    op.drop_table("audit_scans")
    op.drop_index("ix_audit_targets_audit_id", table_name="audit_targets")
    op.drop_table("audit_targets")
    op.drop_index("ix_audits_status", table_name="audits")
    op.drop_table("audits")
