"""The round's kommun, so officials act only in their own kommun's rounds (revision 0005, after
0004)."""

from services.common.shared_revisions import add_round_kommun, drop_round_kommun

revision, down_revision, branch_labels, depends_on = "0005", "0004", None, None


def upgrade() -> None:
    add_round_kommun("assessment_round")


def downgrade() -> None:
    drop_round_kommun("assessment_round")
