"""A ballot's currency, from the round's config, for the open data (revision 0012, after
0011). Every ballot stored before it is in Swedish kronor.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07T03:20:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ballot_definition") as batch_op:
        batch_op.add_column(
            sa.Column("currency", sa.String(length=3), nullable=False, server_default="SEK")
        )


def downgrade() -> None:
    with op.batch_alter_table("ballot_definition") as batch_op:
        batch_op.drop_column("currency")
