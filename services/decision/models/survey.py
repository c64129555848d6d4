"""The short survey after voting and after implementation: questions the kommun sets (one
always asks about local business), answered once per person or company, anonymously.

An answer is stored under a pseudonym made for the survey alone (never the voting service's),
with the day it came but not the time, and nothing else about the person: it cannot be joined
to a ballot. Results are counts per answer, hidden where a group is too small to show.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import StringConstraints, model_validator
from sqlalchemy import JSON, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from services.common.strict import StrictRequest
from services.common.types import CODE_PATTERN, UtcDateTime, utc_now
from services.decision.models.base import DecisionModel, round_key

QuestionId = Annotated[str, StringConstraints(pattern=CODE_PATTERN)]
SurveyStage = Literal["after_voting", "after_implementation"]
QuestionKind = Literal["scale", "yes_no"]
Respondent = Literal["resident", "company"]
MAX_QUESTIONS = 10
LOCAL_BUSINESS_QUESTION = "lokalt-naringsliv"
LOCAL_BUSINESS_TEXT: dict[str, str] = {
    "after_voting": "Tror du att projekten kommer att stärka det lokala näringslivet?",
    "after_implementation": "Har projekten stärkt det lokala näringslivet?",
}
# What each kind of question accepts: a scale from 1 (inte alls) to 5 (i hög grad), or 0/1.
ANSWER_RANGE: dict[str, range] = {"scale": range(1, 6), "yes_no": range(2)}


class SurveyQuestion(SQLModel, StrictRequest):
    id: QuestionId = Field(description="Frågans id")
    text: str = Field(min_length=5, max_length=300, description="Frågan")
    kind: QuestionKind = Field(default="scale", description="scale: 1-5; yes_no: 0 = nej, 1 = ja")


class SurveyBase(DecisionModel):
    questions: list[dict[str, str]] = Field(sa_type=JSON)


class Survey(SurveyBase, table=True):
    __tablename__ = "survey"

    round_id: str = round_key()
    stage: str = Field(primary_key=True, max_length=30, sa_type=String(30))
    set_by: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class SurveySetup(SQLModel, StrictRequest):
    """The kommun's questions; the local-business question is added first when missing."""

    questions: list[SurveyQuestion] = Field(default=[], max_length=MAX_QUESTIONS - 1)

    @model_validator(mode="after")
    def _unique(self) -> "SurveySetup":
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("två frågor har samma id")
        return self


class SurveyPublic(SQLModel):
    round_id: str
    stage: SurveyStage
    questions: list[SurveyQuestion]


class SurveyResponse(DecisionModel, table=True):
    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("round_id", "stage", "pseudonym", name="uq_survey_response_person"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(max_length=64, foreign_key="decision_round.round_id", index=True)
    stage: str = Field(max_length=30)
    pseudonym: str = Field(max_length=64)
    respondent: str = Field(max_length=20)
    answers: dict[str, int] = Field(sa_type=JSON)
    answered_on: date


class SurveyAnswer(SQLModel, StrictRequest):
    answers: dict[str, int] = Field(
        min_length=1, max_length=MAX_QUESTIONS, description="Svar per fråga (id: värde)"
    )


class QuestionResult(SQLModel):
    """Counts per answer value and respondent kind; ``None`` where hidden (too few)."""

    id: str
    text: str
    kind: QuestionKind
    answered: int
    counts: dict[str, dict[str, int | None]]
    mean: float | None


class SurveyResults(SQLModel):
    round_id: str
    stage: SurveyStage
    respondents: int
    by_respondent: dict[str, int | None]
    min_cell: int
    questions: list[QuestionResult]
