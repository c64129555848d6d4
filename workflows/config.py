"""The round's configuration: what a kommun decides before a round starts.

It is the round workflow's input, so it is validated twice: when the starter builds it (a
person gets the error at once) and when the worker decodes it (a round started from the
Temporal UI with bad JSON fails at once instead of retrying). Optional fields keep old inputs
valid when fields are added.
"""

from datetime import timedelta
from itertools import pairwise
from typing import Literal, Self

from pydantic import AwareDatetime, BaseModel, Field, model_validator

ROUND_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"
# Rechecking an overdue assessment more often than this would only fill the history.
MIN_ASSESSMENT_RECHECK = timedelta(hours=1)

MILESTONE_LABELS = {
    "intake_opens_at": "förslagsinsamlingen öppnar",
    "intake_closes_at": "förslagsinsamlingen stänger",
    "assessment_due_at": "bedömningen ska vara klar",
    "voting_opens_at": "röstningen öppnar",
    "voting_closes_at": "röstningen stänger",
    "council_decision_due_at": "fullmäktige ska ha beslutat",
    "implementation_due_at": "projekten ska vara genomförda",
    "evaluation_at": "uppföljningen börjar",
}


class Timeline(BaseModel):
    """The round's milestones, timezone-aware and strictly increasing in field order."""

    intake_opens_at: AwareDatetime | None = None
    intake_closes_at: AwareDatetime
    assessment_due_at: AwareDatetime
    voting_opens_at: AwareDatetime
    voting_closes_at: AwareDatetime
    council_decision_due_at: AwareDatetime
    implementation_due_at: AwareDatetime
    evaluation_at: AwareDatetime

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        milestones = [(name, when) for name, when in self if when is not None]
        for (earlier, earlier_at), (later, later_at) in pairwise(milestones):
            if later_at <= earlier_at:
                raise ValueError(
                    f"Tidslinjen är i fel ordning: {MILESTONE_LABELS[later]} ({later}) måste "
                    f"vara efter att {MILESTONE_LABELS[earlier]} ({earlier}). "
                    f"Timeline out of order: {later} must be after {earlier}."
                )
        return self


class BallotConfig(BaseModel):
    type: Literal["approval"] = "approval"
    max_choices: int = Field(default=5, ge=1)


class RoundConfig(BaseModel):
    """One round of a kommun's medborgarbudget. Money is whole SEK."""

    id: str | None = Field(default=None, pattern=ROUND_ID_PATTERN)
    kommun: str = Field(min_length=1, max_length=100)
    title: str = Field(min_length=3, max_length=200)
    year: int | None = Field(default=None, ge=2000, le=2200)
    budget: int = Field(gt=0)
    max_proposal_cost: int | None = Field(default=None, gt=0)
    ballot: BallotConfig = BallotConfig()
    counting_rule: Literal["greedy"] = "greedy"
    timeline: Timeline
    assessment_recheck: timedelta = timedelta(days=1)
    approvers: list[str] = []

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.max_proposal_cost is not None and self.max_proposal_cost > self.budget:
            raise ValueError(
                f"Maxkostnaden per förslag ({self.max_proposal_cost} kr) får inte vara större "
                f"än budgeten ({self.budget} kr). "
                "max_proposal_cost must not exceed budget."
            )
        if self.assessment_recheck < MIN_ASSESSMENT_RECHECK:
            raise ValueError(
                "Omkontrollen av en försenad bedömning måste ske högst en gång i timmen. "
                "assessment_recheck must be at least one hour."
            )
        return self

    @property
    def round_year(self) -> int:
        return self.year if self.year is not None else self.timeline.intake_closes_at.year

    @property
    def proposal_cost_limit(self) -> int:
        return self.max_proposal_cost if self.max_proposal_cost is not None else self.budget
