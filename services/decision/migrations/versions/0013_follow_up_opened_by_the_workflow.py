"""A follow-up measurement opens when the round's workflow finds it due (its clock, the one
the round's other deadlines keep), not by the service's own clock (issue 21)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07T00:00:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Follow-ups planned before this stay measurable from their date by the service's clock.
    with op.batch_alter_table("project_follow_up") as batch:
        batch.add_column(sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("project_follow_up") as batch:
        batch.drop_column("opened_at")
