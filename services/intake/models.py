"""Intake's tables and the bases they share with the request models (SQLModel Base style).

A round carries what its config decided about proposals: criteria, categories, areas and who
may propose, kept as JSON because they are always read together with the round and never
queried on their own. A proposal stores its proposer only as pseudonyms (HMAC of identity and
round): one of the identity number, to know which person or organisation proposed, and one of
the login, to know who may change it. Neither is ever shown.
"""

from datetime import datetime
from typing import Any, Literal

from pydantic import field_validator
from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common.strict import StrictRequest
from services.common.types import CODE_PATTERN, MAX_SEK, UtcDateTime
from services.common.validation import strip_blanks
from services.common.versioning import version_column

ProposerKind = Literal["resident", "worker", "company", "association"]
PROPOSER_KINDS: tuple[ProposerKind, ...] = ("resident", "worker", "company", "association")
PROPOSER_KIND_NAMES: dict[str, str] = {
    "resident": "invånare",
    "worker": "person som arbetar i kommunen",
    "company": "företag",
    "association": "förening",
}
Channel = Literal["web", "phone", "mail", "meeting"]
CHANNELS: tuple[Channel, ...] = ("web", "phone", "mail", "meeting")
ProposalStatus = Literal["submitted", "withdrawn", "hidden"]
POT_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class IntakeModel(SQLModel, registry=registry()):
    """Base of intake's models: its own metadata, so no table is shared with another service."""


class IntakeRoundBase(IntakeModel):
    title: str = Field(min_length=1, max_length=200, description="Omgångens namn")
    kommun: str = Field(min_length=1, max_length=100, description="Kommunens namn")
    max_proposal_cost: int = Field(
        gt=0, le=MAX_SEK, sa_type=BigInteger, description="Högsta kostnad för ett förslag i kronor"
    )


class IntakeRound(IntakeRoundBase, table=True):
    """A round as intake sees it; ``closed_at`` set means no more proposals, ever."""

    __tablename__ = "intake_round"
    __table_args__ = (CheckConstraint("max_proposal_cost > 0", name="intake_round_max_cost"),)

    id: str = Field(primary_key=True, max_length=64)
    intake_closes_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    # Set by the workflow when voting closes: the threads on proposals are read-only after.
    discussion_closed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    criteria: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    categories: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    areas: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    proposer_kinds: list[ProposerKind] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # The round's pots (id, name, area, cap), if it has any: a proposal names one.
    pots: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )


class ProposalBase(IntakeModel):
    """What a proposal says, as the public sees it."""

    title: str = Field(min_length=3, max_length=200, description="Förslagets rubrik")
    description: str = Field(
        min_length=10, max_length=10000, sa_type=Text, description="Vad förslaget går ut på"
    )
    category: str | None = Field(
        default=None,
        max_length=64,
        schema_extra={"pattern": CODE_PATTERN},
        description="Kategorins id",
    )
    area: str | None = Field(
        default=None,
        max_length=64,
        schema_extra={"pattern": CODE_PATTERN},
        description="Områdets id",
    )
    pot: str | None = Field(
        default=None,
        max_length=40,
        schema_extra={"pattern": POT_PATTERN},
        description="Pottens id, i en omgång med potter (annars tomt)",
    )
    location: str = Field(
        default="", max_length=200, description="Plats, t.ex. en adress eller 'torget i Åre'"
    )
    cost_estimate: int = Field(
        gt=0, le=MAX_SEK, sa_type=BigInteger, description="Uppskattad kostnad i hela kronor"
    )
    local_business_benefit: str = Field(
        default="", max_length=5000, sa_type=Text, description="Hur det gynnar lokalt näringsliv"
    )


class ProposalContent(ProposalBase, StrictRequest):
    """What the proposer writes, and may change until intake closes."""

    proposer_name: str | None = Field(
        default=None, max_length=200, description="Ditt namn (visas bara om du godkänner det)"
    )
    publish_name: bool = Field(default=False, description="Får namnet visas offentligt?")

    strip_text = field_validator(
        "title", "description", "location", "local_business_benefit", "proposer_name", mode="before"
    )(strip_blanks)


_PROPOSAL_VERSION = version_column()


class Proposal(ProposalContent, table=True):
    __tablename__ = "proposal"
    # Every change bumps ``version`` and checks it: concurrent edits cannot both win.
    __mapper_args__ = {"version_id_col": _PROPOSAL_VERSION}
    __table_args__ = (
        CheckConstraint("cost_estimate > 0", name="proposal_cost_positive"),
        CheckConstraint(f"proposer_kind IN ({_sql_list(PROPOSER_KINDS)})", name="proposal_kind"),
        CheckConstraint(f"channel IN ({_sql_list(CHANNELS)})", name="proposal_channel"),
        CheckConstraint(
            "hidden_at IS NULL OR hidden_reason IS NOT NULL", name="proposal_hidden_has_reason"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(foreign_key="intake_round.id", index=True, max_length=64)
    proposer_kind: str = Field(max_length=20)
    proposer_key: str = Field(max_length=64, description="HMAC av id-nummer och omgång")
    owner_key: str = Field(max_length=64, description="HMAC av inloggningen och omgång")
    channel: str = Field(max_length=20)
    entered_by: str | None = Field(
        default=None, max_length=200, description="Tjänstepersonen som förde in förslaget"
    )
    meeting_id: int | None = Field(default=None, foreign_key="dialogue_meeting.id", index=True)
    # Who proposed, coarse only (services/intake/proposers.py): the proposer's area (one of
    # the round's ids) and age band on the day of the proposal; None: unknown, or a company.
    proposer_area: str | None = Field(default=None, max_length=64)
    proposer_age_band: str | None = Field(default=None, max_length=10)
    search_text: str = Field(sa_type=Text, description="Rubrik, text och plats i gemener")
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    withdrawn_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    hidden_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    hidden_reason: str | None = Field(default=None, max_length=2000, sa_type=Text)
    hidden_by: str | None = Field(default=None, max_length=200)
    sent_to_assessment: bool = Field(
        default=False, description="Med i listan som stängningen gav bedömningen"
    )
    version: int = Field(default=1, sa_column=_PROPOSAL_VERSION)

    @property
    def status(self) -> ProposalStatus:
        if self.hidden_at is not None:
            return "hidden"
        return "withdrawn" if self.withdrawn_at is not None else "submitted"


# The threads' tables live in their own module; imported here so that importing the models
# imports every table (the app's and the migrations' metadata).
from services.intake import comment_models, meeting_models  # noqa: E402, F401
