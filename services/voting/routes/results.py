"""Counting a closed round once with its rule, storing the result, publishing it as open data.

The stored ballots meet the counting engine here: ``choices`` (ranked: most preferred first) and
``points`` (cumulative) become a ``Profile`` of the round's ballot type, counted with the rule
frozen in the ballot definition. The result carries the certificate (ballots fingerprint, rule,
options, engine version, tie-break seed), so anyone can count the exported ballots again.
"""

from dataclasses import asdict

from fastapi import APIRouter, Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from counting.pabulib import write_pb
from counting.profile import Profile, build_profile
from counting.rules import Options, count, rule_version
from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.downloads import csv_download
from services.common.errors import Problem
from services.voting.models import Ballot, BallotDefinition, Tally, TallyResult
from services.voting.pot_ballots import combined_tally, pot_definitions, pot_results
from services.voting.routes import ballot_projects, get_definition

router = APIRouter(prefix="/rounds/{round_id}", tags=["resultat"])


def round_profile(session: Session, definition: BallotDefinition) -> Profile:
    """The round's frozen ballots as the engine's input, in no particular order."""
    rows = session.exec(
        select(Ballot.choices, Ballot.points).where(Ballot.round_id == definition.round_id)
    ).all()
    cumulative = definition.ballot_type == "cumulative"
    return build_profile(
        definition.budget,
        [(p.project_id, p.cost) for p in ballot_projects(session, definition.round_id)],
        [choices for choices, _ in rows],
        definition.ballot_type,
        points=[points or [] for _, points in rows] if cumulative else None,
        max_length=definition.max_choices if definition.ballot_type == "ranked" else None,
    )


def _count(session: Session, definition: BallotDefinition) -> Tally:
    options = Options(
        threshold=definition.min_project_score_threshold or 0,
        exclusive=tuple((first, second) for first, second in definition.exclusive_pairs),
    )
    result = count(round_profile(session, definition), definition.rule, options)
    return Tally(
        round_id=definition.round_id,
        rule=result.rule,
        rule_version=rule_version(result.rule),
        budget=result.budget,
        ballot_count=result.certificate.ballot_count,
        ballots_hash=result.certificate.ballots_sha256,
        selected=[int(project_id) for project_id in result.selected],
        total_cost=result.total_cost,
        projects=[asdict(outcome) for outcome in result.projects],
        certificate=result.certificate.as_dict(),
    )


def published_tally(session: Session, key: str) -> Tally:
    """The stored result of a round's (or a pot's) ballot, or a 409 until it is counted."""
    stored = session.get(Tally, key)
    if stored is None:
        raise Problem(
            409,
            "Resultatet publiceras när rösterna har räknats efter att röstningen stängt.",
            code="results-not-published",
        )
    return stored


def _published(session: Session, round_id: str) -> tuple[BallotDefinition, Tally]:
    definition = get_definition(session, round_id)
    return definition, published_tally(session, round_id)


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
        session.add(_count_round(session, definition))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()  # a concurrent tally stored the same result first
        stored = session.get(Tally, round_id)
    return _result(session, definition, stored)


def _count_round(session: Session, definition: BallotDefinition) -> Tally:
    """The round's count; with pots, each pot's with its own rule (stored too), summed."""
    if not definition.pots:
        return _count(session, definition)
    tallies = [_count(session, pot) for pot in pot_definitions(session, definition)]
    session.add_all(tallies)
    return combined_tally(definition, tallies)


def _result(session: Session, definition: BallotDefinition, stored: Tally | None) -> TallyResult:
    pots = pot_results(session, definition) if definition.pots else []
    return TallyResult.model_validate(stored, update={"pots": pots})


@router.get("/results", response_model=TallyResult, summary="Visa resultatet")
def results(round_id: RoundIdPath, session: SessionDep) -> TallyResult:
    return _result(session, *_published(session, round_id))


@router.get(
    "/export.pb",
    response_class=Response,
    summary="Ladda ner rösterna som öppna data (pabulib .pb)",
    responses={200: {"content": {"text/csv": {}}}},
)
def export_pb(round_id: RoundIdPath, session: SessionDep) -> Response:
    """The counted ballots in pabulib's format: voters numbered 1, 2, ... in canonical order,
    no voter keys, receipts, channels or times; published only once the result is."""
    definition, stored = _published(session, round_id)
    return pb_response(session, definition, stored, round_id, round_id)


def pb_response(
    session: Session,
    definition: BallotDefinition,
    stored: Tally,
    instance: str,
    filename: str,
    **meta_extra: str,
) -> Response:
    """A ballot's (the round's or a pot's) counted ballots as a pabulib file to download."""
    meta = {
        "description": f"Medborgarbudget {instance}",
        "country": "Sweden",
        "instance": instance,
        **meta_extra,
        "currency": definition.currency,
        "rule": stored.rule,
        "ballots_sha256": stored.ballots_hash,
        "tie_break_seed": str(stored.certificate.get("tie_break_seed", "")),
    }
    if definition.max_choices is not None and definition.ballot_type in ("approval", "ranked"):
        meta["max_length"] = str(definition.max_choices)
    if definition.total_points is not None and definition.ballot_type == "cumulative":
        meta["max_sum_points"] = str(definition.total_points)
    text = write_pb(round_profile(session, definition), meta, selected=set(stored.selected))
    return csv_download(text, f"{filename}.pb")
