"""Casting a ballot online: one per voter and round, the last one counts.

The voter is known only by a pseudonymous key of their identity and the round; the unique
constraint on ``(round_id, voter_key)`` makes "one ballot per voter" hold even for concurrent
requests. The endpoint is asynchronous and reads no row before its write: the frozen rules are
cached and the ballot joins the next group commit.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from services.common.auth import Principal, Role, require_roles
from services.common.deps import RoundIdPath
from services.common.types import utc_now
from services.voting.ballot_box import BallotBoxDep
from services.voting.eligibility import voter_from_token
from services.voting.models import BallotCast, BallotReceipt

router = APIRouter(prefix="/rounds/{round_id}", tags=["röster"])
VoterDep = Annotated[Principal, Depends(require_roles(Role.RESIDENT, Role.COMPANY))]


@router.post(
    "/ballots",
    status_code=201,
    response_model=BallotReceipt,
    summary="Rösta (en ny röst ersätter den tidigare)",
    responses={
        200: {"model": BallotReceipt, "description": "En tidigare röst ersattes"},
        403: {"description": "Inte röstberättigad i omgången"},
        409: {"description": "Röstningen är inte öppen, eller väljaren har röstat på papper"},
        422: {"description": "Röstsedeln bryter mot röstsedeltypens regler"},
    },
)
async def cast_ballot(
    round_id: RoundIdPath,
    body: BallotCast,
    voter: VoterDep,
    box: BallotBoxDep,
    response: Response,
) -> BallotReceipt:
    receipt = await box.cast(
        round_id, voter_from_token(voter, utc_now().date()), body, channel="online"
    )
    if receipt.replaced:
        response.status_code = 200
    return receipt
