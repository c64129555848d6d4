"""Idempotency keys owned by their caller, with an expiry (revision 0004, after 0003)."""

from services.common.shared_revisions import add_idempotency_expiry, drop_idempotency_expiry

revision, down_revision, branch_labels, depends_on = "0004", "0003", None, None
upgrade, downgrade = add_idempotency_expiry, drop_idempotency_expiry
