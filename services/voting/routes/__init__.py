"""Routes of the voting service, one module per resource, and the lookups they share."""

from typing import Literal

from sqlmodel import Session, func, select

from services.common.errors import Problem
from services.common.kommun_access import stored_kommun
from services.voting.models import Ballot, BallotDefinition, BallotProject, BallotProjectEntry

ROUND_KOMMUN = stored_kommun(BallotDefinition.kommun, BallotDefinition.round_id)


def get_definition(
    session: Session, round_id: str, *, lock: Literal["share", "update"] | None = None
) -> BallotDefinition:
    """The round's ballot definition or 404.

    ``lock="share"`` lets many voters cast at once while a close (``"update"``) waits for them,
    so no ballot is written after voting closed (PostgreSQL; SQLite serialises writes anyway).
    """
    statement = select(BallotDefinition).where(BallotDefinition.round_id == round_id)
    if lock is not None:
        statement = statement.with_for_update(read=lock == "share")
    definition = session.exec(statement).first()
    if definition is None:
        raise Problem(
            404, f"Det finns ingen röstsedel för omgången '{round_id}'.", code="ballot-not-found"
        )
    return definition


def ballot_projects(session: Session, round_id: str) -> list[BallotProjectEntry]:
    rows = session.exec(
        select(BallotProject)
        .where(BallotProject.round_id == round_id)
        .order_by(BallotProject.project_id)  # type: ignore[arg-type]
    )
    return [BallotProjectEntry(project_id=p.project_id, cost=p.cost) for p in rows]


def ballot_count(session: Session, round_id: str) -> int:
    statement = select(func.count()).select_from(Ballot).where(Ballot.round_id == round_id)
    return session.exec(statement).one()
