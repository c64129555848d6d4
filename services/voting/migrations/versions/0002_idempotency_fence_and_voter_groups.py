"""Idempotency claim fence; the area and age band a ballot counts in (never the identity)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26T18:26:47+00:00
"""

import sqlalchemy as sa
from alembic import op

from services.common.shared_revisions import add_idempotency_fence, drop_idempotency_fence

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("age_band", sa.String(length=10), nullable=True))

    add_idempotency_fence()


def downgrade() -> None:
    drop_idempotency_fence()

    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.drop_column("age_band")
        batch_op.drop_column("area")
