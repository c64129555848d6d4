"""Archived rounds

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26T18:36:36+00:00
"""

from services.common.shared_revisions import create_archived_round, drop_archived_round

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_archived_round()


def downgrade() -> None:
    drop_archived_round()
