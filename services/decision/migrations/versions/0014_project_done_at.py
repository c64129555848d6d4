"""When a project was done, by its workflow's clock, so the report counts a project finished
after its due date as late (``overdue`` is only true while a project is open)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07T00:00:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Projects recorded before this have none: the report counts them by the old rule.
    with op.batch_alter_table("implementation_project") as batch:
        batch.add_column(sa.Column("done_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("implementation_project") as batch:
        batch.drop_column("done_at")
