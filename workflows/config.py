"""The round's configuration: what a kommun decides before a round starts.

It is the round workflow's input, so it is validated twice: when the starter builds it (a
person gets the error at once) and when the worker decodes it (a round started from the
Temporal UI with bad JSON fails at once instead of retrying). Optional fields keep old inputs
valid when fields are added.
"""

from datetime import timedelta
from itertools import pairwise
from typing import Annotated, Self

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field, PositiveInt, model_validator

from services.common.dates import check_moment
from services.common.indicators import MAX_INDICATORS, IndicatorDefinition

# The ballot's settings live beside the pots that reuse them; re-exported as the config's own.
from workflows.ballot_config import DEFAULT_MAX_CHOICES as DEFAULT_MAX_CHOICES
from workflows.ballot_config import BallotConfig as BallotConfig
from workflows.ballot_config import BallotType as BallotType
from workflows.ballot_config import CountingRule as CountingRule
from workflows.ballot_config import EligibilityConfig as EligibilityConfig
from workflows.ballot_config import Sek, check_rule_options
from workflows.messages.mandate import MandateConfig, budget_problem
from workflows.pots import Pot, PotConfig, RoundDefaults, check_pots, resolved_pots
from workflows.proposal_rules import Criterion, IntakeConfig, check_unique

ROUND_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"
# Rechecking an overdue assessment more often than this would only fill the history.
MIN_ASSESSMENT_RECHECK = timedelta(hours=1)
# Reminders, grace periods and the evaluation are counted from the timeline's dates: bounded,
# so no date the workflow computes from them can overflow.
MAX_PERIOD = timedelta(days=5 * 366)


def _check_period(value: timedelta) -> timedelta:
    if value > MAX_PERIOD:
        raise ValueError(
            f"Perioden {value.days} dagar är längre än fem år ({MAX_PERIOD.days} dagar)."
        )
    return value


# A timeline's date: with a time zone, within the bounds every date of the system has.
Moment = Annotated[AwareDatetime, AfterValidator(check_moment)]
Period = Annotated[timedelta, AfterValidator(_check_period)]

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

    intake_opens_at: Moment | None = None
    intake_closes_at: Moment
    assessment_due_at: Moment
    voting_opens_at: Moment
    voting_closes_at: Moment
    council_decision_due_at: Moment
    implementation_due_at: Moment
    evaluation_at: Moment

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


class FollowUpConfig(BaseModel):
    """How implementation and evaluation are followed up. Where reminders go and where the
    decision is registered is the worker's setting, not the round's."""

    escalate_after: Period = Field(
        default=timedelta(days=14),
        gt=timedelta(0),
        description="Efter ett delmåls datum: så länge till innan förseningen eskaleras",
    )
    evaluation_period: Period = Field(
        default=timedelta(days=90),
        gt=timedelta(0),
        description="Så länge uppföljningen är öppen för slutsatser",
    )
    eligible_voters: int | None = Field(
        default=None, gt=0, description="Antal röstberättigade, för valdeltagandet"
    )
    measure_after: Period | None = Field(
        default=None,
        gt=timedelta(0),
        description="Så länge efter att ett projekt blev klart görs uppföljningsmätningen "
        "(t.ex. P365D); inte satt: ingen mätning efter uppföljningen",
    )
    indicators: list[IndicatorDefinition] = Field(
        default=[],
        max_length=MAX_INDICATORS,
        description="Indikatorer för lokalt näringsliv; tom lista: standardlistan",
    )

    @model_validator(mode="after")
    def _unique_indicators(self) -> Self:
        check_unique("follow_up.indicators", [indicator.key for indicator in self.indicators])
        return self


class ReminderSettings(BaseModel):
    """When a phase that waits for people reminds them and escalates (see workflows/reminders.py):
    ``before`` the deadline the responsible people are reminded (0 = not), at the deadline they
    are told it is overdue, and ``escalate_after`` it the round's owner is told."""

    before: Period = Field(default=timedelta(days=7), ge=timedelta(0))
    escalate_after: Period = Field(default=timedelta(days=2), ge=timedelta(0))


class RemindersConfig(BaseModel):
    """Reminder settings per waiting phase. Assessment keeps its own fields on the round
    (``assessment_reminder_before``, ``assessment_escalation_after``); implementation's
    escalation is ``follow_up.escalate_after``."""

    ballot_approval: ReminderSettings = ReminderSettings()
    council_decision: ReminderSettings = ReminderSettings(
        before=timedelta(days=14), escalate_after=timedelta(days=7)
    )
    implementation_before: Period = Field(
        default=timedelta(days=7),
        ge=timedelta(0),
        description="Så långt före ett delmåls datum påminns projektägaren (0 = ingen)",
    )
    evaluation: ReminderSettings = ReminderSettings(before=timedelta(days=14))
    follow_up_measurement: ReminderSettings = ReminderSettings(
        before=timedelta(days=30), escalate_after=timedelta(days=14)
    )


