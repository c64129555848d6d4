"""A round's pots, and the pot each proposal is for (revision 0006, after 0005)."""

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0006", "0005", None, None


def upgrade() -> None:
    with op.batch_alter_table("intake_round", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pots", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pot", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_column("pot")
    with op.batch_alter_table("intake_round", schema=None) as batch_op:
        batch_op.drop_column("pots")
