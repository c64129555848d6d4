"""The voting tables' base and the limits and kinds every voting model shares."""

from typing import Literal

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

BallotStatus = Literal["ready", "open", "closed"]
BallotType = Literal["approval", "knapsack", "cumulative", "ranked"]
Channel = Literal["online", "paper"]
# Longer than any real ballot (Warsaw had 1,500 projects): a bound, not a rule.
MAX_BALLOT_LENGTH = 5_000
AREA_LENGTH = 100
# A ballot's key: the round id, or for a pot's ballot "<round id>~<pot id>" (services.voting.pots).
KEY_LENGTH = 110
POT_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


class VotingModel(SQLModel, registry=registry()):
    """Base of the voting tables: its own metadata, so no other service's tables are created."""
