"""Counting rule options

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26T18:48:29+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ballot_definition", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("min_project_score_threshold", sa.BigInteger(), nullable=True)
        )
        # Ballots defined before this revision have no exclusive pairs.
        batch_op.add_column(
            sa.Column("exclusive_pairs", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("ballot_definition", schema=None) as batch_op:
        batch_op.drop_column("exclusive_pairs")
        batch_op.drop_column("min_project_score_threshold")
