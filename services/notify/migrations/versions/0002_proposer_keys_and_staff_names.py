"""The proposer's intake pseudonym on a follow (new questions reach the proposer) and an
official's display name on a contact (a notice naming them reaches them).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07T00:05:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notify_follow", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposer_key", sa.String(length=64), nullable=True))
    with op.batch_alter_table("notify_contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notify_contact", schema=None) as batch_op:
        batch_op.drop_column("staff_name")
    with op.batch_alter_table("notify_follow", schema=None) as batch_op:
        batch_op.drop_column("proposer_key")
