"""The five service apps for the trust suite, on one database each, and tokens for any caller."""

import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from services.assessment.main import create_app as assessment_app
from services.assessment.settings import AssessmentSettings
from services.common.access_matrix import ANONYMOUS
from services.common.auth import Role, issue_token
from services.common.settings import ServiceSettings
from services.decision.main import create_app as decision_app
from services.decision.settings import DecisionSettings
from services.intake.main import create_app as intake_app
from services.intake.settings import IntakeSettings
from services.notify.main import create_app as notify_app
from services.notify.settings import NotifySettings
from services.voting.main import create_app as voting_app
from services.voting.settings import VotingSettings
from tests.conftest import KOMMUN
from tests.services.helpers import RecordingSignaler

SERVICES = ("intake", "assessment", "voting", "decision", "notify")
_FACTORIES: dict[str, tuple[Callable[[Any], FastAPI], type[ServiceSettings]]] = {
    "intake": (intake_app, IntakeSettings),
    "assessment": (assessment_app, AssessmentSettings),
    "voting": (voting_app, VotingSettings),
    "decision": (decision_app, DecisionSettings),
    "notify": (notify_app, NotifySettings),
}
# Values for path parameters that pass their patterns, so a refusal is about the caller.
PATH_VALUES = {
    "round_id": "trust-round",
    "proposal_id": "1",
    "project_id": "1",
    "notice_id": "1",
    "comment_id": "1",
    "meeting_id": "1",
    "receipt": "receipt-0000000001",
    "key": "jobb",
    "stage": "after_voting",
    "table": "spend",
    "pot": "centrum",
    "delivery_id": "1",
}


def service_app(service: str, database_url: str) -> FastAPI:
    """The service's app; signals are recorded, never sent to a Temporal server."""
    factory, settings = _FACTORIES[service]
    app = factory(settings(database_url=database_url))
    app.state.signaler = RecordingSignaler()
    return app


def routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path template) the app answers: its OpenAPI paths plus the routes kept
    out of the schema (``/metrics``); FastAPI's own docs pages are left out."""
    found = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    for route in app.routes:
        if isinstance(route, APIRoute) and not route.include_in_schema:
            found |= {(method, route.path) for method in route.methods or ()}
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], path)


def headers_for(caller: str, subject: str = "trust-caller", kommun: str = KOMMUN) -> dict[str, str]:
    """The Authorization header of ``caller`` (a role name) acting for ``kommun``, none for
    anonymous."""
    if caller == ANONYMOUS:
        return {}
    claims = {"kommun": kommun}
    token = issue_token(
        ServiceSettings(), subject, [Role(caller)], name="Test Testsson", claims=claims
    )
    return {"Authorization": f"Bearer {token}"}
