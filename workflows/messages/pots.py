"""A round's pots as each service activity needs them: what intake lets a proposal name,
the cap assessment checks, and each pot's ballot for voting (docs/pots.md)."""

from pydantic import BaseModel

from workflows.config import BallotConfig


class IntakePot(BaseModel):
    """A pot as intake needs it: what a proposal may name, and the pot's cap."""

    id: str
    name: str
    area: str | None = None
    max_proposal_cost: int
    budget: int | None = None


class AssessmentPot(BaseModel):
    """A pot's cap per proposal, which a feasible proposal of the pot stays within."""

    pot: str
    name: str
    area: str | None = None
    max_proposal_cost: int


class PotBallotSpec(BaseModel):
    """A pot's ballot as the round's config decides it; the activity puts each feasible
    project on its pot's ballot (intake knows which pot a proposal is for)."""

    id: str
    name: str
    area: str | None = None
    area_source: str = "register"
    budget: int
    ballot: BallotConfig
    rule: str
    min_project_score_threshold: int | None = None
    min_age: int | None = None
    exclusive_pairs: list[list[int]] = []
