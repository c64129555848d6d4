"""The ballot of a round: set by the workflow while ready, frozen from the moment voting opens."""

from typing import Any

from fastapi import APIRouter
from sqlmodel import Session, delete

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.common.types import utc_now
from services.common.validation import invalid_fields
from services.voting.models import (
    BallotCloseResult,
    BallotDefinition,
    BallotDefinitionCreate,
    BallotProject,
    BallotPublic,
    ClosingMove,
)
from services.voting.pot_ballots import (
    follow_round,
    people_who_voted,
    pots_ballot_count,
    summaries,
)
from services.voting.routes import ballot_count, ballot_projects, get_definition

router = APIRouter(prefix="/rounds/{round_id}", tags=["röstsedel"])


def _public(session: Session, definition: BallotDefinition) -> BallotPublic:
    return BallotPublic.model_validate(
        definition,
        update={
            "projects": ballot_projects(session, definition.round_id),
            "ballot_count": _count(session, definition),
        },
    )


def _count(session: Session, definition: BallotDefinition) -> int:
    """A round with pots has its ballots in its pots."""
    if definition.pots:
        return pots_ballot_count(session, definition)
    return ballot_count(session, definition.round_id)


def _stored_fields(body: BallotDefinitionCreate) -> dict[str, Any]:
    """The definition row's values: every rule, limit and eligibility setting of the ballot."""
    return body.model_dump(exclude={"projects"})


def _same_ballot(
    session: Session, definition: BallotDefinition, body: BallotDefinitionCreate
) -> bool:
    wanted = _stored_fields(body)
    if {name: getattr(definition, name) for name in wanted} != wanted:
        return False
    projects = sorted(body.projects, key=lambda p: p.project_id)
    return ballot_projects(session, definition.round_id) == projects


@router.put("/ballot", response_model=BallotPublic, summary="Lägg upp eller ändra röstsedeln")
def put_ballot(
    round_id: RoundIdPath, body: BallotDefinitionCreate, _system: SystemDep, session: SessionDep
) -> BallotPublic:
    """Replaces the whole ballot while it is ready; an identical repeat after opening is a no-op.

    Rules, limits and eligibility are frozen with the projects: no one changes them mid-vote.
    """
    definition = session.get(BallotDefinition, round_id, with_for_update=True)
    if definition is None:
        definition = BallotDefinition.model_validate(_stored_fields(body) | {"round_id": round_id})
    elif definition.status != "ready":
        if _same_ballot(session, definition, body):
            return _public(session, definition)
        raise Problem(
            409,
            "Röstsedeln är låst sedan röstningen öppnade och kan inte längre ändras.",
            code="ballot-frozen",
        )
    else:
        session.exec(delete(BallotProject).where(BallotProject.round_id == round_id))  # type: ignore[arg-type]
        definition.sqlmodel_update(_stored_fields(body))
        definition.updated_at = utc_now()
    session.add(definition)
    session.flush()
    session.add_all(
        BallotProject(round_id=round_id, project_id=p.project_id, cost=p.cost)
        for p in body.projects
    )
    session.commit()
    return _public(session, definition)


@router.put(
    "/ballot/closing",
    response_model=BallotPublic,
    summary="Flytta röstningens slut (under röstningen bara senare)",
    responses={409: {"description": "Röstningen är stängd, eller det nya slutet är tidigare"}},
)
def move_closing(
    round_id: RoundIdPath, body: ClosingMove, _system: SystemDep, session: SessionDep
) -> BallotPublic:
    """The workflow extended voting (an outage on the last day, say): the only change a frozen
    ballot takes, and only to a later time, since voters may have planned for the old one. The
    minimum age counts on the new last day. The same time again changes nothing."""
    definition = get_definition(session, round_id, lock="update")
    if body.closes_at == definition.closes_at:
        return _public(session, definition)
    if definition.status == "closed":
        raise Problem(409, "Röstningen är redan stängd.", code="voting-closed")
    if definition.status == "open" and body.closes_at < definition.closes_at:
        raise Problem(
            409,
            "Röstningen pågår: dess slut kan bara flyttas till en senare tidpunkt.",
            code="closing-earlier",
        )
    if body.closes_at <= max(utc_now(), definition.opens_at):
        raise invalid_fields(
            {"closes_at": "Röstningens slut måste ligga i framtiden och efter att den öppnar."}
        )
    definition.closes_at = body.closes_at
    definition.updated_at = utc_now()
    session.add(definition)
    follow_round(session, definition)
    session.commit()
    return _public(session, definition)


@router.get("/ballot", response_model=BallotPublic, summary="Visa röstsedeln")
def get_ballot(round_id: RoundIdPath, session: SessionDep) -> BallotPublic:
    return _public(session, get_definition(session, round_id))


@router.post("/open", response_model=BallotPublic, summary="Öppna röstningen")
def open_voting(round_id: RoundIdPath, _system: SystemDep, session: SessionDep) -> BallotPublic:
    """Freezes the ballot. Opening twice, or after closing, changes nothing."""
    definition = get_definition(session, round_id, lock="update")
    if definition.status == "ready":
        definition.status = "open"
        definition.updated_at = utc_now()
        session.add(definition)
        follow_round(session, definition)
        session.commit()
    return _public(session, definition)


@router.post(
    "/close",
    response_model=BallotCloseResult,
    response_model_exclude_none=True,
    summary="Stäng röstningen",
)
def close_voting(
    round_id: RoundIdPath, _system: SystemDep, session: SessionDep
) -> BallotCloseResult:
    """Waits for ballots being cast (row lock), then closes; closing twice changes nothing."""
    definition = get_definition(session, round_id, lock="update")
    if definition.status != "closed":
        definition.status = "closed"
        definition.updated_at = utc_now()
        follow_round(session, definition)
        if definition.pots:
            definition.voter_count = people_who_voted(session, round_id)
        session.add(definition)
        session.commit()
    pots = {s.pot: s.ballot_count for s in summaries(session, definition)} or None
    count = sum(pots.values()) if pots else _count(session, definition)
    return BallotCloseResult(
        round_id=round_id, ballot_count=count, pots=pots, voters=definition.voter_count
    )
