"""Idempotency claim fence

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26T18:26:49+00:00
"""

from services.common.shared_revisions import add_idempotency_fence, drop_idempotency_fence

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_idempotency_fence()


def downgrade() -> None:
    drop_idempotency_fence()
