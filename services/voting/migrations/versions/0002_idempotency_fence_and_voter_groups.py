"""Idempotency claim fence; the area and age band a ballot counts in (never the identity)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26T18:26:47+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("age_band", sa.String(length=10), nullable=True))

    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.drop_column("applied_at")
        batch_op.drop_column("claim_token")

    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.drop_column("age_band")
        batch_op.drop_column("area")
