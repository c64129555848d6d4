"""The round's kommun, so officials and assessors act only in their own kommun's rounds

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06T18:30:00+00:00
"""

from services.common.shared_revisions import add_round_kommun, drop_round_kommun

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_round_kommun("assessment_round")


def downgrade() -> None:
    drop_round_kommun("assessment_round")
