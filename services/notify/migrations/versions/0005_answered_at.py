"""A delivery records when the mail server answered its end of data, so a "sent" e-mail whose
sender stopped before the answer is known as uncertain and can be settled by staff. Rows sent
before this change count as answered at their ``sent_at``, except those whose reason says the
answer never came.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07T06:40:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UNANSWERED = ("stopped-after-data", "no-answer-after-data")


def upgrade() -> None:
    with op.batch_alter_table("notify_delivery") as batch:
        batch.add_column(sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
    delivery = sa.table(
        "notify_delivery",
        sa.column("status", sa.String),
        sa.column("reason", sa.String),
        sa.column("sent_at", sa.DateTime(timezone=True)),
        sa.column("answered_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        delivery.update()
        .where(
            delivery.c.status == "sent",
            sa.or_(delivery.c.reason.is_(None), delivery.c.reason.not_in(UNANSWERED)),
        )
        .values(answered_at=delivery.c.sent_at)
    )


def downgrade() -> None:
    with op.batch_alter_table("notify_delivery") as batch:
        batch.drop_column("answered_at")
