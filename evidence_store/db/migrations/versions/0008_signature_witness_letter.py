"""Signature slots name the slot a witness attests (a refusal to sign, a fingerprint of a participant who cannot
read: BLTTHS Điều 133.2) and carry the giấy giới thiệu number of a person signing for an agency
(ND 142/2024 Art 14). Status "fingerprint" (điểm chỉ) joins pending | signed_screen | signed_paper | refused.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signatures") as batch:
        batch.add_column(sa.Column("witness_for", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("letter_number", sa.String(100), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("signatures") as batch:
        batch.drop_column("letter_number")
        batch.drop_column("witness_for")
