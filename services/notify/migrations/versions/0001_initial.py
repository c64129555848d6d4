"""Initial schema: contacts and consent, follows, announcements and their deliveries, and
the tables every service keeps (idempotency keys, archived rounds).

Revision ID: 0001
Revises: None
Create Date: 2026-12-06T20:14:30+00:00
"""

import sqlalchemy as sa
from alembic import op

from services.common.shared_revisions import (
    create_archived_round,
    create_idempotency_record,
    drop_archived_round,
    drop_idempotency_record,
)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_archived_round()
    create_idempotency_record()
    op.create_table(
        "notify_announcement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("kommun", sa.String(length=100), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "event", "ref", name="notify_announcement_once"),
    )
    with op.batch_alter_table("notify_announcement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notify_announcement_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "notify_contact",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kommun", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("mailbox", sa.Boolean(), nullable=False),
        sa.Column("mailbox_identity", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("invitations", sa.Boolean(), nullable=False),
        sa.Column("official_notices", sa.Boolean(), nullable=False),
        sa.Column("consent_version", sa.String(length=20), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("notify_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notify_contact_kommun"), ["kommun"], unique=False)

    op.create_table(
        "notify_follow",
        sa.Column("contact_key", sa.String(length=64), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("contact_key", "round_id", "proposal_id"),
    )
    op.create_table(
        "notify_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("contact_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["notify_announcement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("announcement_id", "contact_key", name="notify_delivery_once"),
    )
    with op.batch_alter_table("notify_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notify_delivery_announcement_id"), ["announcement_id"], unique=False
        )
        batch_op.create_index("ix_notify_delivery_status_id", ["status", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notify_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_notify_delivery_status_id")
        batch_op.drop_index(batch_op.f("ix_notify_delivery_announcement_id"))

    op.drop_table("notify_delivery")
    op.drop_table("notify_follow")
    with op.batch_alter_table("notify_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notify_contact_kommun"))

    op.drop_table("notify_contact")
    with op.batch_alter_table("notify_announcement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notify_announcement_round_id"))

    op.drop_table("notify_announcement")
    drop_idempotency_record()
    drop_archived_round()
