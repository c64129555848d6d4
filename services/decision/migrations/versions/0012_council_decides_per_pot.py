"""The council decides per pot: each pot's result with the recommendation, a justification
per pot with the decision (issue 19)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07T00:00:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows stored before pots get the empty list: a round without pots.
    with op.batch_alter_table("recommendation") as batch:
        batch.add_column(
            sa.Column("pots", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("council_decision") as batch:
        batch.add_column(
            sa.Column("justifications", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("council_decision") as batch:
        batch.drop_column("justifications")
    with op.batch_alter_table("recommendation") as batch:
        batch.drop_column("pots")
