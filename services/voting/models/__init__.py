"""Voting data: ballot definitions, pseudonymous ballots and stored tally results.

The rules that matter for trust live in the database, not only in code: one ballot per voter
and round (unique constraint), known statuses, positive budgets and costs, unique projects on a
ballot. Ballots carry a voter key (an HMAC of identity and round), never the identity.

One module per subject (``base``, ``definition``, ``ballots``, ``tally``); the names are
re-exported here because most of the service and its tests import them from the package.
"""

from services.voting.models.ballots import (
    Ballot,
    BallotCast,
    BallotReceipt,
    ParticipationMarker,
    ReceiptData,
)
from services.voting.models.base import (
    AREA_LENGTH,
    KEY_LENGTH,
    MAX_BALLOT_LENGTH,
    POT_PATTERN,
    BallotStatus,
    BallotType,
    Channel,
    VotingModel,
)
from services.voting.models.definition import (
    BallotCloseResult,
    BallotDefinition,
    BallotDefinitionBase,
    BallotDefinitionCreate,
    BallotProject,
    BallotProjectEntry,
    BallotPublic,
    ClosingMove,
    Eligibility,
)
from services.voting.models.tally import ProjectOutcome, Tally, TallyResult, TallyResultBase

__all__ = [
    "AREA_LENGTH",
    "KEY_LENGTH",
    "MAX_BALLOT_LENGTH",
    "POT_PATTERN",
    "Ballot",
    "BallotCast",
    "BallotCloseResult",
    "BallotDefinition",
    "BallotDefinitionBase",
    "BallotDefinitionCreate",
    "BallotProject",
    "BallotProjectEntry",
    "BallotPublic",
    "BallotReceipt",
    "BallotStatus",
    "BallotType",
    "Channel",
    "ClosingMove",
    "Eligibility",
    "ParticipationMarker",
    "ProjectOutcome",
    "ReceiptData",
    "Tally",
    "TallyResult",
    "TallyResultBase",
    "VotingModel",
]
