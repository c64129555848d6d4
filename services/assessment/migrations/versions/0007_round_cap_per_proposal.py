"""The round's cap per proposal, which the assessed cost of a feasible proposal stays within
(revision 0007, after 0006)."""

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0007", "0006", None, None


def upgrade() -> None:
    with op.batch_alter_table("assessment_round") as batch_op:
        batch_op.add_column(sa.Column("max_proposal_cost", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment_round") as batch_op:
        batch_op.drop_column("max_proposal_cost")
