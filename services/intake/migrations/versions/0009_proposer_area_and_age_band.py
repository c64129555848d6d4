"""proposer area and age band

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07T00:10:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposer_area", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("proposer_age_band", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_column("proposer_age_band")
        batch_op.drop_column("proposer_area")
