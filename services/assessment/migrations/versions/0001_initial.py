"""Initial schema: the assessment tables as the models defined them when migrations began.

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
        "assessment_round",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "assessment_merge_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=False),
        sa.Column("public_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assessment_merge_notice", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_merge_notice_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "assessment_proposal",
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "proposal_id"),
    )
    op.create_table(
        "assessment",
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("feasible", sa.Boolean(), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=True),
        sa.Column("cost_items", sa.JSON(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("public_reason", sa.Text(), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("assessed_by", sa.String(length=200), nullable=False),
        sa.Column("assessed_by_key", sa.String(length=64), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("NOT feasible OR cost IS NOT NULL", name="assessment_feasible_has_cost"),
        sa.CheckConstraint("cost IS NULL OR cost > 0", name="assessment_cost_positive"),
        sa.CheckConstraint(
            "merged_into IS NULL OR (NOT feasible AND merged_into <> proposal_id)",
            name="assessment_merge_rejects",
        ),
        sa.ForeignKeyConstraint(
            ["round_id", "merged_into"],
            ["assessment_proposal.round_id", "assessment_proposal.proposal_id"],
        ),
        sa.ForeignKeyConstraint(
            ["round_id", "proposal_id"],
            ["assessment_proposal.round_id", "assessment_proposal.proposal_id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "proposal_id"),
    )
    op.create_table(
        "assessment_assignment",
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("assessor_key", sa.String(length=64), nullable=False),
        sa.Column("assessor_name", sa.String(length=200), nullable=False),
        sa.Column("assigned_by", sa.String(length=200), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id", "proposal_id"],
            ["assessment_proposal.round_id", "assessment_proposal.proposal_id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "proposal_id", "assessor_key"),
    )
    op.create_table(
        "assessment_conflict_of_interest",
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("assessor_key", sa.String(length=64), nullable=False),
        sa.Column("assessor_name", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id", "proposal_id"],
            ["assessment_proposal.round_id", "assessment_proposal.proposal_id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "proposal_id", "assessor_key"),
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
    op.drop_table("assessment_conflict_of_interest")
    op.drop_table("assessment_assignment")
    op.drop_table("assessment")
    op.drop_table("assessment_proposal")
    with op.batch_alter_table("assessment_merge_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_merge_notice_round_id"))

    op.drop_table("assessment_merge_notice")
    op.drop_table("assessment_round")
