"""Which of the notify service's reminder recipients have not voted, and nothing more.

The question carries participation markers (derived from contact keys, see
``services/common/pseudonym.py``); the answer is the subset that has none stored. No list of
who voted is ever answered, and a marker says nothing about the ballot.
"""

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlmodel import col, select

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.strict import StrictRequest
from services.voting.models import ParticipationMarker

router = APIRouter(prefix="/rounds/{round_id}/participation", tags=["röstning"])
MARKER = r"^[0-9a-f]{64}$"


class MarkerQuestion(StrictRequest):
    markers: list[Annotated[str, Field(pattern=MARKER)]] = Field(
        max_length=1000, description="Markörer att fråga om, högst 1000"
    )


class NotVoted(BaseModel):
    not_voted: list[str]


@router.post(
    "/not-voted",
    response_model=NotVoted,
    summary="Vilka av dessa har inte röstat (bara för notistjänstens påminnelse)",
)
def not_voted(
    round_id: RoundIdPath, body: MarkerQuestion, _system: SystemDep, session: SessionDep
) -> NotVoted:
    asked = list(dict.fromkeys(body.markers))
    voted = set(
        session.exec(
            select(ParticipationMarker.marker).where(
                col(ParticipationMarker.round_id) == round_id,
                col(ParticipationMarker.marker).in_(asked),
            )
        )
    )
    return NotVoted(not_voted=[marker for marker in asked if marker not in voted])
