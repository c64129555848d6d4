"""participation markers

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06T20:22:24+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "participation_marker",
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("marker", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("round_id", "marker"),
    )


def downgrade() -> None:
    op.drop_table("participation_marker")
