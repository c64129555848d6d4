"""Hiding a proposal or a post in its thread: the reason and who hid it are kept with the row,
the first hiding time stays when the reason is replaced, and showing again clears all three."""

from datetime import datetime
from typing import Protocol


class Hideable(Protocol):
    hidden_at: datetime | None
    hidden_reason: str | None
    hidden_by: str | None


def apply_hiding(row: Hideable, hiding: tuple[str, str] | None, now: datetime) -> None:
    """Hide with (reason, official's name), or show again with ``None``."""
    if hiding is None:
        row.hidden_at = row.hidden_reason = row.hidden_by = None
    else:
        row.hidden_reason, row.hidden_by = hiding
        row.hidden_at = row.hidden_at or now
