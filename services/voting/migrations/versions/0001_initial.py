"""Initial schema: the voting tables as the models defined them when migrations began.

Revision ID: 0001
Revises: None
Create Date: 2026-11-26T17:35:55+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ballot_definition",
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("ballot_type", sa.String(length=20), nullable=False),
        sa.Column("max_choices", sa.Integer(), nullable=True),
        sa.Column("min_spend_percent", sa.Integer(), nullable=True),
        sa.Column("total_points", sa.Integer(), nullable=True),
        sa.Column("max_points_per_project", sa.Integer(), nullable=True),
        sa.Column("electorate", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("eligibility", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('ready', 'open', 'closed')", name="ck_ballot_status"),
        sa.CheckConstraint("budget > 0", name="ck_ballot_budget"),
        sa.CheckConstraint("closes_at > opens_at", name="ck_ballot_timeline"),
        sa.CheckConstraint("max_choices >= 1", name="ck_ballot_max_choices"),
        sa.PrimaryKeyConstraint("round_id"),
    )
    op.create_table(
        "ballot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("voter_key", sa.String(length=64), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("points", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("polling_place", sa.String(length=200), nullable=True),
        sa.Column("receipt", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("channel IN ('online', 'paper')", name="ck_ballot_channel"),
        sa.CheckConstraint("revision >= 1", name="ck_ballot_revision"),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["ballot_definition.round_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receipt", name="uq_ballot_receipt"),
        sa.UniqueConstraint("round_id", "voter_key", name="uq_ballot_round_voter"),
    )
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballot_round_id"), ["round_id"], unique=False)

    op.create_table(
        "ballot_project",
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("cost > 0", name="ck_ballot_project_cost"),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["ballot_definition.round_id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "project_id"),
    )
    op.create_table(
        "tally_result",
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("rule_version", sa.String(length=20), nullable=False),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("ballot_count", sa.Integer(), nullable=False),
        sa.Column("ballots_hash", sa.String(length=64), nullable=False),
        sa.Column("total_cost", sa.BigInteger(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("selected", sa.JSON(), nullable=False),
        sa.Column("projects", sa.JSON(), nullable=False),
        sa.Column("certificate", sa.JSON(), nullable=False),
        sa.Column("tallied_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["ballot_definition.round_id"],
        ),
        sa.PrimaryKeyConstraint("round_id"),
    )
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
    op.drop_table("tally_result")
    op.drop_table("ballot_project")
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballot_round_id"))

    op.drop_table("ballot")
    op.drop_table("ballot_definition")
