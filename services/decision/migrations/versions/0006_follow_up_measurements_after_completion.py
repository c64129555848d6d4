"""Follow-up measurements after completion

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06T20:21:25+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_follow_up",
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("measured", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("closed_reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('due', 'measured', 'closed')", name="ck_follow_up_status"),
        sa.ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["implementation_project.round_id", "implementation_project.project_id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "project_id"),
    )


def downgrade() -> None:
    op.drop_table("project_follow_up")
