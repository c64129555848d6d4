"""What the evaluation measures about local business per funded project: indicators with
their baselines (set at assessment, measured again at the follow-up) and the money paid out,
supplier by supplier, from which the share paid to companies in the kommun is computed."""

from datetime import date, datetime

from pydantic import field_validator
from sqlalchemy import BigInteger, CheckConstraint, ForeignKeyConstraint, Text
from sqlmodel import Field, SQLModel

from services.common.dates import BoundedDate
from services.common.identity_numbers import parse_organisationsnummer
from services.common.strict import StrictRequest
from services.common.types import MAX_SEK, UtcDateTime, utc_now
from services.decision.models.base import DecisionModel


def project_key() -> ForeignKeyConstraint:
    """Each table's own constraint object to the project it belongs to."""
    return ForeignKeyConstraint(
        ["round_id", "project_id"],
        ["implementation_project.round_id", "implementation_project.project_id"],
    )


# Large enough for any count, amount in kronor or share a kommun measures.
MAX_MEASURE = 1e12


# --- indicators with baselines ----------------------------------------------------------------
class IndicatorBase(DecisionModel):
    name: str = Field(min_length=3, max_length=200, description="Vad som mäts")
    unit: str = Field(min_length=1, max_length=30, description="Enhet")
    baseline_value: float = Field(ge=0, le=MAX_MEASURE, description="Utgångsvärde")
    baseline_date: date = Field(description="När utgångsvärdet mättes")
    target: float | None = Field(default=None, ge=0, le=MAX_MEASURE, description="Målvärde")
    source: str = Field(min_length=2, max_length=300, description="Källa till värdena")


class ProjectIndicator(IndicatorBase, table=True):
    """One indicator of one project; ``key`` is the round's (or the kommun's own) id."""

    __tablename__ = "project_indicator"
    __table_args__ = (project_key(),)

    round_id: str = Field(primary_key=True, max_length=64)
    project_id: int = Field(primary_key=True)
    key: str = Field(primary_key=True, max_length=64)
    own: bool = Field(default=False, description="Kommunens eget, inte ur omgångens lista")
    entered_by: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class IndicatorEntry(SQLModel, StrictRequest):
    """An indicator's baseline. ``name`` and ``unit`` come from the round's list when the key
    is on it; an indicator of the kommun's own needs both."""

    name: str | None = Field(default=None, min_length=3, max_length=200)
    unit: str | None = Field(default=None, min_length=1, max_length=30)
    baseline_value: float = Field(ge=0, le=MAX_MEASURE, description="Utgångsvärde (krävs)")
    baseline_date: BoundedDate = Field(description="När utgångsvärdet mättes (krävs)")
    target: float | None = Field(default=None, ge=0, le=MAX_MEASURE)
    source: str = Field(min_length=2, max_length=300, description="Källa (krävs)")


class IndicatorPublic(IndicatorBase):
    key: str
    own: bool
    entered_by: str
    updated_at: datetime


# --- spend --------------------------------------------------------------------------------------
class SpendBase(DecisionModel):
    paid_on: date = Field(description="Betalningsdag")
    amount: int = Field(gt=0, le=MAX_SEK, sa_type=BigInteger, description="Belopp, hela kronor")
    purpose: str = Field(min_length=3, max_length=500, sa_type=Text, description="Vad för")


class SpendRecord(SpendBase, table=True):
    """A payment from a project's money; the supplier's seat as the register told it."""

    __tablename__ = "project_spend"
    __table_args__ = (project_key(), CheckConstraint("amount > 0", name="ck_project_spend_amount"))

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(max_length=64, index=True)
    project_id: int
    organisationsnummer: str = Field(max_length=10)
    supplier_name: str = Field(default="", max_length=200)
    # None when the register does not know the supplier (or no register is configured).
    supplier_kommun: str | None = Field(default=None, max_length=100)
    entered_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class SpendEntry(SQLModel, StrictRequest):
    paid_on: BoundedDate = Field(description="Betalningsdag")
    amount: int = Field(gt=0, le=MAX_SEK, description="Belopp i hela kronor, större än noll")
    organisationsnummer: str = Field(min_length=10, max_length=13, description="NNNNNN-NNNN")
    purpose: str = Field(min_length=3, max_length=500, description="Vad pengarna gick till")

    @field_validator("organisationsnummer")
    @classmethod
    def _valid_number(cls, value: str) -> str:
        return parse_organisationsnummer(value)


class SpendPublic(SpendBase):
    id: int
    project_id: int
    organisationsnummer: str
    supplier_name: str
    supplier_kommun: str | None
    local: bool | None = Field(description="Leverantören har säte i kommunen (None: okänt)")
    created_at: datetime


class SpendShare(SQLModel):
    """The share of the money paid to companies registered in the kommun, computed."""

    total: int = 0
    local: int = 0
    non_local: int = 0
    unknown: int = 0
    payments: int = 0
    local_share: float | None = Field(
        default=None, description="Andel av allt utbetalt till företag med säte i kommunen, procent"
    )
