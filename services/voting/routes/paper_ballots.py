"""Paper ballots, entered by an official at a polling place: the same rules as online ballots.

The official has checked the voter's identity document and enters the personnummer (or, for a
company, the organisationsnummer) with what the document shows; with the population register
on, the register's facts count instead. The ballot gets the same pseudonymous key as the voter's
online ballot would, so one person still has one ballot: a paper ballot replaces an earlier
online one, and no later ballot, online or paper, replaces it.
"""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Response
from pydantic import Field, field_validator

from services.common.auth import Principal, Role
from services.common.deps import RoundIdPath
from services.common.identity_numbers import IdentityNumberError, parse_personnummer
from services.common.kommun_access import require_roles_in_kommun
from services.common.types import utc_now
from services.common.validation import invalid_fields, strip_blanks
from services.voting.ballot_box import BallotBoxDep
from services.voting.eligibility import Voter, company, person
from services.voting.models import BallotCast, BallotReceipt, ReceiptData
from services.voting.routes import ROUND_KOMMUN

router = APIRouter(prefix="/rounds/{round_id}", tags=["röster"])
OfficialDep = Annotated[Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.OFFICIAL))]


class PaperBallot(BallotCast):
    voter: str = Field(
        min_length=10,
        max_length=20,
        description="Personnummer (ÅÅÅÅMMDD-NNNN) eller, för ett företag, organisationsnummer",
    )
    voter_kind: Literal["person", "company"] = "person"
    birthdate: date | None = Field(default=None, description="Om annat än personnumrets")
    kommun: str | None = Field(default=None, min_length=1, max_length=100)
    area: str | None = Field(default=None, min_length=1, max_length=100)
    polling_place: str = Field(min_length=2, max_length=200, description="Röstlokalen")

    _strip = field_validator("voter", "kommun", "area", "polling_place", mode="before")(
        strip_blanks
    )


def paper_voter(entry: PaperBallot) -> Voter:
    """The voter the official identified; a mistyped number is a 422 naming the field."""
    try:
        if entry.voter_kind == "company":
            return company(entry.voter, kommun=entry.kommun, area=entry.area)
        today = utc_now().date()
        number = parse_personnummer(entry.voter, today)
        return person(
            number, today, birthdate=entry.birthdate, kommun=entry.kommun, area=entry.area
        )
    except IdentityNumberError as exc:
        raise invalid_fields({"voter": str(exc)}) from exc


@router.post(
    "/paper-ballots",
    status_code=201,
    response_model=BallotReceipt,
    summary="Registrera en pappersröst (tjänsteperson)",
    responses={
        200: {"model": BallotReceipt, "description": "Pappersrösten ersatte en digital röst"},
        403: {"description": "Väljaren är inte röstberättigad i omgången"},
        409: {"description": "Röstningen är inte öppen, eller väljaren har redan en pappersröst"},
        422: {"description": "Röstsedeln bryter mot reglerna, eller numret är fel"},
    },
)
async def enter_paper_ballot(
    round_id: RoundIdPath,
    body: PaperBallot,
    _official: OfficialDep,
    box: BallotBoxDep,
    response: Response,
) -> ReceiptData:
    """The receipt is for the voter, to check later that the ballot counted."""
    receipt = await box.cast(
        round_id, paper_voter(body), body, channel="paper", polling_place=body.polling_place
    )
    if receipt["replaced"]:
        response.status_code = 200
    return receipt
