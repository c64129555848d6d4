"""Decision data: what the round workflow records about approvals, the council, projects and
the evaluation, and what staff enter directly (project indicators, the evaluator's report).

People's approvals reach the workflow as signals; the workflow then writes them here through
the ``PUT`` endpoints, so this service's records and the workflow history always agree. Names
are display names (``approved_by`` etc.), never identities. Importing the package imports
every table module, so ``DecisionModel.metadata`` knows all tables.
"""

from services.decision.models import (  # noqa: F401
    evaluation,
    evaluator,
    follow_up,
    local_business,
    mandate,
    project,
    round,
    running_cost,
    survey,
)
from services.decision.models.base import DecisionModel

__all__ = ["DecisionModel"]
