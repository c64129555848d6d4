"""A round's pots and each proposal's pot: a feasible proposal's cost stays within its pot's
cap per proposal (revision 0008, after 0007; issue 19)."""

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0008", "0007", None, None


def upgrade() -> None:
    with op.batch_alter_table("assessment_round") as batch_op:
        batch_op.add_column(
            sa.Column("pots", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("assessment_proposal") as batch_op:
        batch_op.add_column(sa.Column("pot", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment_proposal") as batch_op:
        batch_op.drop_column("pot")
    with op.batch_alter_table("assessment_round") as batch_op:
        batch_op.drop_column("pots")
