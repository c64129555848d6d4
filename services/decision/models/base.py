"""The decision service's own SQLModel registry and the column helpers its tables share."""

from typing import Annotated, Any

from pydantic import StringConstraints
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class DecisionModel(SQLModel, registry=registry()):
    """Base of the decision tables: its own metadata, so no other service's tables are created."""


def round_key() -> Any:
    """The round column every record hangs off (one record per round unless stated)."""
    return Field(primary_key=True, max_length=64, foreign_key="decision_round.round_id")


class SignalAccepted(SQLModel):
    """202: the request was checked and passed on to the round's (or project's) workflow."""

    signal: str
    workflow_id: str
