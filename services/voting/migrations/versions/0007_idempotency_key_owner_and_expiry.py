"""Idempotency keys owned by their caller, with an expiry (revision 0007, after 0006)."""

from services.common.shared_revisions import add_idempotency_expiry, drop_idempotency_expiry

revision, down_revision, branch_labels, depends_on = "0007", "0006", None, None
upgrade, downgrade = add_idempotency_expiry, drop_idempotency_expiry
