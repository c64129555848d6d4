"""Counting a closed round once, storing the result, and publishing it."""

from dataclasses import asdict

from fastapi import APIRouter
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.voting.counting import RULE_VERSION, ballots_hash, count_votes, greedy
from services.voting.models import Ballot, Tally, TallyResult
from services.voting.routes import ballot_projects, get_definition

router = APIRouter(prefix="/rounds/{round_id}", tags=["resultat"])


def _count(session: Session, round_id: str, budget: int) -> Tally:
    choices = list(session.exec(select(Ballot.choices).where(Ballot.round_id == round_id)))
    projects = [(p.project_id, p.cost) for p in ballot_projects(session, round_id)]
    result = greedy(budget, projects, count_votes(choices))
    return Tally(
        round_id=round_id,
        rule_version=RULE_VERSION,
        budget=budget,
        ballot_count=len(choices),
        ballots_hash=ballots_hash(choices),
        selected=list(result.selected),
        total_cost=result.total_cost,
        projects=[asdict(outcome) for outcome in result.projects],
    )


@router.post("/tally", response_model=TallyResult, summary="Räkna rösterna")
def tally(round_id: RoundIdPath, _system: SystemDep, session: SessionDep) -> TallyResult:
    """Counts once; every later call returns the stored result, so a retry cannot change it."""
    definition = get_definition(session, round_id)
    stored = session.get(Tally, round_id)
    if stored is None:
        if definition.status != "closed":
            raise Problem(
                409,
                "Rösterna kan räknas först när röstningen har stängts.",
                code="voting-not-closed",
            )
        session.add(_count(session, round_id, definition.budget))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()  # a concurrent tally stored the same result first
        stored = session.get(Tally, round_id)
    return TallyResult.model_validate(stored)


@router.get("/results", response_model=TallyResult, summary="Visa resultatet")
def results(round_id: RoundIdPath, session: SessionDep) -> TallyResult:
    get_definition(session, round_id)
    stored = session.get(Tally, round_id)
    if stored is None:
        raise Problem(
            409,
            "Resultatet publiceras när rösterna har räknats efter att röstningen stängt.",
            code="results-not-published",
        )
    return TallyResult.model_validate(stored)
