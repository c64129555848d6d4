"""The people who voted in a round with pots, counted once each when voting closed (issue 19:
turnout per person, not per ballot).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07T00:20:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ballot_definition") as batch_op:
        batch_op.add_column(sa.Column("voter_count", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ballot_definition") as batch_op:
        batch_op.drop_column("voter_count")
