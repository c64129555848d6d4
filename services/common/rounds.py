"""Loading a service's round row, optionally locked: the first step of every write.

Each service keeps its own round table with a ``closed_at`` column. Locking that row makes
whatever a write then checks (is the round still open?) stay true until it commits, so nothing
slips in after closing and exactly one write completes a round.
"""

from typing import TypeVar

from sqlmodel import Session, SQLModel

from services.common.db import lock_row
from services.common.errors import Problem

RoundT = TypeVar("RoundT", bound=SQLModel)


def find_round(
    session: Session, model: type[RoundT], round_id: str, *, lock: bool = False
) -> RoundT | None:
    """The round, optionally locked against concurrent writers until the transaction ends."""
    if lock:
        lock_row(session, model, round_id, "closed_at")
    return session.get(model, round_id)


def load_round(
    session: Session, model: type[RoundT], round_id: str, *, lock: bool = False
) -> RoundT:
    """Like :func:`find_round`, with a 404 a person can understand."""
    round_ = find_round(session, model, round_id, lock=lock)
    if round_ is None:
        raise Problem(404, f"Det finns ingen omgång med id '{round_id}'.", code="round-not-found")
    return round_
