"""Evaluator access log

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06T20:24:53+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evaluator_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("accessed_by", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("what", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["decision_round.round_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evaluator_access", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluator_access_round_id"), ["round_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("evaluator_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluator_access_round_id"))

    op.drop_table("evaluator_access")
