"""Casting a ballot online: one per voter and round, the last one counts.

The voter is known only by a pseudonymous key of their identity and the round; the unique
constraint on ``(round_id, voter_key)`` makes "one ballot per voter" hold even for concurrent
requests. The endpoint is asynchronous and reads no row before its write: the frozen rules are
cached and the ballot joins the next group commit.

Casting is the service's hot path, so a fast lane (``services.common.fast_lane``) takes a cast
whose token and body are in order straight to the ballot box; anything else comes to the route
below, which also documents the endpoint and answers every refusal.
"""

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import ValidationError
from starlette.types import Scope

from services.common.auth import Principal, Role, authenticate, check_roles, require_roles
from services.common.deps import RoundIdPath
from services.common.errors import Problem
from services.common.fast_lane import FastLane
from services.common.types import utc_now
from services.voting.ballot_box import BallotBox, BallotBoxDep
from services.voting.eligibility import voter_from_token
from services.voting.models import RECEIPT_JSON, BallotCast, BallotReceipt, ReceiptData

router = APIRouter(prefix="/rounds/{round_id}", tags=["röster"])
VOTERS = (Role.RESIDENT, Role.COMPANY)
VoterDep = Annotated[Principal, Depends(require_roles(*VOTERS))]


async def cast_online(
    box: BallotBox, round_id: str, principal: Principal, ballot: BallotCast
) -> tuple[int, ReceiptData]:
    """The ballot stored, with the status to answer: 200 when it replaced an earlier one."""
    now = utc_now()
    voter = voter_from_token(principal, now.date())
    receipt = await box.cast(round_id, voter, ballot, channel="online", now=now)
    return (200 if receipt["replaced"] else 201), receipt


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
    box: BallotBoxDep,
    response: Response,
) -> ReceiptData:
    response.status_code, receipt = await cast_online(box, round_id, voter, body)
    return receipt


async def _fast_cast(
    scope: Scope, headers: dict[bytes, bytes], match: re.Match[str], body: bytes
) -> Response | None:
    """The cast of a verified voter with a valid ballot; ``None`` lets the route answer."""
    if headers.get(b"content-type", b"").split(b";")[0].strip() != b"application/json":
        return None
    state = scope["app"].state
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    try:
        principal = await authenticate(state.settings, authorization, state.verified_tokens)
        check_roles(principal, frozenset(VOTERS))
        ballot = BallotCast.model_validate_json(body)
    except (Problem, ValidationError):
        return None
    status, receipt = await cast_online(state.ballot_box, match["round_id"], principal, ballot)
    answer = RECEIPT_JSON.dump_json(receipt)
    return Response(answer, status_code=status, media_type="application/json")


FAST_LANE = FastLane(
    method="POST",
    # The round id as RoundIdPath allows it; any other path is the route's to refuse.
    path=re.compile(r"/rounds/(?P<round_id>[a-z0-9][a-z0-9-]{2,63})/ballots"),
    template="/rounds/{round_id}/ballots",
    handle=_fast_cast,
    checks_archive=True,  # an archived round's ballot is closed (services/voting/main.py)
)
