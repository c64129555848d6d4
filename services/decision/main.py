"""Builds the decision app (``uvicorn --factory services.decision.main:create_app``)."""

from fastapi import FastAPI

from services.common.app import create_service_app
from services.common.body_limit import RouteLimit
from services.common.signals import TemporalSignaler
from services.decision import personal_data
from services.decision.evaluator_log import EvaluatorReadLog
from services.decision.models import DecisionModel
from services.decision.routes import (
    ballot_approval,
    council_decision,
    evaluation,
    evaluator,
    follow_up,
    indicators,
    mandate,
    official_tokens,
    open_data,
    project_reports,
    projects,
    recommendation,
    report,
    rounds,
    spend,
    survey,
)
from services.decision.settings import DecisionSettings
from services.decision.suppliers import SupplierRegister


def create_app(settings: DecisionSettings | None = None) -> FastAPI:
    settings = settings or DecisionSettings()
    app = create_service_app(
        name="decision",
        title="Medborgarbudget – beslut",
        settings=settings,
        metadata=DecisionModel.metadata,
        routers=[
            rounds.router,
            ballot_approval.router,
            mandate.router,
            official_tokens.router,
            recommendation.router,
            council_decision.router,
            projects.router,
            project_reports.router,
            evaluation.router,
            indicators.router,
            follow_up.router,
            evaluator.router,
            spend.router,
            survey.router,
            report.router,
            open_data.router,
            personal_data.router,
        ],
        # The evaluator's report is a document: it has the limit of its own setting.
        body_limits=[
            RouteLimit(
                "PUT",
                "/rounds/{round_id}/evaluation/evaluator-report",
                settings.evaluator_report_max_bytes,
            )
        ],
    )
    app.add_middleware(EvaluatorReadLog)
    app.state.signaler = TemporalSignaler(settings)
    app.state.suppliers = SupplierRegister(
        settings.supplier_register_url, settings.supplier_register_timeout
    )
    return app