class RoundConfig(BaseModel):
    """One round of a kommun's medborgarbudget. Money is whole SEK."""

    id: str | None = Field(default=None, pattern=ROUND_ID_PATTERN)
    kommun: str = Field(min_length=1, max_length=100)
    title: str = Field(min_length=3, max_length=200)
    year: int | None = Field(default=None, ge=2000, le=2200)
    budget: Sek
    max_proposal_cost: Sek | None = None
    # What the amounts are in, as the pages show them (ISO 4217; a replayed foreign election
    # is in its own currency). The starter puts it in the workflow's memo for the web front.
    currency: str = Field(default="SEK", pattern=r"^[A-Z]{3}$")
    ballot: BallotConfig = BallotConfig()
    # The voting service's engine counts with this rule; the two options belong to one rule
    # each (pabulib's names) and are frozen with the ballot when voting opens.
    counting_rule: CountingRule = "greedy"
    min_project_score_threshold: int | None = Field(
        default=None,
        ge=0,
        description="greedy-threshold: så många röster (poäng) behöver ett förslag minst",
    )
    exclusive_pairs: list[tuple[PositiveInt, PositiveInt]] = Field(
        default=[],
        max_length=1000,
        description="greedy-exclusive: par av förslag (id) som inte båda kan genomföras",
    )
    timeline: Timeline
    assessment_recheck: Period = timedelta(days=1)
    assessment_reminder_before: Period = Field(
        default=timedelta(days=7),
        ge=timedelta(0),
        description="Så långt före sista dag påminns bedömarna som har förslag kvar (0 = ingen)",
    )
    assessment_escalation_after: Period = Field(
        default=timedelta(days=2),
        ge=timedelta(0),
        description="Så länge efter sista dag eskaleras en försenad bedömning till ägaren",
    )
    approvers: list[str] = []
    owner: str = Field(
        default="", max_length=200, description="Omgångens ägare, som får eskaleringarna"
    )
    criteria: list[Criterion] = Field(default=[], max_length=50)
    intake: IntakeConfig = IntakeConfig()
    follow_up: FollowUpConfig = FollowUpConfig()
    reminders: RemindersConfig = RemindersConfig()
    pots: list[PotConfig] = Field(
        default=[], max_length=100, description="Potter; inga = en pott för hela kommunen"
    )
    # The political decision behind the round, or `awaited` (PREPARING waits for it).
    mandate: MandateConfig | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.max_proposal_cost is not None and self.max_proposal_cost > self.budget:
            raise ValueError(
                f"Maxkostnaden per förslag ({self.max_proposal_cost} kr) får inte vara större "
                f"än budgeten ({self.budget} kr). "
                "max_proposal_cost must not exceed budget."
            )
        check_unique("criteria", [criterion.id for criterion in self.criteria])
        decided = self.mandate.decision if self.mandate else None
        if decided and (problem := budget_problem(decided, self.budget)):
            raise ValueError(problem)
        check_rule_options(
            self.counting_rule, self.min_project_score_threshold, self.exclusive_pairs
        )
        check_pots(self.pots, self.defaults, [area.id for area in self.intake.areas])
        if self.assessment_recheck < MIN_ASSESSMENT_RECHECK:
            raise ValueError(
                "Omkontrollen av en försenad bedömning måste ske högst en gång i timmen. "
                "assessment_recheck must be at least one hour."
            )
        return self

    @property
    def defaults(self) -> RoundDefaults:
        """What a pot that does not say otherwise takes from the round."""
        return RoundDefaults(
            budget=self.budget,
            max_proposal_cost=self.max_proposal_cost,
            ballot=self.ballot,
            counting_rule=self.counting_rule,
            min_project_score_threshold=self.min_project_score_threshold,
            exclusive_pairs=self.exclusive_pairs,
        )

    @property
    def all_pots(self) -> list[Pot]:
        """Every pot fully decided; a round without pots has one, for the whole kommun."""
        return resolved_pots(self.pots, self.defaults)

    @property
    def round_year(self) -> int:
        return self.year if self.year is not None else self.timeline.intake_closes_at.year

    @property
    def proposal_cost_limit(self) -> int:
        return self.max_proposal_cost if self.max_proposal_cost is not None else self.budget
