"""Activities: the workflow's calls to the four services over HTTP (docs/api.md).

One class per service (``intake``, ``assessment``, ``voting``, ``decision``) on a shared
client (``service_client``: idempotency keys, tokens, errors); the worker registers them as
one ``ServiceActivities``, the class the workflows name the activities by.
"""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from workflows.activities.answers import ServiceUnavailableError, check_answer
from workflows.activities.assessment import AssessmentActivities
from workflows.activities.decision import DecisionActivities
from workflows.activities.intake import IntakeActivities
from workflows.activities.voting import VotingActivities

__all__ = ["ServiceActivities", "ServiceUnavailableError", "check_answer"]

# The activity names the workflows call (the methods of the four classes); test doubles
# register the same.
ACTIVITY_NAMES = (
    "assessment_close_round",
    "assessment_open_round",
    "assessment_progress",
    "assessment_workload",
    "decision_record_ballot_approval",
    "decision_record_case",
    "decision_record_council_decision",
    "decision_record_evaluation",
    "decision_record_mandate",
    "decision_record_project",
    "decision_register_round",
    "decision_store_recommendation",
    "decision_verify_official",
    "intake_close_discussion",
    "intake_close_round",
    "intake_open_round",
    "intake_participation",
    "voting_close",
    "voting_define_ballot",
    "voting_open",
    "voting_participation",
    "voting_tally",
)


class ServiceActivities(
    IntakeActivities, AssessmentActivities, VotingActivities, DecisionActivities
):
    """Every service activity on one shared HTTP client; a fresh system token per call."""

    def all(self) -> Sequence[Callable[..., Awaitable[Any]]]:
        """The activities to register on a worker."""
        return [getattr(self, name) for name in ACTIVITY_NAMES]
