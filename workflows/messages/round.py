"""A round's phases, its counts and when it entered each phase."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class RoundPhase(StrEnum):
    PREPARING = "PREPARING"
    INTAKE = "INTAKE"
    ASSESSMENT = "ASSESSMENT"
    BALLOT_APPROVAL = "BALLOT_APPROVAL"
    VOTING = "VOTING"
    TALLYING = "TALLYING"
    COUNCIL_DECISION = "COUNCIL_DECISION"
    IMPLEMENTATION = "IMPLEMENTATION"
    EVALUATION = "EVALUATION"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class RoundCounts(BaseModel):
    proposals: int = 0
    feasible: int = 0
    ballots: int = 0
    selected: int = 0
    projects_done: int = 0
    projects_cancelled: int = 0


class PhaseChange(BaseModel):
    phase: RoundPhase
    at: datetime
