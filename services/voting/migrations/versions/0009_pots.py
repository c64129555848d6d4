"""A round's pots: each pot's ballot is a ballot definition keyed ``<round>~<pot>``
(revision 0009, after 0008).

The key columns grow to hold a pot's key; the round's ballot lists its pots, a pot's ballot
names its round and pot. The unique (round_id, voter_key) index then holds one ballot per
person per pot.
"""

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0009", "0008", None, None
KEYED = ("ballot_project", "ballot", "tally_result")


def _key_length(length: int) -> None:
    for table in ("ballot_definition", *KEYED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("round_id", type_=sa.String(length=length))


def upgrade() -> None:
    with op.batch_alter_table("ballot_definition", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("pot", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("declared_area", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column("pots", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch_op.create_index("ix_ballot_definition_parent_id", ["parent_id"], unique=False)
    _key_length(110)


def downgrade() -> None:
    _key_length(64)
    with op.batch_alter_table("ballot_definition", schema=None) as batch_op:
        batch_op.drop_index("ix_ballot_definition_parent_id")
        batch_op.drop_column("pots")
        batch_op.drop_column("declared_area")
        batch_op.drop_column("pot")
        batch_op.drop_column("parent_id")
