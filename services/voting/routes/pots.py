"""A round's pots: set by the workflow with the round's ballot, listed for voters, voted in
one ballot per person per pot (online or on paper), counted and published per pot."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from services.common.body_limit import RouteLimit
from services.common.deps import RoundIdPath, SessionDep, SettingsDep, SystemDep
from services.common.errors import Problem
from services.common.types import utc_now
from services.voting.ballot_box import BallotBoxDep
from services.voting.eligibility import Voter, check_eligible, needs_residence, voter_from_token
from services.voting.models import (
    POT_PATTERN,
    BallotCast,
    BallotPublic,
    BallotReceipt,
    Eligibility,
    ReceiptData,
    TallyResult,
)
from services.voting.pot_ballots import (
    PotsDefinition,
    PotSummary,
    pot_key,
    store_pots,
    summaries,
)
from services.voting.routes import get_definition
from services.voting.routes.ballot_definition import get_ballot
from services.voting.routes.ballots import VoterDep, cast_ballot
from services.voting.routes.my_ballot import MyBallot, my_ballot
from services.voting.routes.paper_ballots import OfficialDep, PaperBallot, enter_paper_ballot
from services.voting.routes.results import published_tally

router = APIRouter(prefix="/rounds/{round_id}/pots", tags=["potter"])
PotPath = Annotated[str, Path(pattern=POT_PATTERN, description="Pottens id")]
BODY_LIMIT = RouteLimit("POST", "/rounds/{round_id}/pots/{pot}/ballots", 64 * 1024)
CAST_ANSWERS: dict[int | str, dict[str, str]] = {
    403: {"description": "Väljaren får inte rösta i den här potten"},
    404: {"description": "Omgången har ingen sådan pott"},
    409: {"description": "Röstningen är inte öppen, eller väljaren har röstat på papper"},
    422: {"description": "Röstsedeln bryter mot pottens regler"},
}


def pot_ballot_key(session: SessionDep, round_id: str, pot: str) -> str:
    """The pot's ballot key, or a 404 naming the pots the round has."""
    round_ = get_definition(session, round_id)
    known = [p["pot"] for p in round_.pots]
    if pot not in known:
        listed = ", ".join(known) or "inga"
        raise Problem(
            404,
            f"Omgången '{round_id}' har ingen pott '{pot}' (potter: {listed}).",
            code="pot-not-found",
        )
    return pot_key(round_id, pot)


@router.put("", response_model=list[PotSummary], summary="Lägg upp omgångens potter")
def put_pots(
    round_id: RoundIdPath, body: PotsDefinition, _system: SystemDep, session: SessionDep
) -> list[PotSummary]:
    """Replaces the pots while the round's ballot is ready; an identical repeat after voting
    opened is a no-op, any other change then a 409. The round's ballot must exist first."""
    round_ = get_definition(session, round_id, lock="update")
    if round_.status != "ready":
        if round_.pots == [pot.model_dump(mode="json") for pot in body.pots]:
            return summaries(session, round_)
        raise Problem(
            409,
            "Potterna är låsta sedan röstningen öppnade och kan inte längre ändras.",
            code="ballot-frozen",
        )
    store_pots(session, round_, body)
    session.commit()
    return summaries(session, round_)


@router.get("", response_model=list[PotSummary], summary="Omgångens potter")
def list_pots(round_id: RoundIdPath, session: SessionDep) -> list[PotSummary]:
    return summaries(session, get_definition(session, round_id))


@router.get("/mine", response_model=list[PotSummary], summary="De potter du får rösta i (väljare)")
async def my_pots(
    round_id: RoundIdPath, voter: VoterDep, box: BallotBoxDep, session: SessionDep
) -> list[PotSummary]:
    """The pots whose rules the signed-in voter meets, by the register where it is on.

    The register is asked at most once per way of asking (whether the pot's rules need it,
    and whose area counts), not once per pot: the answer is the same for every pot."""
    round_ = get_definition(session, round_id)
    person = voter_from_token(voter, utc_now().date())
    facts: dict[tuple[bool, bool], Voter | None] = {}
    mine = []
    for summary, pot in zip(summaries(session, round_), round_.pots, strict=True):
        rules = Eligibility.model_validate(pot["eligibility"])
        asked = (needs_residence(rules), pot["area_source"] == "declared")
        if asked not in facts:
            try:
                facts[asked] = await box.registered(person, rules, asked[1])
            except Problem:
                facts[asked] = None
        found = facts[asked]
        if found is None:
            continue
        try:
            check_eligible(found, rules, round_.closes_at)
        except Problem:
            continue
        mine.append(summary)
    return mine


@router.get("/{pot}/ballot", response_model=BallotPublic, summary="Visa pottens röstsedel")
def get_pot_ballot(round_id: RoundIdPath, pot: PotPath, session: SessionDep) -> BallotPublic:
    return get_ballot(pot_ballot_key(session, round_id, pot), session)


@router.post(
    "/{pot}/ballots",
    status_code=201,
    response_model=BallotReceipt,
    summary="Rösta i en pott (en ny röst ersätter den tidigare i samma pott)",
    responses=CAST_ANSWERS,
)
async def cast_in_pot(
    round_id: RoundIdPath,
    pot: PotPath,
    body: BallotCast,
    voter: VoterDep,
    request: Request,
    response: Response,
) -> ReceiptData:
    """As casting in a round, with no database read before the write (the rules cache knows
    the pot's ballot, or that there is none)."""
    try:
        receipt = await cast_ballot(pot_key(round_id, pot), body, voter, request, response)
    except Problem as problem:
        if problem.code == "ballot-not-found":
            raise _no_such_pot(round_id, pot) from None
        raise
    return {**receipt, "round_id": round_id}


def _no_such_pot(round_id: str, pot: str) -> Problem:
    return Problem(404, f"Omgången '{round_id}' har ingen pott '{pot}'.", code="pot-not-found")


@router.post(
    "/{pot}/paper-ballots",
    status_code=201,
    response_model=BallotReceipt,
    summary="Registrera en pappersröst i en pott (tjänsteperson)",
    responses=CAST_ANSWERS,
)
async def paper_ballot_in_pot(
    round_id: RoundIdPath,
    pot: PotPath,
    body: PaperBallot,
    _official: OfficialDep,
    box: BallotBoxDep,
    session: SessionDep,
    response: Response,
) -> ReceiptData:
    key = pot_ballot_key(session, round_id, pot)
    receipt = await enter_paper_ballot(key, body, _official, box, response)
    return {**receipt, "round_id": round_id}


@router.get(
    "/{pot}/ballots/mine",
    response_model=MyBallot,
    summary="Min röst i potten",
    responses={404: {"description": "Du har inte röstat i potten"}},
)
def my_ballot_in_pot(
    round_id: RoundIdPath,
    pot: PotPath,
    voter: VoterDep,
    session: SessionDep,
    settings: SettingsDep,
) -> MyBallot:
    mine = my_ballot(pot_key(round_id, pot), voter, session, settings)
    return mine.model_copy(update={"round_id": round_id})


@router.get("/{pot}/results", response_model=TallyResult, summary="Visa pottens resultat")
def pot_results(round_id: RoundIdPath, pot: PotPath, session: SessionDep) -> TallyResult:
    stored = published_tally(session, pot_ballot_key(session, round_id, pot))
    return TallyResult.model_validate(stored, update={"round_id": round_id})
