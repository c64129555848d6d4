"""Casting a ballot online: one per voter and round, the last one counts.

The voter is known only by a pseudonymous key of their identity and the round; the unique
constraint on ``(round_id, voter_key)`` makes "one ballot per voter" hold even for concurrent
requests. The endpoint is asynchronous and reads no row before its write: the frozen rules are
cached and the ballot joins the next group commit. A cast goes through the app's whole
middleware like every other request.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from services.common.auth import Principal, Role, require_roles
from services.common.body_limit import RouteLimit
from services.common.deps import RoundIdPath
from services.common.types import utc_now
from services.voting.ballot_box import ballot_box
from services.voting.eligibility import voter_from_token
from services.voting.models import BallotCast, BallotReceipt, ReceiptData

router = APIRouter(prefix="/rounds/{round_id}", tags=["röster"])
VOTERS = (Role.RESIDENT, Role.COMPANY)
VoterDep = Annotated[Principal, Depends(require_roles(*VOTERS))]
# A ballot is a short list of numbers: anything larger is refused before it is read whole.
BODY_LIMIT = RouteLimit("POST", "/rounds/{round_id}/ballots", 64 * 1024)


@router.post(
    "/ballots",
    status_code=201,
    response_model=BallotReceipt,
    summary="Rösta (en ny röst ersätter den tidigare)",
    responses={
        200: {"model": BallotReceipt, "description": "En tidigare röst ersattes"},
        403: {"description": "Inte röstberättigad i omgången"},
        409: {"description": "Röstningen är inte öppen, eller väljaren har röstat på papper"},
        413: {"description": "Förfrågan är för stor (högst 64 KiB)"},
        422: {"description": "Röstsedeln bryter mot röstsedeltypens regler"},
    },
)
async def cast_ballot(
    round_id: RoundIdPath,
    body: BallotCast,
    voter: VoterDep,
    request: Request,
    response: Response,
) -> ReceiptData:
    # The receipt comes once the ballot is committed: 201, or 200 if it replaced an earlier one.
    # The box is taken from the app, not through a dependency: one layer less to solve per cast.
    now = utc_now()
    receipt = await ballot_box(request).cast(
        round_id, voter_from_token(voter, now.date()), body, channel="online", now=now
    )
    response.status_code = 200 if receipt["replaced"] else 201
    return receipt
