"""Idempotency keys owned by their caller, with an expiry

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06T18:00:00+00:00
"""

from services.common.shared_revisions import add_idempotency_expiry, drop_idempotency_expiry

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_idempotency_expiry()


def downgrade() -> None:
    drop_idempotency_expiry()
