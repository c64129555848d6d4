"""Idempotency keys owned by their caller, with an expiry (revision 0006, after 0005)."""

from services.common.shared_revisions import add_idempotency_expiry, drop_idempotency_expiry

revision, down_revision, branch_labels, depends_on = "0006", "0005", None, None
upgrade, downgrade = add_idempotency_expiry, drop_idempotency_expiry
