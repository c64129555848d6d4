"""A "sent" row is now committed just before its end of data, so the states "handing" (that
commit under its old name) and "uncertain" (a "handing" row whose sender stopped) are gone:
both were handed over the same way a "sent" row now is. Their reason stays on the row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07T03:30:00+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

delivery = sa.table(
    "notify_delivery",
    sa.column("status", sa.String),
    sa.column("reason", sa.String),
    sa.column("claimed_at", sa.DateTime),
    sa.column("sent_at", sa.DateTime),
)


def upgrade() -> None:
    op.execute(
        delivery.update()
        .where(delivery.c.status == "handing")
        .values(status="uncertain", reason="stopped-after-data")
    )
    op.execute(
        delivery.update()
        .where(delivery.c.status == "uncertain")
        .values(status="sent", sent_at=sa.func.coalesce(delivery.c.sent_at, delivery.c.claimed_at))
    )


def downgrade() -> None:
    op.execute(
        delivery.update()
        .where(
            delivery.c.status == "sent",
            delivery.c.reason.in_(["stopped-after-data", "no-answer-after-data"]),
        )
        .values(status="uncertain")
    )
