"""Process history with the evaluation

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06T20:46:26+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("round_evaluation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("process", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("round_evaluation", schema=None) as batch_op:
        batch_op.drop_column("process")
