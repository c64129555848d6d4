"""The round's kommun on its ballot, so only its officials enter paper ballots

Ballots defined before this revision get "" (no official's kommun).

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
    with op.batch_alter_table("ballot_definition", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kommun", sa.String(length=100), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("ballot_definition", schema=None) as batch_op:
        batch_op.drop_column("kommun")
