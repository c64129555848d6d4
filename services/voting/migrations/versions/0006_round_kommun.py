"""The round's kommun on its ballot, so only its officials enter paper ballots

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06T18:30:00+00:00
"""

from services.common.shared_revisions import add_round_kommun, drop_round_kommun

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_round_kommun("ballot_definition")


def downgrade() -> None:
    drop_round_kommun("ballot_definition")
