"""Voting's part of archiving a cancelled round: its ballot closes in the same transaction.

Casts are the one write the archive guard does not look up per request (it would cost a
database round trip per ballot); they are refused by the group commit's own check that the
round's ballot is open, read under the lock this update waits for. A ballot closed here is
never tallied: the round was cancelled. A round's pots close with it.
"""

from sqlalchemy import update
from sqlalchemy.engine import Connection

from services.common.types import utc_now
from services.voting.ballot_store import DEFINITIONS


def close_ballot_of_archived_round(conn: Connection, round_id: str) -> None:
    conn.execute(
        update(DEFINITIONS)
        .where((DEFINITIONS.c.round_id == round_id) | (DEFINITIONS.c.parent_id == round_id))
        .where(DEFINITIONS.c.status != "closed")
        .values(status="closed", updated_at=utc_now())
    )
