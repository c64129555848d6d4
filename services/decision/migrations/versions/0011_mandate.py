"""The mandate: the political decision that set the round up (issue 23)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06T20:30:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mandate",
        sa.Column("body", sa.String(length=100), nullable=False),
        sa.Column("diarienummer", sa.String(length=50), nullable=False),
        sa.Column("paragraph", sa.String(length=50), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["decision_round.round_id"]),
        sa.PrimaryKeyConstraint("round_id"),
    )


def downgrade() -> None:
    op.drop_table("mandate")
