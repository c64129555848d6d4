"""Voter kind for the participation figures

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06T21:11:45+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voter_kind", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.drop_column("voter_kind")
