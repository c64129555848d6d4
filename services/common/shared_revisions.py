"""Schema steps for the tables every service keeps next to its own (idempotency keys, archived
rounds) and the columns its round table shares (the round's kommun), written once and called
from each service's numbered revision, so the four migration histories stay in step without
four copies of the same operations."""

import sqlalchemy as sa
from alembic import op


def add_idempotency_fence() -> None:
    """The claim token and applied time of services/common/idempotency_store.py."""
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True))


def drop_idempotency_fence() -> None:
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.drop_column("applied_at")
        batch_op.drop_column("claim_token")


def create_archived_round() -> None:
    """The table of services/common/archive.py."""
    op.create_table(
        "archived_round",
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("archived_by", sa.String(length=200), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("round_id"),
    )


def drop_archived_round() -> None:
    op.drop_table("archived_round")


def add_round_kommun(table: str) -> None:
    """The round's kommun (services/common/kommun_access.py) on a service's round ``table``;
    rows from before get "" (no official's kommun) until the workflow sends the round again."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kommun", sa.String(length=100), server_default="", nullable=False)
        )


def drop_round_kommun(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_column("kommun")


def add_idempotency_expiry() -> None:
    """Keys owned by their caller, with an expiry (services/common/idempotency_store.py).

    Stored keys were the client's own; they are now an HMAC of caller and key, so the old
    records can never be looked up again and go.
    """
    op.execute("DELETE FROM idempotency_record")
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False))
        batch_op.add_column(sa.Column("round_id", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_idempotency_record_expires_at", ["expires_at"], unique=False)
        batch_op.create_index("ix_idempotency_record_round_id", ["round_id"], unique=False)


def drop_idempotency_expiry() -> None:
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.drop_index("ix_idempotency_record_round_id")
        batch_op.drop_index("ix_idempotency_record_expires_at")
        batch_op.drop_column("round_id")
        batch_op.drop_column("expires_at")


def create_idempotency_record() -> None:
    """The idempotency table as it stands now, for a service whose history starts today."""
    op.create_table(
        "idempotency_record",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("round_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.create_index("ix_idempotency_record_expires_at", ["expires_at"], unique=False)
        batch_op.create_index("ix_idempotency_record_round_id", ["round_id"], unique=False)


def drop_idempotency_record() -> None:
    op.drop_table("idempotency_record")
