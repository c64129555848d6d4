"""The round's cap per proposal, which an assessed cost of a feasible proposal stays within

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06T18:30:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment_round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("max_proposal_cost", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment_round", schema=None) as batch_op:
        batch_op.drop_column("max_proposal_cost")
