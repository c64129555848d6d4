"""Local business indicators and spend

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06T20:13:08+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_indicator",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=False),
        sa.Column("baseline_date", sa.Date(), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("own", sa.Boolean(), nullable=False),
        sa.Column("entered_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["implementation_project.round_id", "implementation_project.project_id"],
        ),
        sa.PrimaryKeyConstraint("round_id", "project_id", "key"),
    )
    op.create_table(
        "project_spend",
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("organisationsnummer", sa.String(length=10), nullable=False),
        sa.Column("supplier_name", sa.String(length=200), nullable=False),
        sa.Column("supplier_kommun", sa.String(length=100), nullable=True),
        sa.Column("entered_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name="ck_project_spend_amount"),
        sa.ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["implementation_project.round_id", "implementation_project.project_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("project_spend", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_spend_round_id"), ["round_id"], unique=False)

    with op.batch_alter_table("decision_round", schema=None) as batch_op:
        # Rounds registered before have no list of their own: they measure the defaults.
        batch_op.add_column(
            sa.Column("indicators", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("decision_round", schema=None) as batch_op:
        batch_op.drop_column("indicators")

    with op.batch_alter_table("project_spend", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_spend_round_id"))

    op.drop_table("project_spend")
    op.drop_table("project_indicator")
