"""The mandate: the political decision that set the round up, as the workflow recorded it
(from the round's config, or from the council secretary's ``record_mandate`` update)."""

from datetime import date, datetime

from pydantic import AwareDatetime, model_validator
from sqlalchemy import JSON, BigInteger, String
from sqlmodel import Field, SQLModel

from services.common.dates import BoundedDate
from services.common.strict import StrictRequest
from services.common.types import MAX_SEK, UtcDateTime
from services.decision.models.base import DecisionModel, PersonName, Reference, round_key


class MandateDecisionBase(SQLModel):
    body: str = Field(min_length=1, max_length=100, description="Beslutande organ")
    diarienummer: Reference = Field(sa_type=String(50), description="Ärendets diarienummer")
    paragraph: Reference = Field(sa_type=String(50), description="Protokollsparagraf, t.ex. § 87")
    decided_on: date = Field(description="Sammanträdets datum")
    budget: int = Field(gt=0, le=MAX_SEK, sa_type=BigInteger, description="Beslutad budget")
    criteria: list[str] = Field(default=[], sa_type=JSON, description="Beslutade kriterier")


class MandateDecisionIn(MandateDecisionBase, StrictRequest):
    decided_on: BoundedDate = Field(description="Sammanträdets datum")

    @model_validator(mode="after")
    def _criteria_texts(self) -> "MandateDecisionIn":
        if len(self.criteria) > 50 or any(not 1 <= len(c.strip()) <= 500 for c in self.criteria):
            raise ValueError("högst 50 kriterier, vart och ett 1-500 tecken")
        return self


class Mandate(MandateDecisionBase, DecisionModel, table=True):
    __tablename__ = "mandate"

    round_id: str = round_key()
    recorded_by: str = Field(max_length=200)
    recorded_at: datetime = Field(sa_type=UtcDateTime)


class MandateCreate(SQLModel, StrictRequest):
    """What the workflow records (``MandateRecord`` in workflows/messages/mandate.py)."""

    decision: MandateDecisionIn
    recorded_by: PersonName
    recorded_at: AwareDatetime


class MandatePublic(MandateDecisionBase):
    round_id: str
    recorded_by: str
    recorded_at: datetime
