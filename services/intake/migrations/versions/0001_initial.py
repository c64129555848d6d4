"""Initial schema: the intake tables as the models defined them when migrations began.

Revision ID: 0001
Revises: None
Create Date: 2026-11-26T17:35:54+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intake_round",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kommun", sa.String(length=100), nullable=False),
        sa.Column("max_proposal_cost", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("intake_closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("proposer_kinds", sa.JSON(), nullable=False),
        sa.CheckConstraint("max_proposal_cost > 0", name="intake_round_max_cost"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "proposal",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("area", sa.String(length=64), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("cost_estimate", sa.BigInteger(), nullable=False),
        sa.Column("local_business_benefit", sa.Text(), nullable=False),
        sa.Column("proposer_name", sa.String(length=200), nullable=True),
        sa.Column("publish_name", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("proposer_kind", sa.String(length=20), nullable=False),
        sa.Column("proposer_key", sa.String(length=64), nullable=False),
        sa.Column("owner_key", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("entered_by", sa.String(length=200), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=True),
        sa.Column("hidden_by", sa.String(length=200), nullable=True),
        sa.Column("sent_to_assessment", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('web', 'phone', 'mail', 'meeting')", name="proposal_channel"
        ),
        sa.CheckConstraint(
            "proposer_kind IN ('resident', 'worker', 'company', 'association')",
            name="proposal_kind",
        ),
        sa.CheckConstraint("cost_estimate > 0", name="proposal_cost_positive"),
        sa.CheckConstraint(
            "hidden_at IS NULL OR hidden_reason IS NOT NULL", name="proposal_hidden_has_reason"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["intake_round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_round_id"), ["round_id"], unique=False)

    op.create_table(
        "idempotency_record",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("idempotency_record")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_round_id"))

    op.drop_table("proposal")
    op.drop_table("intake_round")
