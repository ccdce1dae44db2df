"""Persons on records (issue 12; HANDS-ON 47, 75): the issue date and place of their identity card (ND 142/2024
Art 14 names the people who give and receive by their identity papers) and their gender, so that a record
writes "Ông" or "Bà" before a name (and "Ông/Bà" when it is not known).

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("persons") as batch:
        batch.add_column(sa.Column("gender", sa.String(10), nullable=False, server_default=""))
        batch.add_column(sa.Column("id_issued_on", sa.Date))
        batch.add_column(sa.Column("id_issued_by", sa.String(200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("id_issued_by")
        batch.drop_column("id_issued_on")
        batch.drop_column("gender")
