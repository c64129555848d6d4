"""questions and answers on proposals

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06T20:21:45+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_role", sa.String(length=20), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=True),
        sa.Column("author_party", sa.String(length=100), nullable=True),
        sa.Column("author_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=True),
        sa.Column("hidden_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["proposal_comment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["intake_round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("proposal_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_comment_parent_id"), ["parent_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_proposal_comment_proposal_id"), ["proposal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_proposal_comment_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "comment_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("recipient_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["proposal_comment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["intake_round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("comment_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_notice_round_id"), ["round_id"], unique=False)

    op.create_table(
        "comment_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("reporter_key", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["proposal_comment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("comment_id", "reporter_key", name="uq_comment_reporter"),
    )
    with op.batch_alter_table("comment_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_comment_report_comment_id"), ["comment_id"], unique=False
        )

    with op.batch_alter_table("intake_round", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("discussion_closed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("intake_round", schema=None) as batch_op:
        batch_op.drop_column("discussion_closed_at")

    with op.batch_alter_table("comment_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_report_comment_id"))

    op.drop_table("comment_report")
    with op.batch_alter_table("comment_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_notice_round_id"))

    op.drop_table("comment_notice")
    with op.batch_alter_table("proposal_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_comment_round_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_comment_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_comment_parent_id"))

    op.drop_table("proposal_comment")
