"""Drop the ballot table's index on round_id alone

The unique index on (round_id, voter_key) serves every lookup by round (its leading column),
so the second index only cost a b-tree insertion per stored ballot.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27T04:10:00+00:00
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballot_round_id"))


def downgrade() -> None:
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballot_round_id"), ["round_id"], unique=False)
