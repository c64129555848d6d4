"""Intake's request and response bodies (docs/api.md, intake section).

Each request model checks what its body can show on its own; rules that depend on the round
(its categories, cost cap, criteria, who may propose) are checked in :mod:`services.intake.rules`.
"""

from datetime import datetime
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
)
from pydantic_core import PydanticCustomError
from sqlmodel import Field

from services.common.identity_numbers import (
    IdentityNumberError,
    parse_organisationsnummer,
    parse_personnummer,
)
from services.common.strict import StrictRequest
from services.common.types import CODE_PATTERN, MAX_ID, MAX_SEK, utc_now
from services.common.validation import duplicates, strip_blanks
from services.intake.models import (
    POT_PATTERN,
    PROPOSER_KINDS,
    Channel,
    IntakeModel,
    IntakeRoundBase,
    ProposalBase,
    ProposalContent,
    ProposalStatus,
    ProposerKind,
)

PERSON_KINDS = frozenset({"resident", "worker"})


def _without_empty(field: str) -> Any:
    """A serializer leaving out ``field`` when it is empty: a round without pots answers as
    it did before pots existed."""

    def serialize(self: Any, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict) and not data.get(field):
            data.pop(field, None)
        return data

    return model_serializer(mode="wrap")(serialize)


class Criterion(IntakeModel, StrictRequest):
    """A criterion of the round, shown to proposers so they know what their proposal needs."""

    id: str = Field(
        max_length=64, schema_extra={"pattern": CODE_PATTERN}, description="Kriteriets id"
    )
    text: str = Field(min_length=3, max_length=1000, description="Kriteriet i klartext")
    local_business: bool = Field(
        default=False,
        description="Kriteriet gäller lokalt näringsliv: förslagen måste då beskriva nyttan",
    )


class Choice(IntakeModel, StrictRequest):
    """A category or area a proposal can be filed under."""

    id: str = Field(
        max_length=64, schema_extra={"pattern": CODE_PATTERN}, description="Id, t.ex. 'lekplatser'"
    )
    name: str = Field(min_length=1, max_length=100, description="Namnet som visas")


class PotChoice(IntakeModel, StrictRequest):
    """A pot a proposal can be made for: the whole kommun's, or an area's (``area``)."""

    id: str = Field(
        max_length=40, schema_extra={"pattern": POT_PATTERN}, description="Id, t.ex. 'norr'"
    )
    name: str = Field(min_length=1, max_length=100, description="Namnet som visas")
    area: str | None = Field(default=None, max_length=64, description="Kommundelens id")
    max_proposal_cost: int = Field(gt=0, le=MAX_SEK, description="Kostnadstak i potten")
    budget: int | None = Field(default=None, gt=0, le=MAX_SEK, description="Pottens budget")


class IntakeRoundUpsert(IntakeRoundBase, StrictRequest):
    """What the round workflow sends when it opens (or adjusts) intake."""

    intake_closes_at: AwareDatetime = Field(description="Sista tid för förslag (med tidszon)")
    criteria: list[Criterion] = Field(default_factory=list, max_length=50)
    categories: list[Choice] = Field(default_factory=list, max_length=100)
    areas: list[Choice] = Field(default_factory=list, max_length=200)
    proposer_kinds: list[ProposerKind] = Field(
        default_factory=lambda: list(PROPOSER_KINDS),
        min_length=1,
        description="Vilka som får lämna förslag",
    )
    pots: list[PotChoice] = Field(
        default_factory=list, max_length=100, description="Potter; inga = en pott"
    )

    @field_validator("criteria", "categories", "areas", "pots")
    @classmethod
    def unique_ids(
        cls, items: list[Criterion] | list[Choice] | list[PotChoice]
    ) -> list[Criterion] | list[Choice] | list[PotChoice]:
        repeated = duplicates(item.id for item in items)
        if repeated:
            raise PydanticCustomError(
                "duplicate_id",
                "Varje id får bara finnas en gång (dubbletter: {listed}).",
                {"listed": ", ".join(repeated)},
            )
        return items

    @field_validator("proposer_kinds")
    @classmethod
    def unique_kinds(cls, kinds: list[ProposerKind]) -> list[ProposerKind]:
        return list(dict.fromkeys(kinds))


class RoundPublic(IntakeRoundBase):
    _no_pots = _without_empty("pots")
    id: str
    status: Literal["open", "closed"]
    intake_closes_at: datetime
    proposal_count: int = Field(description="Inlämnade förslag (utan återtagna och dolda)")
    criteria: list[Criterion]
    categories: list[Choice]
    areas: list[Choice]
    proposer_kinds: list[ProposerKind]
    pots: list[PotChoice] = Field(default_factory=list)
    local_business_benefit_required: bool = Field(
        description="Måste förslagen beskriva nyttan för lokalt näringsliv?"
    )
    discussion_open: bool = Field(
        default=True,
        description="Tar förslagens trådar emot frågor och svar? (till röstningens slut)",
    )


class IntakeClosed(IntakeModel):
    """The frozen result of intake: the proposals that go on to assessment, in id order.

    Withdrawn proposals and proposals hidden before the first close are left out and counted.
    """

    round_id: str
    proposal_ids: list[int]
    count: int
    withdrawn_count: int
    hidden_count: int


class ProposalCreate(ProposalContent):
    proposer_kind: ProposerKind = Field(
        description="resident (invånare), worker (arbetar i kommunen), company eller association"
    )
    identity_number: str = Field(
        max_length=20,
        description="Personnummer (invånare, arbetar i kommunen) eller organisationsnummer "
        "(företag, förening). Sparas aldrig i klartext.",
    )
    channel: Channel = Field(
        default="web", description="web, eller phone/mail/meeting när en tjänsteperson för in"
    )
    meeting_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Mötet där förslaget togs emot (kanal meeting)"
    )
    proposer_area: str | None = Field(
        default=None,
        max_length=200,
        description="Området där förslagsställaren bor (ett av omgångens); utan det det område "
        "inloggningen anger. Visas aldrig, räknas bara per grupp.",
    )

    @field_validator("identity_number")
    @classmethod
    def valid_identity_number(cls, number: str, info: ValidationInfo) -> str:
        """Normalised, so the same person or organisation always gets the same pseudonym."""
        kind = info.data.get("proposer_kind")
        try:
            if kind in PERSON_KINDS:
                return parse_personnummer(number, utc_now().date())
            if kind is not None:
                return parse_organisationsnummer(number)
        except IdentityNumberError as exc:
            raise PydanticCustomError("identity_number", str(exc)) from exc
        return number  # the kind is wrong; its own error says so


class ProposalPublic(ProposalBase):
    """A proposal as anyone may see it: never the identity, the name only with consent."""

    _no_pot = _without_empty("pot")

    id: int
    round_id: str
    proposer_kind: ProposerKind
    proposer_name: str | None = Field(description="Förslagsställarens namn, om hen godkänt det")
    channel: Channel
    meeting_id: int | None = Field(default=None, description="Dialogmötet, om det kom in på ett")
    status: ProposalStatus
    created_at: datetime
    updated_at: datetime


class HidingRequest(IntakeModel, StrictRequest):
    reason: str = Field(
        min_length=3, max_length=2000, description="Varför förslaget döljs (sparas och visas)"
    )

    strip_text = field_validator("reason", mode="before")(strip_blanks)


class ProposalModerated(ProposalPublic):
    """What officials see when they review hidden proposals."""

    hidden_reason: str | None
    hidden_by: str | None
    hidden_at: datetime | None
