"""dialogue meetings

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06T20:29:02+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dialogue_meeting",
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.String(length=500), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invited_groups", sa.JSON(), nullable=False),
        sa.Column("registered_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["intake_round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dialogue_meeting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dialogue_meeting_round_id"), ["round_id"], unique=False
        )

    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_proposal_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_proposal_meeting_id", "dialogue_meeting", ["meeting_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_constraint("fk_proposal_meeting_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_proposal_meeting_id"))
        batch_op.drop_column("meeting_id")

    with op.batch_alter_table("dialogue_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dialogue_meeting_round_id"))

    op.drop_table("dialogue_meeting")
