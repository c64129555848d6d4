"""The round's kommun, so officials act only in their own kommun's rounds (revision 0006, after
0005)."""

from services.common.shared_revisions import add_round_kommun, drop_round_kommun

revision, down_revision, branch_labels, depends_on = "0006", "0005", None, None


def upgrade() -> None:
    add_round_kommun("ballot_definition")


def downgrade() -> None:
    drop_round_kommun("ballot_definition")
