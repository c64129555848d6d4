"""Cast ballots and the participation markers, and a cast's request and receipt."""

from datetime import datetime

from pydantic import BaseModel, model_validator
from pydantic import Field as PydanticField
from sqlalchemy import JSON, CheckConstraint, UniqueConstraint
from sqlmodel import Field
from typing_extensions import TypedDict  # pydantic reads typing's only from Python 3.12

from services.common.strict import StrictRequest
from services.common.types import UtcDateTime
from services.voting.models.base import AREA_LENGTH, KEY_LENGTH, MAX_BALLOT_LENGTH, VotingModel


class Ballot(VotingModel, table=True):
    """A cast ballot. ``voter_key`` is pseudonymous; a repeat cast overwrites the row.

    ``choices`` are project ids, in rank order on a ranked ballot; ``points`` runs parallel to
    them on a cumulative ballot. ``revision`` counts the casts, so an upsert can tell a first
    ballot from a replacement in the same statement. A paper ballot is never overwritten.
    """

    __tablename__ = "ballot"
    __table_args__ = (
        UniqueConstraint("round_id", "voter_key", name="uq_ballot_round_voter"),
        UniqueConstraint("receipt", name="uq_ballot_receipt"),
        CheckConstraint("channel IN ('online', 'paper')", name="ck_ballot_channel"),
        CheckConstraint("revision >= 1", name="ck_ballot_revision"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # No index of its own: the unique (round_id, voter_key) index serves lookups by round.
    round_id: str = Field(max_length=KEY_LENGTH, foreign_key="ballot_definition.round_id")
    voter_key: str = Field(max_length=64)
    choices: list[int] = Field(sa_type=JSON)
    points: list[int] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    channel: str = Field(default="online", max_length=10)
    polling_place: str | None = Field(default=None, max_length=200)
    # Coarse facts for the participation figures (services.voting.participation), never more.
    area: str | None = Field(default=None, max_length=AREA_LENGTH)
    age_band: str | None = Field(default=None, max_length=10)
    # "resident" or "company": who took part, for the participation figures only.
    voter_kind: str | None = Field(default=None, max_length=10)
    receipt: str = Field(max_length=64)
    revision: int = Field(default=1)
    cast_at: datetime = Field(sa_type=UtcDateTime)


class ParticipationMarker(VotingModel, table=True):
    """That someone voted in the round, as a marker derived from their contact key (never the
    ballot's voter key, never linked to the ballot): the notify service's reminder asks about
    its recipients' markers and learns only which have none (docs/api.md)."""

    __tablename__ = "participation_marker"

    round_id: str = Field(primary_key=True, max_length=64)
    marker: str = Field(primary_key=True, max_length=64)


# Plain pydantic models: a cast validates one and answers with the other, and SQLModel's own
# construction steps cost every cast.
class BallotCast(StrictRequest):
    choices: list[int] = PydanticField(
        min_length=1,
        max_length=MAX_BALLOT_LENGTH,
        description="Id:n för de förslag du röstar på; rangordnad röstsedel: bäst först",
    )
    points: list[int] | None = PydanticField(
        default=None,
        max_length=MAX_BALLOT_LENGTH,
        description="Bara poängröstsedel (cumulative): poäng per förslag, i samma ordning",
    )

    @model_validator(mode="after")
    def check_unique(self) -> "BallotCast":
        if len(set(self.choices)) != len(self.choices):
            raise ValueError("samma förslag får bara väljas en gång")
        return self


class BallotReceipt(BaseModel):
    round_id: str
    receipt: str = PydanticField(description="Kvittokod som visar att din röst är registrerad")
    replaced: bool = PydanticField(description="Sant om en tidigare röst ersattes")
    cast_at: datetime


class ReceiptData(TypedDict):
    """A receipt as the ballot box hands it out: the fields of :class:`BallotReceipt`, as a
    plain dict (no model to build per cast); routes answer it through their response model."""

    round_id: str
    receipt: str
    replaced: bool
    cast_at: datetime
