"""The round's kommun, so officials and assessors act only in their own kommun's rounds

Rounds registered before this revision get "" (no official's kommun) until the workflow
registers them again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06T18:30:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment_round", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kommun", sa.String(length=100), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("assessment_round", schema=None) as batch_op:
        batch_op.drop_column("kommun")
