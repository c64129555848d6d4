"""Participation markers: that someone voted, derived from their contact key (docs/api.md).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06T20:22:24+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
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
