"""Initial schema: the decision tables as the models defined them when migrations began.

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
        "decision_round",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kommun", sa.String(length=100), nullable=False),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("budget > 0", name="ck_decision_round_budget"),
        sa.PrimaryKeyConstraint("round_id"),
    )
    op.create_table(
        "ballot_approval",
        sa.Column("approved_by", sa.String(length=200), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["decision_round.round_id"],
        ),
        sa.PrimaryKeyConstraint("round_id"),
    )
    op.create_table(
        "council_decision",
        sa.Column("approved_project_ids", sa.JSON(), nullable=False),
        sa.Column("diarienummer", sa.String(length=50), nullable=False),
        sa.Column("paragraph", sa.String(length=50), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("case_reference", sa.String(length=100), nullable=True),
        sa.Column("case_registered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["decision_round.round_id"],
        ),
        sa.PrimaryKeyConstraint("round_id"),
    )
    op.create_table(
        "evaluator_report",
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["decision_round.round_id"],
        ),
        sa.PrimaryKeyConstraint("round_id"),
    )
    op.create_table(
        "implementation_project",
        sa.Column("approved_cost", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("spent", sa.BigInteger(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancellation_reason", sa.Text(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("milestones", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('in_progress', 'done', 'cancelled')", name="ck_implementation_status"
        ),
        sa.CheckConstraint("spent >= 0", name="ck_implementation_spent"),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["decision_round.round_id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "project_id"),
    )
    op.create_table(
        "recommendation",
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("rule_version", sa.String(length=50), nullable=False),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("ballot_count", sa.Integer(), nullable=False),
        sa.Column("ballots_hash", sa.String(length=64), nullable=False),
        sa.Column("total_cost", sa.BigInteger(), nullable=False),
        sa.Column("selected", sa.JSON(), nullable=False),
        sa.Column("certificate", sa.JSON(), nullable=True),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("projects", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["decision_round.round_id"],
        ),
        sa.PrimaryKeyConstraint("round_id"),
    )
    op.create_table(
        "round_evaluation",
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("participation", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["decision_round.round_id"],
        ),
        sa.PrimaryKeyConstraint("round_id"),
    )
    op.create_table(
        "project_indicators",
        sa.Column("companies_involved", sa.Integer(), nullable=False),
        sa.Column("jobs_created", sa.Integer(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.Float(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("entered_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["implementation_project.round_id", "implementation_project.project_id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "project_id"),
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
    op.drop_table("project_indicators")
    op.drop_table("round_evaluation")
    op.drop_table("recommendation")
    op.drop_table("implementation_project")
    op.drop_table("evaluator_report")
    op.drop_table("council_decision")
    op.drop_table("ballot_approval")
    op.drop_table("decision_round")
